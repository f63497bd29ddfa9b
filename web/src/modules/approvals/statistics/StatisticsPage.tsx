/**
 * 审批统计: received, accepted, completed, on-time and early rates, working days used and saved,
 * and the rating levels, per org unit, matter or month of a period; Excel download of the same.
 */
import { useState } from 'react';
import { Button, Card, DatePicker, Form, Segmented, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { currentLanguage } from '../../../app/language.ts';
import { useLoad } from '../../../components/useLoad.ts';

type GroupBy = 'org' | 'matter' | 'month';
type Level = '1' | '2' | '3' | '4' | '5';

export interface Figures {
  received: number; accepted: number; completed: number; completionRate: number | null;
  onTime: number; onTimeRate: number | null; early: number; earlyRate: number | null;
  avgWorkdays: number | null; savedDays: number; savedDaysPerCase: number | null;
  ratings: Record<Level, number>; ratingCount: number; badRatingRate: number | null;
}
export interface Row extends Figures { key: string; label: string }
export interface Statistics { groupBy: GroupBy; from: string; to: string; rows: Row[]; total: Figures }

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '—' : String(v));

export default function StatisticsPage() {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<GroupBy>('org');
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const query = { groupBy, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const [applied, setApplied] = useState(query);
  const stats = useLoad(() => api.get<Statistics>('/api/approvals/statistics', applied), [applied.groupBy, applied.from, applied.to]);
  const qs = new URLSearchParams({ ...applied, lang: currentLanguage() }).toString();
  const rows: Row[] = stats.data ? [...stats.data.rows, { key: '__total', label: t('approvals.statistics.total'), ...stats.data.total }] : [];
  const h = (k: string) => t(`approvals.statistics.columns.${k}`);

  return (
    <Card title={t('approvals.statistics.title')}
      extra={<Button icon={<DownloadOutlined />} href={`/api/approvals/statistics.xlsx?${qs}`} disabled={!stats.data} data-testid="statistics-xlsx">{t('approvals.statistics.download')}</Button>}>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={() => setApplied({ ...query })}>
        <Form.Item label={t('approvals.statistics.groupBy')}>
          <Segmented<GroupBy> value={groupBy} onChange={(v) => { setGroupBy(v); setApplied({ ...query, groupBy: v }); }} options={[
            { value: 'org', label: t('approvals.statistics.groups.org') },
            { value: 'matter', label: t('approvals.statistics.groups.matter') },
            { value: 'month', label: t('approvals.statistics.groups.month') },
          ]} data-testid="statistics-group" />
        </Form.Item>
        <Form.Item label={t('approvals.statistics.period')}>
          <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => { if (v?.[0] && v[1]) setRange([v[0], v[1]]); }} />
        </Form.Item>
        <Form.Item><Button type="primary" htmlType="submit" icon={<SearchOutlined />}>{t('approvals.statistics.query')}</Button></Form.Item>
      </Form>
      <Table<Row>
        rowKey="key" size="small" bordered loading={stats.loading} dataSource={rows} pagination={false} scroll={{ x: 1500 }}
        rowClassName={(r) => (r.key === '__total' ? 'ant-table-row-selected' : '')}
        columns={[
          { title: h(applied.groupBy), dataIndex: 'label', fixed: 'left', width: applied.groupBy === 'matter' ? 260 : 180,
            render: (v: string, r) => (r.key === '__total' ? <Typography.Text strong>{v}</Typography.Text> : v) },
          { title: h('received'), dataIndex: 'received', align: 'right' },
          { title: h('accepted'), dataIndex: 'accepted', align: 'right' },
          { title: h('completed'), dataIndex: 'completed', align: 'right' },
          { title: <Tooltip title={t('approvals.statistics.hints.completionRate')}>{h('completionRate')}</Tooltip>, dataIndex: 'completionRate', align: 'right', render: pct },
          { title: <Tooltip title={t('approvals.statistics.hints.onTime')}>{h('onTimeRate')}</Tooltip>, key: 'onTime', align: 'right', render: (_, r) => `${pct(r.onTimeRate)} (${r.onTime})` },
          { title: <Tooltip title={t('approvals.statistics.hints.early')}>{h('earlyRate')}</Tooltip>, key: 'early', align: 'right', render: (_, r) => `${pct(r.earlyRate)} (${r.early})` },
          { title: h('avgWorkdays'), dataIndex: 'avgWorkdays', align: 'right', render: num },
          { title: <Tooltip title={t('approvals.statistics.hints.saved')}>{h('savedDays')}</Tooltip>, dataIndex: 'savedDays', align: 'right' },
          { title: h('savedDaysPerCase'), dataIndex: 'savedDaysPerCase', align: 'right', render: num },
          { title: h('ratings'), children: (['5', '4', '3', '2', '1'] as const).map((lv) => ({
            title: t(`approvals.statistics.levels.l${lv}`), key: `r${lv}`, align: 'right' as const, render: (_: unknown, r: Row) => r.ratings[lv],
          })) },
          { title: h('badRatingRate'), dataIndex: 'badRatingRate', align: 'right', render: pct },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('approvals.statistics.note')}</Typography.Paragraph>
    </Card>
  );
}
