/**
 * 线索分析: weekly or monthly counts by area, type or channel (table with inline bars), the heat
 * map, areas whose count rose unusually against their own history (苗头性问题), repeated places,
 * and the Excel export of all of it.
 */
import { useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Radio, Row, Space, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../../components/useLoad.ts';
import { HeatGrid } from '../components/HeatGrid.tsx';
import { tipoffsApi, type TrendsResponse } from '../tipoffs-api.ts';

type Series = TrendsResponse['series'][number];

/** A small SVG bar chart of one series, scaled to the largest count of the table. */
function Bars({ counts, max, periods }: { counts: number[]; max: number; periods: string[] }) {
  const w = 8, gap = 2, h = 28;
  return (
    <svg width={counts.length * (w + gap)} height={h} role="img" aria-label={counts.map((c, i) => `${periods[i]}: ${c}`).join(", ")}>
      {counts.map((c, i) => {
        const bh = max ? Math.max(c ? 2 : 0, Math.round((c / max) * h)) : 0;
        return <rect key={i} x={i * (w + gap)} y={h - bh} width={w} height={bh} fill="#1d5fc9"><title>{`${periods[i]}: ${c}`}</title></rect>;
      })}
    </svg>
  );
}

export default function TrendsPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<'week' | 'month'>('month');
  const [by, setBy] = useState<'area' | 'type' | 'channel'>('area');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');
  const trends = useLoad(() => tipoffsApi.trends({ period, by, from, to }), [period, by, from, to]);
  const heat = useLoad(() => tipoffsApi.heatmap({ from, to, cell: 0.02 }), [from, to]);
  const rising = useLoad(() => tipoffsApi.rising(), []);
  const hotspots = useLoad(() => tipoffsApi.hotspots(20), []);

  const data = trends.data;
  const max = Math.max(0, ...(data?.series ?? []).flatMap((s) => s.counts));
  const label = (s: Series) => (by === 'type' ? t(`tipoffs.types.${s.key}`, { defaultValue: s.name }) : by === 'channel' ? t(`tipoffs.channels.${s.key}`, { defaultValue: s.name }) : s.name);
  const exportUrl = `/api/tipoffs/trends/export.xlsx?${new URLSearchParams({ period, by, ...(from ? { from } : {}), ...(to ? { to } : {}) })}`;
  const periodLabel = (p: string) => (period === 'month' ? dayjs(p).format('YYYY-MM') : dayjs(p).format('MM-DD'));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('tipoffs.trends.title')} extra={<Button icon={<DownloadOutlined />} href={exportUrl}>{t('tipoffs.trends.export')}</Button>}>
        <Space wrap style={{ marginBottom: 16 }}>
          <span>{t('tipoffs.trends.period')}</span>
          <Radio.Group optionType="button" value={period} onChange={(e) => setPeriod(e.target.value as 'week' | 'month')}
            options={[{ value: 'week', label: t('tipoffs.trends.week') }, { value: 'month', label: t('tipoffs.trends.month') }]} />
          <span>{t('tipoffs.trends.by')}</span>
          <Radio.Group optionType="button" value={by} onChange={(e) => setBy(e.target.value as 'area' | 'type' | 'channel')}
            options={[{ value: 'area', label: t('tipoffs.trends.byArea') }, { value: 'type', label: t('tipoffs.trends.byType') }, { value: 'channel', label: t('tipoffs.trends.byChannel') }]} />
          <span>{t('tipoffs.trends.range')}</span>
          <DatePicker.RangePicker value={range} onChange={(r) => setRange(r)} />
        </Space>
        <Table<Series>
          rowKey="key" size="small" loading={trends.loading} pagination={false} scroll={{ x: 'max-content' }}
          dataSource={data?.series ?? []}
          locale={{ emptyText: <Empty description={t('tipoffs.trends.none')} /> }}
          columns={[
            { title: t('tipoffs.trends.series'), key: 'name', fixed: 'left', render: (_, s) => label(s) },
            { title: '', key: 'bars', render: (_, s) => <Bars counts={s.counts} max={max} periods={data?.periods ?? []} /> },
            ...(data?.periods ?? []).map((p, i) => ({ title: periodLabel(p), key: p, align: 'right' as const, render: (_: unknown, s: Series) => s.counts[i] ?? 0 })),
            { title: t('tipoffs.trends.total'), dataIndex: 'total', align: 'right' as const, fixed: 'right' as const },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card title={t('tipoffs.trends.heatmap')} extra={<Typography.Text type="secondary">{t('tipoffs.trends.heatmapHint')}</Typography.Text>}>
            <HeatGrid cells={heat.data?.cells ?? []} cell={heat.data?.cell ?? 0.02} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('tipoffs.trends.rising')}
            extra={rising.data && <Tooltip title={rising.data.method}><Typography.Text type="secondary">{t('tipoffs.trends.risingMethod')}</Typography.Text></Tooltip>}>
            <Table rowKey="divisionCode" size="small" pagination={false} loading={rising.loading} dataSource={rising.data?.items ?? []}
              locale={{ emptyText: <Empty description={t('tipoffs.trends.none')} /> }}
              columns={[
                { title: t('tipoffs.ledger.area'), dataIndex: 'divisionName' },
                { title: t('tipoffs.trends.recent'), dataIndex: 'recent', align: 'right', render: (v: number) => v.toFixed(1) },
                { title: t('tipoffs.trends.mean'), dataIndex: 'mean', align: 'right', render: (v: number) => v.toFixed(1) },
                { title: t('tipoffs.trends.threshold'), dataIndex: 'threshold', align: 'right', render: (v: number) => v.toFixed(1) },
                { title: t('tipoffs.trends.ratio'), dataIndex: 'ratio', align: 'right', render: (v: number | null) => (v === null ? '—' : `×${v.toFixed(1)}`) },
              ]} />
          </Card>
          <Card title={t('tipoffs.trends.hotspots')} style={{ marginTop: 16 }}>
            <Table rowKey={(h) => `${h.lon},${h.lat}`} size="small" pagination={false} loading={hotspots.loading} dataSource={hotspots.data?.items ?? []}
              locale={{ emptyText: <Empty description={t('tipoffs.trends.none')} /> }}
              columns={[
                { title: t('tipoffs.trends.address'), dataIndex: 'address' },
                { title: t('tipoffs.trends.count'), dataIndex: 'count', align: 'right' },
                { title: t('tipoffs.trends.openCount'), dataIndex: 'openCount', align: 'right' },
                { title: t('tipoffs.trends.lastAt'), dataIndex: 'lastAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
              ]} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
