/** 监测与报警: datastreams with their latest value and a 48-hour chart, and the alarms to acknowledge. */
import { useState } from 'react';
import { App, Button, Card, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { DeviceRegisterModal } from './DeviceRegisterModal.tsx';
import { api } from '../../app/api.ts';
import { errorText } from '../../app/errors.ts';
import { useLoad } from '../../components/useLoad.ts';

interface Datastream {
  id: number; code: string; name: string; unitSymbol: string; lastResult: number | null; lastTime: string | null; deviceId: string; thingName: string;
  thresholds: { metric: string; blue: number | null; yellow: number | null; orange: number | null; red: number | null }[];
}
interface Alarm {
  id: number; siteName: string | null; siteNo: string | null; datastreamName: string; unitSymbol: string; metric: string; severity: number; status: string;
  lastValue: number; raisedAt: string; acknowledgedAt: string | null;
}
const SEVERITY_COLOUR: Record<number, string> = { 1: 'red', 2: 'orange', 3: 'gold', 4: 'blue' };

function Chart({ ds }: { ds: Datastream }) {
  const { t } = useTranslation();
  const obs = useLoad(() => api.get<{ phenomenonTime: string; result: number }[]>(`/api/hazards/datastreams/${ds.id}/observations`, { hours: 48 }), [ds.id]);
  const rows = obs.data ?? [];
  const W = 640;
  const H = 140;
  const max = Math.max(1, ...rows.map((r) => r.result));
  const bw = rows.length ? W / rows.length : W;
  return (
    <svg viewBox={`0 0 ${W} ${H + 20}`} width="100%" role="img" aria-label={t('hazards.monitoring.chartLabel', { name: ds.name, max, unit: ds.unitSymbol })}>
      {rows.map((r, i) => {
        const h = (r.result / max) * H;
        return <rect key={r.phenomenonTime} x={i * bw + 1} y={H - h} width={Math.max(1, bw - 2)} height={h} fill="#1677ff" />;
      })}
      <line x1={0} y1={H} x2={W} y2={H} stroke="#595959" />
      <text x={0} y={H + 16} fontSize={12} fill="#595959">{rows[0] ? dayjs(rows[0].phenomenonTime).format('MM-DD HH:mm') : ''}</text>
      <text x={W} y={H + 16} fontSize={12} fill="#595959" textAnchor="end">{rows.length ? dayjs(rows[rows.length - 1]!.phenomenonTime).format('MM-DD HH:mm') : ''}</text>
      <text x={4} y={14} fontSize={12} fill="#595959">{max} {ds.unitSymbol}</text>
    </svg>
  );
}

export default function MonitoringPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const streams = useLoad(() => api.get<Datastream[]>('/api/hazards/datastreams'), []);
  const alarms = useLoad(() => api.get<Alarm[]>('/api/hazards/alarms'), []);
  const [chartId, setChartId] = useState<number | null>(null);
  const [registering, setRegistering] = useState(false);
  const { can } = useSession();
  const chartDs = (streams.data ?? []).find((d) => d.id === (chartId ?? streams.data?.[0]?.id));
  const ack = async (id: number) => {
    try {
      await api.post(`/api/hazards/alarms/${id}/acknowledge`);
      message.success(t('hazards.monitoring.acknowledged'));
      await alarms.reload();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };
  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('hazards.monitoring.title')}</Typography.Title>
      {can('hazards.device.manage') && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setRegistering(true)}>{t('hazards.device.open')}</Button>
      )}
      <DeviceRegisterModal open={registering} onClose={() => setRegistering(false)} onSaved={() => void streams.reload()} />
      <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('hazards.monitoring.alarms')}</Typography.Title>} style={{ marginBottom: 16 }}>
        <Table<Alarm> rowKey="id" size="small" loading={alarms.loading} dataSource={alarms.data ?? []} scroll={{ x: 800 }} pagination={{ pageSize: 10 }} columns={[
          { title: t('hazards.monitoring.site'), dataIndex: 'siteName' },
          { title: t('hazards.monitoring.stream'), render: (_: unknown, a) => `${a.datastreamName} · ${t(`hazards.monitoring.metrics.${a.metric}`)}` },
          { title: t('hazards.monitoring.severity'), dataIndex: 'severity', render: (s: number) => <Tag color={SEVERITY_COLOUR[s]}>{t(`hazards.levels.${s}`)}</Tag> },
          { title: t('hazards.monitoring.value'), render: (_: unknown, a) => `${Math.round(a.lastValue * 10) / 10} ${a.unitSymbol}` },
          { title: t('hazards.monitoring.raisedAt'), dataIndex: 'raisedAt', render: (x: string) => dayjs(x).format('MM-DD HH:mm') },
          { title: t('hazards.sites.status'), dataIndex: 'status', render: (s: string) => t(`hazards.monitoring.${s}`) },
          { title: t('hazards.monitoring.ack'), render: (_: unknown, a) => (a.acknowledgedAt
            ? <Tag color="green">{t('hazards.monitoring.acked')}</Tag>
            : <Button size="small" type="primary" onClick={() => void ack(a.id)}>{t('hazards.monitoring.ack')}</Button>) },
        ]} />
      </Card>
      <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('hazards.monitoring.datastreams')}</Typography.Title>}>
        <Table<Datastream> rowKey="id" size="small" loading={streams.loading} dataSource={streams.data ?? []} pagination={false} scroll={{ x: 720 }}
          onRow={(d) => ({ onClick: () => setChartId(d.id) })} columns={[
            { title: t('hazards.monitoring.device'), render: (_: unknown, d) => `${d.thingName} (${d.deviceId})` },
            { title: t('hazards.monitoring.stream'), dataIndex: 'name' },
            { title: t('hazards.monitoring.last'), render: (_: unknown, d) => (d.lastResult === null ? '—' : `${d.lastResult} ${d.unitSymbol}`) },
            { title: t('hazards.monitoring.lastTime'), dataIndex: 'lastTime', render: (x: string | null) => (x ? dayjs(x).format('MM-DD HH:mm') : '—') },
            { title: t('hazards.monitoring.thresholds'), render: (_: unknown, d) => d.thresholds.map((x) => `${t(`hazards.monitoring.metrics.${x.metric}`)} ${[x.blue, x.yellow, x.orange, x.red].map((v) => v ?? '—').join('/')}`).join('；') },
          ]} />
        {chartDs && (
          <div style={{ marginTop: 16 }}>
            <Typography.Text strong>{chartDs.name} · {t('hazards.monitoring.chart')}</Typography.Text>
            <Chart ds={chartDs} />
          </div>
        )}
      </Card>
    </div>
  );
}
