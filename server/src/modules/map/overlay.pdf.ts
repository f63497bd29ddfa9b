/**
 * The overlay report as a document body for platform.documents (kind `overlay_report`):
 * summary fields, one table per section and a map sketch of the red line over the features it
 * meets (x = longitude × cos(latitude), y = latitude, so shapes keep their proportions).
 */
import type { DocumentBody, FigureShape } from '../../platform/documents/documents.render.ts';
import type { Geometry } from '../../platform/geo/index.ts';
import type { DrawnFeature, OverlayReport, Verdict } from './overlay.service.ts';

export const VERDICT_LABEL: Record<Verdict, string> = {
  compliant: '符合规划', conditional: '有条件符合（需落实规划条件）', non_compliant: '不符合规划', unknown: '无法判定（超出规划数据范围）',
};

const PAINT: Record<string, { fill?: string; stroke: string; label: string }> = {
  plan_zones: { stroke: '#999999', label: '规划分区' },
  parcels: { stroke: '#d9822b', label: '宗地' },
  basic_farmland: { fill: '#ffd700', stroke: '#b8860b', label: '永久基本农田' },
  eco_redline: { fill: '#dc143c', stroke: '#dc143c', label: '生态保护红线' },
  mining_rights: { fill: '#8b4513', stroke: '#8b4513', label: '矿业权' },
  hazard_sites: { fill: '#ff4500', stroke: '#8b0000', label: '地质灾害隐患点' },
};

const n2 = (v: number) => v.toFixed(2);
const n4 = (v: number) => v.toFixed(4);

