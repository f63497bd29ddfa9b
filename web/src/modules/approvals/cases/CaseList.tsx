/**
 * The case lists of the workbench (window queue, review inbox, decisions, all cases) share this
 * frame: a table of case summaries, and the case page in place when `?no=<case number>` is set.
 */
import type { ReactNode } from 'react';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Loaded } from '../../../components/useLoad.ts';
import { STATUS_COLOR, statusName } from '../journey/labels.ts';
import { CaseDetail } from './CaseDetail.tsx';

export interface CaseSummary {
  caseNo: string; matterCode: string; matterName: string; status: string; decision: string | null;
  applicantName: string; channel: string; submittedAt: string; receivedOn: string;
  acceptedOn: string | null; dueDate: string | null; dueDateProvisional?: boolean; warnLevel: string; version: number; waitingMinutes: number | null;
}

export const LIGHT_COLOR: Record<string, string> = { green: 'green', yellow: 'gold', red: 'red' };

export function waitingText(t: (k: string, o?: Record<string, unknown>) => string, minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 60) return t('approvals.cases.list.minutes', { count: Math.round(minutes) });
  const h = Math.floor(minutes / 60);
  return h < 48 ? t('approvals.cases.list.hours', { h, m: Math.round(minutes % 60) }) : t('approvals.cases.list.days', { count: Math.floor(h / 24) });
}

export function CaseList({ title, intro, data, extraColumns = [], toolbar, testId }: {
  title: string;
  intro?: string;
  data: Loaded<CaseSummary[]>;
  extraColumns?: TableColumnsType<CaseSummary>;
  toolbar?: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const no = params.get('no');
  if (no) {
    return <CaseDetail caseNo={no} onBack={() => { setParams({}); void data.reload(); }} />;
  }
  return (
    <Card title={title} extra={<Space>{toolbar}<Button onClick={() => void data.reload()}>{t('common.refresh')}</Button></Space>}>
      {intro && <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>}
      <Table<CaseSummary> rowKey="caseNo" size="small" loading={data.loading} dataSource={data.data ?? []} scroll={{ x: 1150 }} data-testid={testId}
        pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('approvals.cases.list.caseNo'), dataIndex: 'caseNo', width: 190,
            // A real link (href, reachable by Tab, opens with Enter) to the case page in place.
            render: (v: string) => <Link to={{ search: `?no=${encodeURIComponent(v)}` }} data-testid={`open-${v}`}>{v}</Link> },
          { title: t('approvals.cases.list.matter'), dataIndex: 'matterName', width: 180 },
          { title: t('approvals.cases.list.applicant'), dataIndex: 'applicantName', width: 140 },
          { title: t('approvals.cases.list.channel'), dataIndex: 'channel', width: 90, render: (v: string) => t(`approvals.cases.channels.${v}`, { defaultValue: v }) },
          { title: t('approvals.cases.list.status'), dataIndex: 'status', width: 130, render: (v: string) => <Tag color={STATUS_COLOR[v]}>{statusName(t, v)}</Tag> },
          ...extraColumns,
          { title: t('approvals.cases.list.submittedAt'), dataIndex: 'submittedAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: t('approvals.cases.list.dueDate'), dataIndex: 'dueDate', width: 130,
            render: (v: string | null, r) => v ? <Tag color={LIGHT_COLOR[r.warnLevel] ?? 'default'} title={r.dueDateProvisional ? t('common.provisionalHint') : undefined}>{v}{r.dueDateProvisional ? t('common.provisional') : ''}</Tag> : '—' },
        ]} />
    </Card>
  );
}
