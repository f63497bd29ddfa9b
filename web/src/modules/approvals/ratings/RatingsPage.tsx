/**
 * 好差评 (workbench): ratings of the cases in scope with their distribution, and the
 * rectification tasks of bad ratings (差评整改) with their due dates — red when overdue — and
 * the two actions: record the call back (回访) and report the rectification done.
 */
import { useState } from 'react';
import { App, Card, Col, DatePicker, Form, Input, Modal, Progress, Rate, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography, Button } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showError } from '../../../app/errors.ts';
import { useSession } from '../../../app/session.tsx';
import { useLoad } from '../../../components/useLoad.ts';
import { ratingsApi, type Rectification, type RectificationStatus, type RatingItem } from './ratings-api.ts';

const LEVELS = [5, 4, 3, 2, 1] as const;
const LEVEL_COLOR: Record<number, string> = { 5: '#52c41a', 4: '#95de64', 3: '#faad14', 2: '#ff7a45', 1: '#f5222d' };
/** Tags take the preset colours: their text shades are set for contrast in the theme (App.tsx). */
const LEVEL_TAG: Record<number, string> = { 5: 'green', 4: 'lime', 3: 'gold', 2: 'orange', 1: 'red' };
const STATUS_COLOR: Record<RectificationStatus, string> = { open: 'orange', visited: 'blue', done: 'green' };

function RatingsTab() {
  const { t } = useTranslation();
  const [level, setLevel] = useState<number | undefined>(undefined);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');
  const data = useLoad(() => ratingsApi.ratings({ level, from, to }), [level, from, to]);
  const d = data.data;
  const max = Math.max(1, ...(d?.distribution.map((x) => x.count) ?? [1]));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Select<number> allowClear style={{ width: 160 }} aria-label={t('approvals.ratings.allLevels')} placeholder={t('approvals.ratings.allLevels')} value={level} onChange={setLevel} data-testid="ratings-level"
          options={LEVELS.map((l) => ({ value: l, label: t(`approvals.ratings.levels.${l}`) }))} />
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} placeholder={[t('approvals.ratings.dateRange'), t('approvals.ratings.dateRange')]} />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={4}><Statistic title={t('approvals.ratings.total')} value={d?.total ?? 0} /></Col>
        <Col xs={12} md={4}><Statistic title={t('approvals.ratings.bad')} value={d?.bad ?? 0} valueStyle={{ color: d?.bad ? '#cf1322' : undefined }} /></Col>
        <Col xs={24} md={4}><Statistic title={t('approvals.ratings.satisfaction')} value={d?.satisfaction ?? '—'} suffix={d?.satisfaction != null ? '%' : undefined} /></Col>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t('approvals.ratings.distribution')}</Typography.Text>
          {d?.distribution.map((x) => (
            <Row key={x.level} gutter={8} align="middle" data-testid={`ratings-dist-${x.level}`}>
              <Col flex="110px">{t(`approvals.ratings.levels.${x.level}`)}</Col>
              <Col flex="auto"><Progress aria-label={`${x.level}: ${x.count}`} percent={Math.round((x.count / max) * 100)} strokeColor={LEVEL_COLOR[x.level]} format={() => String(x.count)} size="small" /></Col>
            </Row>
          ))}
        </Col>
      </Row>
      <Table<RatingItem> rowKey="id" size="small" loading={data.loading} dataSource={d?.items ?? []} scroll={{ x: 1000 }}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('approvals.ratings.ratedAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: t('approvals.ratings.caseNo'), dataIndex: 'caseNo', width: 190 },
          { title: t('approvals.ratings.matter'), dataIndex: 'matterName' },
          { title: t('approvals.ratings.applicant'), dataIndex: 'applicantName', width: 120 },
          {
            title: t('approvals.ratings.level'), dataIndex: 'level', width: 200,
            render: (v: number, r) => (
              <Space size={4}>
                <Rate disabled count={5} value={v} style={{ fontSize: 13 }} />
                {r.followUp && <Tag color="purple">{t('approvals.ratings.followUp')}</Tag>}
              </Space>
            ),
          },
          { title: t('approvals.ratings.tags'), dataIndex: 'tags', render: (v: string[]) => v.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('approvals.ratings.comment'), dataIndex: 'comment', ellipsis: true },
          {
            title: t('approvals.ratings.rectification'), dataIndex: 'rectificationStatus', width: 110,
            render: (v: RectificationStatus | null) => v && <Tag color={STATUS_COLOR[v]}>{t(`approvals.ratings.statuses.${v}`)}</Tag>,
          },
        ]} />
    </Space>
  );
}

function DueTag({ date, red, status }: { date: string | null; red: boolean; status: RectificationStatus }) {
  const { t } = useTranslation();
  if (!date) return <Typography.Text type="secondary">{t('approvals.ratings.noDue')}</Typography.Text>;
  if (status === 'done') return <span>{date}</span>;
  const today = dayjs().format('YYYY-MM-DD');
  if (red) return <Tag color="red" data-testid="due-overdue">{date} · {t('approvals.ratings.overdue')}</Tag>;
  if (date === today) return <Tag color="gold">{date} · {t('approvals.ratings.dueToday')}</Tag>;
  return <Tag color="green">{date}</Tag>;
}