function rings(g: Geometry, k: number): number[][][] {
  const scale = (p: number[]) => [p[0]! * k, p[1]!];
  switch (g.type) {
    case 'Polygon': return g.coordinates.map((r) => r.map(scale));
    case 'MultiPolygon': return g.coordinates.flat().map((r) => r.map(scale));
    case 'Point': return [[scale(g.coordinates)]];
    case 'MultiPoint': return [g.coordinates.map(scale)];
    case 'LineString': return [g.coordinates.map(scale)];
    case 'MultiLineString': return g.coordinates.map((r) => r.map(scale));
  }
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Numbers the sections that are printed (tables without rows are left out by the renderer). */
function numbered(b: DocumentBody): DocumentBody {
  let i = 0;
  const n = (caption: string | undefined) => `${NUMERALS[i++] ?? String(i)}、${caption ?? ''}`;
  const table = b.table && b.table.rows.length ? { ...b.table, caption: n(b.table.caption) } : b.table;
  const tables = b.tables?.map((t) => (t.rows.length ? { ...t, caption: n(t.caption) } : t));
  const figure = b.figure ? { ...b.figure, caption: n(b.figure.caption) } : undefined;
  return { ...b, ...(table ? { table } : {}), ...(tables ? { tables } : {}), ...(figure ? { figure } : {}) };
}

export function overlayDocumentBody(r: OverlayReport, drawing: DrawnFeature[], subject: string): DocumentBody {
  return numbered(overlayBody(r, drawing, subject));
}

function overlayBody(r: OverlayReport, drawing: DrawnFeature[], subject: string): DocumentBody {
  const k = Math.cos((((r.redline.bbox[1] + r.redline.bbox[3]) / 2) * Math.PI) / 180);
  const shapes: FigureShape[] = [];
  for (const layer of ['plan_zones', 'parcels', 'basic_farmland', 'eco_redline', 'mining_rights']) {
    const p = PAINT[layer]!;
    const rs = drawing.filter((d) => d.layer === layer).flatMap((d) => rings(d.geometry, k));
    if (rs.length) shapes.push({ rings: rs, ...(p.fill ? { fill: p.fill } : {}), stroke: p.stroke, lineWidth: 0.4 });
  }
  shapes.push({ rings: rings(r.redline.geometry, k), stroke: '#ff0000', lineWidth: 2 });
  const hz = drawing.filter((d) => d.layer === 'hazard_sites').flatMap((d) => rings(d.geometry, k));
  if (hz.length) shapes.push({ rings: hz, point: true, fill: PAINT.hazard_sites!.fill!, stroke: PAINT.hazard_sites!.stroke });
  const present = new Set(drawing.map((d) => d.layer));
  const legend = [{ label: '用地红线', stroke: '#ff0000' }, ...Object.entries(PAINT).filter(([l]) => present.has(l)).map(([, p]) => ({ label: p.label, ...(p.fill ? { fill: p.fill } : {}), stroke: p.stroke }))];

  const area = (a: { areaM2: number; areaHa: number; areaMu: number }) => [n2(a.areaM2), n4(a.areaHa), n2(a.areaMu)];
  return {
    paragraphs: [
      `对${subject}的用地红线与“一张图”各图层进行叠加分析，结果如下。面积均为 2000 国家大地坐标系椭球面积（1 公顷 = 15 亩）。`,
      `规划符合性：${VERDICT_LABEL[r.planZones.verdict]}。${r.planZones.reasons.join('；')}。`,
    ],
    fields: [
      { label: '红线面积', value: `${n2(r.redline.areaM2)} 平方米（${n4(r.redline.areaHa)} 公顷，${n2(r.redline.areaMu)} 亩）` },
      { label: '占用耕地', value: `${n2(r.cropland.areaM2)} 平方米（${n4(r.cropland.areaHa)} 公顷，${n2(r.cropland.areaMu)} 亩）` },
      { label: '占用永久基本农田', value: `${n2(r.basicFarmland.areaM2)} 平方米（${n4(r.basicFarmland.areaHa)} 公顷）` },
      { label: '生态保护红线', value: r.ecoRedline.intersected ? `涉及，${n2(r.ecoRedline.areaM2)} 平方米` : '不涉及' },
      { label: '压覆矿业权', value: r.miningRights.count ? `${r.miningRights.count} 宗` : '无' },
      { label: `地质灾害隐患点（${r.hazardSites.bufferM} 米内）`, value: r.hazardSites.count ? `${r.hazardSites.count} 处` : '无' },
      { label: '涉及宗地', value: `${r.parcels.count} 宗，${n2(r.parcels.areaM2)} 平方米` },
      { label: '分析引擎', value: r.engine },
    ],
    table: {
      caption: '土地利用现状（按地类）', columns: ['地类编码', '地类名称', '面积（平方米）', '公顷', '亩'], widths: [0.15, 0.3, 0.2, 0.17, 0.18],
      rows: r.landUse.classes.map((c) => [c.dlbm, c.dlmc, ...area(c)]),
    },
    tables: [
      { caption: '国土空间规划分区', columns: ['管制分区', '面积（平方米）', '公顷', '亩'], rows: r.planZones.zones.map((z) => [z.zone, ...area(z)]) },
      { caption: '永久基本农田', columns: ['保护图斑编号', '面积（平方米）', '公顷', '亩'], rows: r.basicFarmland.features.map((f) => [f.code ?? String(f.id), ...area(f)]) },
      { caption: '生态保护红线', columns: ['红线编号', '面积（平方米）', '公顷', '亩'], rows: r.ecoRedline.features.map((f) => [f.code ?? String(f.id), ...area(f)]) },
      { caption: '压覆矿业权', columns: ['许可证号', '矿权类型', '矿种', '压覆面积（平方米）'], rows: r.miningRights.features.map((m) => [m.code ?? '', m.type, m.mineral, n2(m.areaM2)]) },
      { caption: `${r.hazardSites.bufferM} 米范围内地质灾害隐患点`, columns: ['编号', '类型', '名称', '距红线（米）'], rows: r.hazardSites.features.map((h) => [h.code ?? '', h.type, h.name ?? '', n2(h.distanceM)]) },
      {
        caption: `涉及宗地${r.parcels.features.length > 200 ? `（前 200 宗，共 ${r.parcels.count} 宗）` : ''}`, columns: ['宗地代码', '坐落', '地类', '占用面积（平方米）'], widths: [0.32, 0.38, 0.1, 0.2],
        rows: r.parcels.features.slice(0, 200).map((p) => [p.code ?? '', p.address, p.dlbm, n2(p.areaM2)]),
      },
    ],
    figure: { caption: '叠加示意图', height: 320, shapes, legend },
    closing: ['本报告由系统根据“一张图”数据自动生成，供用地预审参考；数据中标注为模拟数据的图层不代表真实情况。'],
    legalNotice: [],
  };
}
