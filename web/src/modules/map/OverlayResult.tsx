/**
 * The overlay report (叠加分析结果) of POST /api/map/overlay as tables: red line and plan
 * verdict, land use by class, protected land, mining rights, hazard sites and the parcels touched.
 * Clicking a parcel, mining right or farmland row highlights it on the map.
 */
import { Alert, Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Geometry } from './map-api.ts';

interface Area { areaM2: number; areaHa: number; areaMu: number }
type Piece = Area & { id: number; code: string | null };
export interface OverlayReport {
  engine: string;
  redline: Area;
  landUse: { classes: (Area & { dlbm: string; dlmc: string; groupName: string })[]; covered: Area };
  cropland: Area;
  basicFarmland: Area & { features: Piece[] };
  planZones: { zones: (Area & { zone: string })[]; uncovered: Area; verdict: string; reasons: string[] };
  ecoRedline: Area & { intersected: boolean; features: Piece[] };
  miningRights: { count: number; features: (Piece & { name: string | null; type: string; mineral: string })[] };
  hazardSites: { bufferM: number; count: number; features: { id: number; code: string | null; name: string | null; type: string; distanceM: number; geometry: Geometry }[] };
  parcels: Area & { count: number; truncated: boolean; features: (Piece & { address: string; dlbm: string; whole: boolean })[] };
}

const VERDICT_COLOR: Record<string, string> = { compliant: 'green', conditional: 'orange', non_compliant: 'red', unknown: 'default' };

/** Hazard-site points of a report (parcels are highlighted one by one on click). */
export function overlayGeometries(report: OverlayReport): Geometry[] {
  return (report.hazardSites?.features ?? []).map((f) => f.geometry).filter(Boolean);
}

