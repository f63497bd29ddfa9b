/**
 * 报送情况: completeness and timeliness per area (应报, 已报, 按时, 审核通过) with an ECharts bar
 * chart, the overdue list — the level directly above may reopen a unit's window with a reason —
 * and the Excel export.
 */
import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Input, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { useSession } from '../../app/session.tsx';
import { showError } from '../../app/errors.ts';
import { Selectors, type Pick } from './Selectors.tsx';
import { statisticsApi, type Completeness } from './statistics-api.ts';

const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '—');

function Chart({ data }: { data: Completeness }) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    void import('./echarts.ts').then(({ echarts }) => {
      if (disposed || !el.current) return;
      const c = echarts.init(el.current, undefined, { renderer: 'svg' });
      chart = c;
      c.setOption({
        animation: false,
        aria: { enabled: true },
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 40, containLabel: true },
        xAxis: { type: 'category', data: data.groups.map((g) => g.name) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('statistics.completeness.expected'), type: 'bar', data: data.groups.map((g) => g.expected), itemStyle: { color: '#bfbfbf' } },
          { name: t('statistics.completeness.submitted'), type: 'bar', data: data.groups.map((g) => g.submitted), itemStyle: { color: '#1d5fc9' } },
          { name: t('statistics.completeness.onTime'), type: 'bar', data: data.groups.map((g) => g.onTime), itemStyle: { color: '#389e0d' } },
          { name: t('statistics.completeness.accepted'), type: 'bar', data: data.groups.map((g) => g.accepted), itemStyle: { color: '#722ed1' } },
        ],
      });
      window.addEventListener('resize', onResize);
    });
    return () => { disposed = true; window.removeEventListener('resize', onResize); chart?.dispose(); };
  }, [data, t]);
  // ECharts' aria component replaces the label with a description of the data it draws.
  return <div data-testid="completeness-chart"><div ref={el} role="img" aria-label={t('statistics.completeness.chart')} style={{ width: '100%', height: 300 }} /></div>;
}

export default function CompletenessPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [pick, setPick] = useState<Pick>({ form: '', period: '', by: 'county' });
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const c = useLoad(() => (pick.form && pick.period ? statisticsApi.completeness(pick) : Promise.resolve(undefined)), [pick.form, pick.period, pick.by]);
  const canReview = session.can('statistics.report.review');
  const scope = session.me.posts.find((p) => p.id === session.me.activePostId)?.scopePath ?? '';
  async function reopen(orgPath: string) {
    try {
      const r = await statisticsApi.reopen({ form: pick.form, period: pick.period, orgPath, reason: reasons[orgPath] ?? '', days: 3 });
      message.success(t('statistics.completeness.reopened', { date: r.reopenedUntil }));
    } catch (e) { showError(t, e, message); }
  }
  const d = c.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('statistics.completeness.title')} extra={d ? <Button icon={<DownloadOutlined />} href={statisticsApi.completenessXlsx(pick)}>{t('statistics.completeness.export')}</Button> : null}>
        <Selectors value={pick} onChange={setPick} />
      </Card>
      {d ? (
        <>
          <Card title={t('statistics.completeness.summary', { due: d.dueOn, rate: pct(d.total.submitted, d.total.expected), timely: pct(d.total.onTime, d.total.expected) })}>
            <Chart data={d} />
            <Table size="small" rowKey="path" pagination={false} dataSource={d.groups} summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('statistics.completeness.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1}>{d.total.expected}</Table.Summary.Cell>
                <Table.Summary.Cell index={2}>{d.total.submitted}</Table.Summary.Cell>
                <Table.Summary.Cell index={3}>{pct(d.total.submitted, d.total.expected)}</Table.Summary.Cell>
                <Table.Summary.Cell index={4}>{d.total.onTime}</Table.Summary.Cell>
                <Table.Summary.Cell index={5}>{pct(d.total.onTime, d.total.expected)}</Table.Summary.Cell>
                <Table.Summary.Cell index={6}>{d.total.accepted}</Table.Summary.Cell>
              </Table.Summary.Row>
            )} columns={[
              { title: t('statistics.rollup.area'), dataIndex: 'name' },
              { title: t('statistics.completeness.expected'), dataIndex: 'expected' },
              { title: t('statistics.completeness.submitted'), dataIndex: 'submitted' },
              { title: t('statistics.completeness.rate'), key: 'rate', render: (_: unknown, g) => pct(g.submitted, g.expected) },
              { title: t('statistics.completeness.onTime'), dataIndex: 'onTime' },
              { title: t('statistics.completeness.timeliness'), key: 'timely', render: (_: unknown, g) => pct(g.onTime, g.expected) },
              { title: t('statistics.completeness.accepted'), dataIndex: 'accepted' },
            ]} />
          </Card>
          <Card title={t('statistics.completeness.overdue', { count: d.overdue.length })}>
            <Table size="small" rowKey="orgPath" pagination={false} dataSource={d.overdue} columns={[
              { title: t('statistics.completeness.division'), dataIndex: 'divisionCode' },
              { title: t('statistics.unit'), dataIndex: 'unitName' },
              ...(canReview ? [{
                title: t('statistics.completeness.reopen'), key: 'reopen',
                render: (_: unknown, u: Completeness['overdue'][number]) => (u.orgPath.split('.').slice(0, -1).join('.') === scope ? (
                  <Space>
                    <Input aria-label={t('statistics.completeness.reason')} placeholder={t('statistics.completeness.reason')} value={reasons[u.orgPath] ?? ''} onChange={(e) => setReasons({ ...reasons, [u.orgPath]: e.target.value })} />
                    <Button onClick={() => void reopen(u.orgPath)}>{t('statistics.completeness.reopen')}</Button>
                  </Space>
                ) : null),
              }] : []),
            ]} />
          </Card>
        </>
      ) : null}
    </Space>
  );
}
