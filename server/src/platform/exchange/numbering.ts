/**
 * Side-safe serials (两侧编号不相撞). The internet side and the intranet each number what they
 * make (online applications and walk-in cases, tip-offs from the public form and from the
 * hotline, documents) in their own database; a record that crosses keeps its number. So that a
 * number made on one side can never be made on the other, the two sides take disjoint serials:
 * the internet side the ODD ones (1, 3, 5 …), the intranet the EVEN ones (2, 4, 6 …);
 * `SITE_ROLE=all` (one site, nothing crosses) takes every number as before. The public formats
 * stay as they are (办件编号 `{division}{yyyymmdd}{serial5}`, 举报编号 `JB{yyyymmdd}{serial6}`,
 * 文号 `…〔yyyy〕N号`): only which serials a side takes changes.
 *
 * Both rules only ever move up from what a site has already used, so a site that ran as `all`
 * and is then split keeps its old numbers and takes new ones above them.
 *
 * No imports: platform/documents uses it too, and modules reach it through the exchange's index.ts.
 */
import { sql, type RawBuilder } from 'kysely';

export type SerialSide = 'internet' | 'intranet' | 'all';

/** The `n`-th serial of a running sequence (1, 2, 3 …) on a side: internet 2n−1, intranet 2n, all n. */
export function sideSerial(side: SerialSide, n: number): number {
  if (side === 'internet') return 2 * n - 1;
  if (side === 'intranet') return 2 * n;
  return n;
}

/** The first serial a side takes from a fresh counter (internet 1, intranet 2, all 1). */
export function firstSideSerial(side: SerialSide): number {
  return side === 'intranet' ? 2 : 1;
}

/**
 * For a stored "last serial used" counter: SQL for the next serial of this side after the value of
 * `lastColumn` (the smallest larger number of the side's parity; for `all` simply + 1).
 */
export function nextSideSerialSql(side: SerialSide, lastColumn: string): RawBuilder<number> {
  const last = sql.raw(lastColumn);
  if (side === 'all') return sql<number>`${last} + 1`;
  const odd = side === 'internet' ? 1 : 0;
  // next = last + 1, one more when last + 1 has the other side's parity.
  return sql<number>`${last} + 1 + ((${last} + 1 + ${sql.lit(odd)}) % 2)`;
}

/** Which side a serial was made on (for a two-site deployment): odd = internet, even = intranet. */
export function serialSide(serial: number): 'internet' | 'intranet' {
  return serial % 2 === 1 ? 'internet' : 'intranet';
}
