/**
 * The overlay report (叠加分析结果) as tables: one per layer section of the report, with the
 * overlapped areas, plus the report's summary figures.
 */
import { Descriptions, Empty, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Geometry } from './map-api.ts';

type Row = Record<string, unknown>;
const isRow = (x: unknown): x is Row => typeof x === 'object' && x !== null && !Array.isArray(x);
const isRows = (x: unknown): x is Row[] => Array.isArray(x) && x.length > 0 && x.every(isRow);
const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const HIDDEN = new Set(['geometry', 'geom', 'bbox', 'properties', 'layerId']);

export interface OverlaySection { key: string; title: string; rows: Row[]; summary: Row }

/** Sections of a report: arrays of rows, found at the top level or one level down (per layer). */
export function overlaySections(report: Row, en: boolean): OverlaySection[] {
  const out: OverlaySection[] = [];
  for (const [k, v] of Object.entries(report)) {
    if (!isRows(v)) continue;
    const nested = v.filter((s) => Object.values(s).some(isRows));
    if (nested.length > 0) {
      for (const s of nested) {
        const [rowsKey, rows] = Object.entries(s).find(([, x]) => isRows(x)) as [string, Row[]];
        const title = String((en ? s.nameEn ?? s.layerNameEn : s.name ?? s.layerName) ?? s.code ?? s.layer ?? s.layerCode ?? rowsKey);
        const summary = Object.fromEntries(Object.entries(s).filter(([kk, x]) => scalar(x) && !['name', 'nameEn', 'layerName', 'layerNameEn'].includes(kk)));
        out.push({ key: `${k}.${String(s.code ?? s.layer ?? s.layerCode ?? out.length)}`, title, rows, summary });
      }
    } else {
      out.push({ key: k, title: k, rows: v, summary: {} });
    }
  }
  return out;
}

/** Every geometry in the report's rows (to highlight them). */
export function overlayGeometries(report: Row): Geometry[] {
  const out: Geometry[] = [];
  const walk = (x: unknown, depth: number) => {
    if (depth > 4) return;
    if (Array.isArray(x)) x.forEach((y) => walk(y, depth + 1));
    else if (isRow(x)) {
      for (const [k, v] of Object.entries(x)) {
        if ((k === 'geometry' || k === 'geom' || k === 'intersection') && isRow(v) && typeof v.type === 'string' && 'coordinates' in v) out.push(v as unknown as Geometry);
        else if (k !== 'redline' && k !== 'input') walk(v, depth + 1);
      }
    }
  };
  walk(report, 0);
  return out;
}

function fmt(v: unknown, key: string): string {
  if (typeof v === 'number') {
    if (/m2$/i.test(key)) return v.toFixed(2);
    if (/ha$/i.test(key)) return v.toFixed(4);
    if (/mu$/i.test(key)) return v.toFixed(2);
    return String(Math.round(v * 1e6) / 1e6);
  }
  if (typeof v === 'boolean') return v ? '✓' : '—';
  return v === null || v === undefined ? '—' : String(v);
}

export function OverlayResult({ report }: { report: Row }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  const sections = overlaySections(report, en);
  const summary = Object.entries(report).filter(([, v]) => scalar(v));
  const label = (k: string) => t(`map.overlay.fields.${k}`, { defaultValue: k });
  return (
    <div data-testid="overlay-result">
      {summary.length > 0 && (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}
          items={summary.map(([k, v]) => ({ key: k, label: label(k), children: fmt(v, k) }))} />
      )}
      {sections.length === 0 && <Empty description={t('map.overlay.nothing')} />}
      {sections.map((s) => {
        const cols = [...new Set(s.rows.flatMap((r) => Object.keys(r).filter((k) => !HIDDEN.has(k) && scalar(r[k]))))];
        return (
          <div key={s.key} style={{ marginBottom: 16 }}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {s.title} <Typography.Text type="secondary">({s.rows.length})</Typography.Text>
            </Typography.Title>
            {Object.keys(s.summary).length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                {Object.entries(s.summary).map(([k, v]) => `${label(k)}: ${fmt(v, k)}`).join('；')}
              </Typography.Paragraph>
            )}
            <Table
              size="small" pagination={s.rows.length > 10 ? { pageSize: 10, size: 'small' } : false} scroll={{ x: true }}
              rowKey={(r) => String(r.id ?? r.code ?? JSON.stringify(r))}
              dataSource={s.rows}
              columns={cols.map((k) => ({ title: label(k), dataIndex: k, key: k, render: (v: unknown) => fmt(v, k) }))}
            />
          </div>
        );
      })}
    </div>
  );
}
