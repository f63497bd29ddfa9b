/** Attributes and change history (要素属性与变更历史) of the feature clicked on the map. */
import { Descriptions, Empty, Spin, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { mapApi, type MapFeature, type MapLayer } from './map-api.ts';

function value(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function IdentifyPanel({ layer, id, withHistory }: { layer: MapLayer; id: number; withHistory: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  const feature = useLoad<MapFeature>(() => mapApi.feature(layer.code, id), [layer.code, id]);
  const history = useLoad(() => (withHistory ? mapApi.history(layer.code, id) : Promise.resolve([])), [layer.code, id, withHistory]);
  if (feature.loading && !feature.data) return <Spin />;
  const f = feature.data;
  if (!f) return <Empty description={t('map.identify.notFound')} />;
  const known = new Set(layer.attributeSchema.map((a) => a.key));
  const rows = [
    ...(f.code ? [{ key: '__code', label: t('map.identify.code'), value: f.code }] : []),
    ...(f.name ? [{ key: '__name', label: t('map.identify.name'), value: f.name }] : []),
    ...layer.attributeSchema.map((a) => ({
      key: a.key, label: en ? a.labelEn : a.label,
      value: value(f.properties[a.key]) + (a.unit && f.properties[a.key] != null ? ` ${a.unit}` : ''),
    })),
    ...Object.entries(f.properties).filter(([k]) => !known.has(k)).map(([k, v]) => ({ key: k, label: k, value: value(v) })),
    ...(typeof f.areaM2 === 'number'
      ? [{ key: '__area', label: t('map.identify.area'), value: t('map.area.value', { m2: f.areaM2.toFixed(2), ha: (f.areaM2 / 10000).toFixed(4), mu: (f.areaM2 / (10000 / 15)).toFixed(2) }) }]
      : []),
  ];
  return (
    <div data-testid="identify-panel">
      <Typography.Title level={2} style={{ marginTop: 0, fontSize: 16 }}>
        {en ? layer.nameEn : layer.name} <Typography.Text type="secondary">#{f.id}</Typography.Text>
      </Typography.Title>
      <Descriptions size="small" column={1} bordered items={rows.map((r) => ({ key: r.key, label: r.label, children: r.value }))} />
      {withHistory && (
        <>
          <Typography.Title level={2} style={{ fontSize: 16 }}>{t('map.identify.history')}</Typography.Title>
          <Table
            size="small" rowKey="version" pagination={false} loading={history.loading}
            dataSource={history.data ?? []}
            columns={[
              { title: t('map.identify.version'), dataIndex: 'version', width: 60 },
              { title: t('map.identify.change'), dataIndex: 'change', render: (c: string) => <Tag>{t(`map.identify.changes.${c}`, { defaultValue: c })}</Tag> },
              { title: t('map.identify.changedAt'), dataIndex: 'changedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
              { title: t('map.identify.changedBy'), key: 'by', render: (_: unknown, r: { changedByName?: string | null; changedBy?: unknown }) => value(r.changedByName ?? r.changedBy) },
            ]}
          />
        </>
      )}
    </div>
  );
}
