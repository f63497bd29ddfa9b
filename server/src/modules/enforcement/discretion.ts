/**
 * Penalty discretion (处罚裁量): the baselines are data (enforcement.baselines). The calculator
 * takes the case facts, finds the first band of the violation kind whose conditions hold (the
 * nearest subtree's rows win over a wider one's) and proposes the fine range and amount, the
 * measures and the rule and sources applied. Rectified in time (及时整改) → the band's lowest
 * rate; otherwise the middle of the band.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { BaselineConditions, CaseFacts } from './enforcement.tables.ts';

export interface Proposal {
  ruleId: number;
  violationKind: string;
  violationName: string;
  band: string;
  bandName: string;
  fineBasis: 'per_m2' | 'gains_share' | 'none';
  rate: { min: number; max: number; applied: number };
  /** The quantity the rate is applied to: m² or 元 of illegal gains. */
  base: number;
  range: { min: number; max: number };
  amount: number;
  measures: { confiscate: boolean; demolish: boolean; restore: boolean };
  legalBasis: string;
  sources: string[];
  confirmed: boolean;
  note: string | null;
  /** How the amount came about, as the case page shows it. */
  explanation: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function holds(c: BaselineConditions, f: CaseFacts): boolean {
  const area = f.areaM2 ?? 0;
  const basic = (f.basicFarmlandM2 ?? 0) > 0;
  const landClass = f.landClass ?? ((f.croplandM2 ?? 0) > 0 ? 'cropland' : null);
  if (c.basicFarmland !== undefined && c.basicFarmland !== basic) return false;
  if (c.landClass !== undefined && c.landClass !== landClass) return false;
  if (c.fitsPlan !== undefined && (f.fitsPlan ?? null) !== c.fitsPlan) return false;
  if (c.rectified !== undefined && (f.rectified ?? null) !== c.rectified) return false;
  if (c.areaMin !== undefined && area < c.areaMin) return false;
  if (c.areaMax !== undefined && area >= c.areaMax) return false;
  const value = f.mineralValue ?? 0;
  if (c.valueMin !== undefined && value < c.valueMin) return false;
  if (c.valueMax !== undefined && value >= c.valueMax) return false;
  return true;
}

export async function listBaselines(trx: Tx, orgPath: string | null) {
  let q = trx.selectFrom('enforcement.baselines').selectAll().select(sql<string>`org_path::text`.as('orgPathText')).where('active', '=', true);
  if (orgPath) q = q.where(sql<boolean>`org_path @> ${orgPath}::ltree`);
  return q.orderBy('violationKind').orderBy(sql`nlevel(org_path)`, 'desc').orderBy('priority').execute();
}

export async function calculate(trx: Tx, orgPath: string, violationKind: string, facts: CaseFacts): Promise<Proposal> {
  const rows = (await listBaselines(trx, orgPath)).filter((r) => r.violationKind === violationKind);
  if (!rows.length) throw new AppError('enforcement.no_baseline', `violationKind: no discretion baseline for ${violationKind} here`, { field: 'violationKind' });
  const depth = (p: string) => p.split('.').length;
  const nearest = Math.max(...rows.map((r) => depth(r.orgPathText)));
  const rule = rows.filter((r) => depth(r.orgPathText) === nearest).find((r) => holds(r.conditions, facts));
  if (!rule) throw new AppError('enforcement.no_baseline', `facts: no band of ${violationKind} fits these facts`, { field: 'facts' });
  const min = Number(rule.fineMin);
  const max = Number(rule.fineMax);
  let base = 0;
  if (rule.fineBasis === 'per_m2') {
    if (!(facts.areaM2 && facts.areaM2 > 0)) throw invalid('facts.areaM2', `the area (m²) is needed for ${rule.violationName}`, `${rule.violationName}须填写面积（m²）`);
    base = facts.areaM2;
  } else if (rule.fineBasis === 'gains_share') {
    if (facts.illegalGains === undefined || facts.illegalGains === null || facts.illegalGains < 0) throw invalid('facts.illegalGains', `the illegal gains (违法所得, 元) are needed for ${rule.violationName}`, `${rule.violationName}须填写违法所得（元）`);
    base = facts.illegalGains;
  }
  const applied = facts.rectified ? min : (min + max) / 2;
  const range = { min: round2(min * base), max: round2(max * base) };
  const amount = round2(applied * base);
  const unit = rule.fineBasis === 'per_m2' ? `${applied} 元/m² × ${base} m²` : rule.fineBasis === 'gains_share' ? `${Math.round(applied * 1000) / 10}% × 违法所得 ${base} 元` : '不罚款';
  return {
    ruleId: rule.id, violationKind: rule.violationKind, violationName: rule.violationName, band: rule.band, bandName: rule.bandName, fineBasis: rule.fineBasis,
    rate: { min, max, applied }, base, range, amount,
    measures: { confiscate: rule.confiscate, demolish: rule.demolish, restore: rule.restore },
    legalBasis: rule.legalBasis, sources: rule.sources, confirmed: rule.confirmed, note: rule.note,
    explanation: `${rule.violationName}·${rule.bandName}：${unit}${facts.rectified ? '（及时整改，按下限）' : '（按中间值）'} = ${amount} 元；幅度 ${range.min}–${range.max} 元`,
  };
}

/** True when `fine` lies inside the band (a cent of rounding allowed). */
export function insideBand(p: Proposal, fine: number): boolean {
  return fine >= p.range.min - 0.005 && fine <= p.range.max + 0.005;
}