function ActionModal({ task, kind, onClose, onDone }: { task: Rectification; kind: 'visit' | 'complete'; onClose(): void; onDone(): void | Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const field = kind === 'visit' ? 'note' : 'result';
  const submit = async ({ text }: { text: string }) => {
    setBusy(true);
    try {
      if (kind === 'visit') await ratingsApi.visit(task.id, text.trim(), task.version);
      else await ratingsApi.complete(task.id, text.trim(), task.version);
      message.success(t('approvals.ratings.saved'));
      await onDone();
    } catch (e) {
      showError(t, e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open destroyOnHidden confirmLoading={busy} onCancel={onClose} onOk={() => form.submit()}
      title={t(kind === 'visit' ? 'approvals.ratings.visitTitle' : 'approvals.ratings.completeTitle', { caseNo: task.caseNo })}>
      <Typography.Paragraph type="secondary">{t(kind === 'visit' ? 'approvals.ratings.visitHint' : 'approvals.ratings.completeHint')}</Typography.Paragraph>
      <Typography.Paragraph>
        {t('approvals.ratings.applicant')}：{task.applicantName}　{t('approvals.ratings.phone')}：{task.applicantPhone}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="text" label={t(kind === 'visit' ? 'approvals.ratings.visitNote' : 'approvals.ratings.result')}
          rules={[{ required: true, whitespace: true, min: kind === 'visit' ? 2 : 4 }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount data-testid={`rectification-${field}`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RectificationsTab() {
  const { t } = useTranslation();
  const { can } = useSession();
  const manage = can('approvals.rectification.manage');
  const [status, setStatus] = useState<RectificationStatus | undefined>(undefined);
  const [action, setAction] = useState<{ task: Rectification; kind: 'visit' | 'complete' } | null>(null);
  const data = useLoad(() => ratingsApi.rectifications(status), [status]);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Select<RectificationStatus> allowClear style={{ width: 160 }} aria-label={t('approvals.ratings.allStatuses')} placeholder={t('approvals.ratings.allStatuses')} value={status} onChange={setStatus}
        options={(['open', 'visited', 'done'] as const).map((s) => ({ value: s, label: t(`approvals.ratings.statuses.${s}`) }))} />
      <Table<Rectification> rowKey="id" size="small" loading={data.loading} dataSource={data.data ?? []} scroll={{ x: 1200 }}
        rowClassName={(r) => (r.overdue ? 'rectification-overdue' : '')}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('approvals.ratings.caseNo'), dataIndex: 'caseNo', width: 190 },
          { title: t('approvals.ratings.matter'), dataIndex: 'matterName', width: 160 },
          {
            title: t('approvals.ratings.rating'), dataIndex: 'rating',
            render: (r: Rectification['rating']) => (
              <Space direction="vertical" size={0}>
                <span><Tag color={LEVEL_TAG[r.level]}>{t(`approvals.ratings.levels.${r.level}`)}</Tag>{r.tags.map((x) => <Tag key={x}>{x}</Tag>)}</span>
                {r.comment && <Typography.Text type="secondary">{r.comment}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('approvals.ratings.status'), dataIndex: 'status', width: 100, render: (v: RectificationStatus) => <Tag color={STATUS_COLOR[v]}>{t(`approvals.ratings.statuses.${v}`)}</Tag> },
          {
            title: t('approvals.ratings.visitDue'), dataIndex: 'visitDueDate', width: 170,
            render: (v: string | null, r) => <DueTag date={v} status={r.visitedAt ? 'done' : r.status} red={!r.visitedAt && !!v && v < dayjs().format('YYYY-MM-DD')} />,
          },
          { title: t('approvals.ratings.due'), dataIndex: 'dueDate', width: 170, render: (v: string | null, r) => <DueTag date={v} status={r.status} red={!!v && r.status !== 'done' && v < dayjs().format('YYYY-MM-DD')} /> },
          { title: t('approvals.ratings.visitNote'), dataIndex: 'visitNote', ellipsis: true },
          { title: t('approvals.ratings.result'), dataIndex: 'result', ellipsis: true },
          { title: t('approvals.ratings.followUpLevel'), dataIndex: 'followUpLevel', width: 110, render: (v: number | null) => v && <Tag color={LEVEL_COLOR[v]}>{t(`approvals.ratings.levels.${v}`)}</Tag> },
          ...(manage ? [{
            title: t('approvals.ratings.actions'), key: 'actions', width: 120, fixed: 'right' as const,
            render: (_: unknown, r: Rectification) => (
              <>
                {r.status === 'open' && <Button size="small" type="link" data-testid={`visit-${r.caseNo}`} onClick={() => setAction({ task: r, kind: 'visit' })}>{t('approvals.ratings.visit')}</Button>}
                {r.status === 'visited' && <Button size="small" type="link" data-testid={`complete-${r.caseNo}`} onClick={() => setAction({ task: r, kind: 'complete' })}>{t('approvals.ratings.complete')}</Button>}
              </>
            ),
          }] : []),
        ]} />
      {action && <ActionModal task={action.task} kind={action.kind} onClose={() => setAction(null)} onDone={async () => { setAction(null); await data.reload(); }} />}
      <style>{'.rectification-overdue > td { background: #fff1f0 !important; }'}</style>
    </Space>
  );
}

export default function RatingsPage() {
  const { t } = useTranslation();
  return (
    <Card title={t('approvals.ratings.title')}>
      <Tabs items={[
        { key: 'ratings', label: t('approvals.ratings.tabRatings'), children: <RatingsTab /> },
        { key: 'rectifications', label: t('approvals.ratings.tabRectifications'), children: <RectificationsTab /> },
      ]} />
    </Card>
  );
}
