/**
 * Approval settings of a subtree (the nearest ancestor row wins, code defaults otherwise) and
 * the case number (办件编号), taken gapless per division and day under the counter's row lock.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/context.ts';
import { invalid } from '../../platform/http/errors.ts';
import { firstSideSerial, nextSideSerialSql, type SerialSide } from '../../platform/exchange/index.ts';

export interface ApprovalSettings {
  caseNoPattern: string;
  warnDays: number;
  warnRatio: number;
  deemedAcceptDays: number;
}

export const DEFAULT_SETTINGS: ApprovalSettings = {
  caseNoPattern: '{division}{yyyymmdd}{serial5}', warnDays: 2, warnRatio: 0.8, deemedAcceptDays: 5,
};

export async function settingsFor(q: Tx | Db, orgPath: string): Promise<ApprovalSettings & { orgPath: string | null }> {
  const r = await q.selectFrom('approvals.settings').selectAll()
    .where(sql<boolean>`org_path @> ${orgPath}::ltree`)
    .orderBy(sql`nlevel(org_path)`, 'desc').limit(1).executeTakeFirst();
  if (!r) return { ...DEFAULT_SETTINGS, orgPath: null };
  return { caseNoPattern: r.caseNoPattern, warnDays: r.warnDays, warnRatio: Number(r.warnRatio), deemedAcceptDays: r.deemedAcceptDays, orgPath: r.orgPath };
}

const TOKENS = /\{(division|yyyy|mm|dd|yyyymmdd|serial[3-9])\}/g;

/** Checks a pattern: known tokens only, exactly one serial. Throws validation.failed on caseNoPattern. */
export function checkPattern(pattern: string): void {
  const rest = pattern.replace(TOKENS, '');
  if (/[{}]/.test(rest)) throw invalid('caseNoPattern', 'unknown token; use {division} {yyyy} {mm} {dd} {yyyymmdd} {serialN}', '含有无法识别的占位符，可用：{division} {yyyy} {mm} {dd} {yyyymmdd} {serialN}');
  if (!/^[A-Za-z0-9-]*$/.test(rest)) throw invalid('caseNoPattern', 'literal parts may hold letters, digits and - only', '固定部分只能包含字母、数字和 -');
  if ((pattern.match(/\{serial[3-9]\}/g) ?? []).length !== 1) throw invalid('caseNoPattern', 'needs exactly one {serialN} (N = 3…9)', '须包含且只能包含一个 {serialN}（N 为 3～9）');
  if (!pattern.includes('{division}') || !/\{(yyyymmdd|dd)\}/.test(pattern)) {
    throw invalid('caseNoPattern', 'needs {division} and the day ({yyyymmdd} or {yyyy}{mm}{dd}): serials restart per division and day', '须包含 {division} 和日（{yyyymmdd} 或 {yyyy}{mm}{dd}）：流水号按区划和日期重新起编');
  }
}

export function formatCaseNo(pattern: string, division: string, day: string, serial: number): string {
  const [y, m, d] = day.split('-') as [string, string, string];
  return pattern.replace(TOKENS, (_all, t: string) => {
    if (t === 'division') return division;
    if (t === 'yyyy') return y;
    if (t === 'mm') return m;
    if (t === 'dd') return d;
    if (t === 'yyyymmdd') return `${y}${m}${d}`;
    return String(serial).padStart(Number(t.slice(6)), '0');
  });
}

/**
 * Next case number; the counter row stays locked until the caller's transaction ends. With two
 * sites (SITE_ROLE internet/intranet) each side takes its own serials (odd on the internet side,
 * even on the intranet: platform/exchange numbering.ts), so an online application crossing to the
 * intranet never meets a walk-in case's number there.
 */
export async function takeCaseNo(trx: Tx, orgPath: string, division: string, day: string, side: SerialSide = 'all'): Promise<string> {
  const s = await settingsFor(trx, orgPath);
  const r = await trx.insertInto('approvals.case_numbers').values({ divisionCode: division, day, lastSerial: firstSideSerial(side) })
    .onConflict((oc) => oc.columns(['divisionCode', 'day']).doUpdateSet({ lastSerial: nextSideSerialSql(side, 'approvals.case_numbers.last_serial') }))
    .returning('lastSerial').executeTakeFirstOrThrow();
  return formatCaseNo(s.caseNoPattern, division, day, r.lastSerial);
}