export function OverlayResult({ report, onPick }: { report: OverlayReport; onPick: (layerCode: string, id: number) => void }) {
  const { t } = useTranslation();
  const ha = (a: Area) => a.areaHa.toFixed(4);
  const areaCols = [
    { title: t('map.overlay.fields.areaM2'), dataIndex: 'areaM2', key: 'm2', align: 'right' as const, render: (v: number) => v.toFixed(2) },
    { title: t('map.overlay.fields.areaHa'), dataIndex: 'areaHa', key: 'ha', align: 'right' as const, render: (v: number) => v.toFixed(4) },
    { title: t('map.overlay.fields.areaMu'), dataIndex: 'areaMu', key: 'mu', align: 'right' as const, render: (v: number) => v.toFixed(2) },
  ];
  const pick = (layerCode: string) => (r: { id: number }) => ({ onClick: () => onPick(layerCode, r.id), style: { cursor: 'pointer' } });
  const section = (title: string, count?: number) => (
    <Typography.Title level={2} style={{ marginTop: 16, fontSize: 16 }}>{title}{count !== undefined && <Typography.Text type="secondary"> ({count})</Typography.Text>}</Typography.Title>
  );
  const pz = report.planZones;
  return (
    <div data-testid="overlay-result">
      <Descriptions size="small" column={1} bordered items={[
        { key: 'red', label: t('map.overlay.redlineArea'), children: t('map.area.value', { m2: report.redline.areaM2.toFixed(2), ha: ha(report.redline), mu: report.redline.areaMu.toFixed(2) }) },
        { key: 'verdict', label: t('map.overlay.verdict'), children: <Tag color={VERDICT_COLOR[pz.verdict]}>{t(`map.overlay.verdicts.${pz.verdict}`, { defaultValue: pz.verdict })}</Tag> },
        { key: 'crop', label: t('map.overlay.cropland'), children: `${ha(report.cropland)} ${t('map.overlay.ha')}` },
        { key: 'bf', label: t('map.overlay.basicFarmland'), children: `${ha(report.basicFarmland)} ${t('map.overlay.ha')}` },
        { key: 'eco', label: t('map.overlay.ecoRedline'), children: `${ha(report.ecoRedline)} ${t('map.overlay.ha')}` },
      ]} />
      {pz.reasons.length > 0 && <Alert style={{ marginTop: 8 }} type={pz.verdict === 'compliant' ? 'success' : 'warning'} showIcon message={pz.reasons.join('；')} />}

      {section(t('map.overlay.landUse'), report.landUse.classes.length)}
      <Table size="small" scroll={{ x: 'max-content' }} pagination={false} rowKey="dlbm" dataSource={report.landUse.classes} data-testid="overlay-landuse"
        columns={[{ title: t('map.overlay.fields.dlbm'), dataIndex: 'dlbm', key: 'dlbm' }, { title: t('map.overlay.fields.dlmc'), dataIndex: 'dlmc', key: 'dlmc' }, ...areaCols]} />

      {section(t('map.overlay.planZones'), pz.zones.length)}
      <Table size="small" scroll={{ x: 'max-content' }} pagination={false} rowKey="zone" dataSource={pz.zones}
        columns={[{ title: t('map.overlay.fields.zone'), dataIndex: 'zone', key: 'zone' }, ...areaCols]} />

      {report.basicFarmland.features.length > 0 && (
        <>
          {section(t('map.overlay.basicFarmland'), report.basicFarmland.features.length)}
          <Table size="small" scroll={{ x: 'max-content' }} pagination={false} rowKey="id" dataSource={report.basicFarmland.features} onRow={pick('basic_farmland')}
            columns={[{ title: t('map.overlay.fields.code'), dataIndex: 'code', key: 'code' }, ...areaCols]} />
        </>
      )}

      {report.miningRights.features.length > 0 && (
        <>
          {section(t('map.overlay.miningRights'), report.miningRights.count)}
          <Table size="small" scroll={{ x: 'max-content' }} pagination={false} rowKey="id" dataSource={report.miningRights.features} onRow={pick('mining_rights')}
            columns={[
              { title: t('map.overlay.fields.code'), dataIndex: 'code', key: 'code' }, { title: t('map.overlay.fields.name'), dataIndex: 'name', key: 'name' },
              { title: t('map.overlay.fields.mineral'), dataIndex: 'mineral', key: 'mineral' }, ...areaCols,
            ]} />
        </>
      )}

      {report.hazardSites.features.length > 0 && (
        <>
          {section(t('map.overlay.hazardSites', { m: report.hazardSites.bufferM }), report.hazardSites.count)}
          <Table size="small" scroll={{ x: 'max-content' }} pagination={false} rowKey="id" dataSource={report.hazardSites.features} onRow={pick('hazard_sites')}
            columns={[
              { title: t('map.overlay.fields.code'), dataIndex: 'code', key: 'code' }, { title: t('map.overlay.fields.type'), dataIndex: 'type', key: 'type' },
              { title: t('map.overlay.fields.distanceM'), dataIndex: 'distanceM', key: 'd', align: 'right' as const },
            ]} />
        </>
      )}

      {section(t('map.overlay.parcels'), report.parcels.count)}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('map.overlay.parcelsTotal', { ha: ha(report.parcels), count: report.parcels.count })}
        {report.parcels.truncated && ` ${t('map.overlay.truncated', { n: report.parcels.features.length })}`}
      </Typography.Paragraph>
      <Table size="small" scroll={{ x: 'max-content' }} rowKey="id" dataSource={report.parcels.features} onRow={pick('parcels')} data-testid="overlay-parcels"
        pagination={report.parcels.features.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        columns={[
          { title: t('map.overlay.fields.code'), dataIndex: 'code', key: 'code' }, { title: t('map.overlay.fields.address'), dataIndex: 'address', key: 'address' },
          { title: t('map.overlay.fields.dlbm'), dataIndex: 'dlbm', key: 'dlbm' },
          { title: t('map.overlay.fields.whole'), dataIndex: 'whole', key: 'whole', render: (w: boolean) => (w ? t('map.overlay.whole') : t('map.overlay.part')) },
          ...areaCols,
        ]} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>{t('map.overlay.engine', { engine: report.engine })}</Typography.Paragraph>
    </div>
  );
}
