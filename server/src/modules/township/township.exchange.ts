/**
 * The `township.report` exchange kind (内外网数据交换, CONTRACTS §4): entries reported by the
 * townships travel from the internet side to the county's intranet. Registered by the integrator
 * (`exchange.register(createTownshipExchangeKind())`); only reported entries leave, drafts never.
 */
import { sql } from 'kysely';
import { AppError } from '../../platform/http/errors.ts';
import { FINDINGS_OF } from './township.service.ts';
import type { EntryKind, Finding } from './township.tables.ts';
import type { ExchangeKind } from '../../platform/exchange/index.ts';

/** What one record carries: the reported entry without who filed it (a user id means nothing on the other side). */
export interface TownshipReportData {
  orgPath: string; townshipCode: string; kind: EntryKind; finding: Finding; place: string; description: string;
  observedOn: string; lon: number | null; lat: number | null; reportedAt: string; createdAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const bad = (why: string) => new AppError('township.exchange_invalid', `township.report: ${why}`);

function parse(record: { id: string; version: string; data: unknown }): { version: number; d: TownshipReportData } {
  if (!UUID.test(record.id)) throw bad('id is not a uuid');
  const version = Number(record.version);
  if (!Number.isInteger(version) || version < 1) throw bad('version is not a positive integer');
  const d = record.data as TownshipReportData;
  if (!d || typeof d !== 'object') throw bad('data missing');
  if (typeof d.orgPath !== 'string' || !/^cn(\.[a-z0-9]+)+\.t\d{9}$/.test(d.orgPath)) throw bad('orgPath is not a township path');
  if (typeof d.townshipCode !== 'string' || !d.orgPath.endsWith(`.t${d.townshipCode}`)) throw bad('townshipCode does not match orgPath');
  if (!(d.kind in FINDINGS_OF) || !FINDINGS_OF[d.kind].includes(d.finding)) throw bad('kind/finding unknown');
  for (const k of ['place', 'description'] as const) if (typeof d[k] !== 'string' || d[k].length < 2) throw bad(`${k} missing`);
  if (typeof d.observedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d.observedOn)) throw bad('observedOn is not a date');
  for (const k of ['reportedAt', 'createdAt'] as const) if (typeof d[k] !== 'string' || Number.isNaN(Date.parse(d[k]))) throw bad(`${k} is not a time`);
  return { version, d };
}

export function createTownshipExchangeKind(): ExchangeKind {
  return {
    kind: 'township.report',
    direction: 'to-intranet',
    tables: ['township.entries'],

    /** Reported entries changed after the cursor (`<reported-or-updated ISO>|<id>`), oldest first. */
    async collect(trx, since, limit) {
      // The cursor keeps the microseconds of updated_at (a JS Date would cut them and resend the row).
      let q = trx.selectFrom('township.entries').selectAll()
        .select(sql<string>`to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursorAt'))
        .where('status', '=', 'reported')
        .orderBy('updatedAt').orderBy('id').limit(limit);
      if (since) {
        const [at, id] = since.split('|');
        if (!at || !id || Number.isNaN(Date.parse(at))) throw bad('cursor malformed');
        if (!UUID.test(id)) throw bad('cursor malformed');
        q = q.where(sql<boolean>`(updated_at, id) > (${at}::timestamptz, ${id}::uuid)`);
      }
      const rows = await q.execute();
      const records = rows.map((e) => ({
        id: e.id, version: String(e.version), files: [],
        data: {
          orgPath: e.orgPath, townshipCode: e.townshipCode, kind: e.kind, finding: e.finding, place: e.place, description: e.description,
          observedOn: e.observedOn, lon: e.lon, lat: e.lat, reportedAt: e.reportedAt!.toISOString(), createdAt: e.createdAt.toISOString(),
        } satisfies TownshipReportData,
      }));
      const last = rows.at(-1);
      return { records, cursor: last ? `${last.cursorAt}|${last.id}` : since };
    },

    /** Upsert by id; an older or equal version changes nothing. */
    async apply(trx, record) {
      const { version, d } = parse(record);
      const cur = await trx.selectFrom('township.entries').select('version').where('id', '=', record.id).forUpdate().executeTakeFirst();
      if (cur && cur.version >= version) return 'unchanged';
      const values = {
        orgPath: d.orgPath, townshipCode: d.townshipCode, kind: d.kind, finding: d.finding, place: d.place, description: d.description,
        observedOn: d.observedOn, lon: d.lon, lat: d.lat, status: 'reported' as const, reportedAt: new Date(d.reportedAt), version, updatedAt: new Date(),
      };
      if (cur) await trx.updateTable('township.entries').set(values).where('id', '=', record.id).execute();
      else await trx.insertInto('township.entries').values({ ...values, id: record.id, createdAt: new Date(d.createdAt), createdBy: null }).execute();
      return 'applied';
    },
  };
}
