/**
 * 索引号 of the 政府信息公开目录: `<bureau code>-<category>-<year>-<serial>`, e.g.
 * `520304-ZCWJ-2026-0007`. One counter row per bureau, category and year, taken with an upsert that
 * keeps the row locked until the publishing transaction commits: concurrent publications queue,
 * a number is never given twice, and a rollback returns its number (no gaps).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';

export function formatIndexNo(bureauCode: string, category: string, year: number, serial: number): string {
  return `${bureauCode}-${category}-${year}-${String(serial).padStart(4, '0')}`;
}

export async function nextIndexNo(trx: Tx, bureauCode: string, category: string, year: number): Promise<string> {
  const { rows: [r] } = await sql<{ lastSerial: number }>`
    insert into openness.index_serials (bureau_code, category, year, last_serial) values (${bureauCode}, ${category}, ${year}, 1)
    on conflict (bureau_code, category, year) do update set last_serial = openness.index_serials.last_serial + 1
    returning last_serial as "lastSerial"`.execute(trx);
  return formatIndexNo(bureauCode, category, year, r!.lastSerial);
}
