/**
 * What of 执法监察 crosses between the sites (platform/exchange): only `enforcement.disclosure`
 * (to-internet), the published penalty decision (行政处罚结果公示, 双公示) as the public list shows it —
 * case number, masked party, facts, legal basis, penalty, authority, date, document number, and its
 * status (published / changed / withdrawn on review, with the reason) — so the public list on the
 * internet side shows it and follows a withdrawal. Nothing else of a case ever leaves the intranet.
 * Idempotent by case number; a status change travels as a new version.
 */
import { sql } from 'kysely';
import { AppError } from '../../platform/http/errors.ts';
import type { ExchangeKind } from '../../platform/exchange/index.ts';

/** Columns of enforcement.disclosures a penalty disclosure carries: the published ones only. */
export const PENALTY_DISCLOSURE_COLUMNS = [
  'caseNo', 'orgPath', 'partyName', 'partyKind', 'facts', 'legalBasis', 'penalty', 'authority', 'decidedOn', 'documentNo',
  'status', 'statusReason', 'statusChangedAt', 'publishedAt',
] as const;

interface PenaltyDisclosureData {
  caseNo: string; orgPath: string; partyName: string; partyKind: 'person' | 'company'; facts: string; legalBasis: string; penalty: string;
  authority: string; decidedOn: string; documentNo: string | null; status: 'published' | 'changed' | 'withdrawn'; statusReason: string | null;
  statusChangedAt: string | null; publishedAt: string;
}

const cursorExpr = sql<string>`to_char(coalesce(status_changed_at, published_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' || lpad(id::text, 12, '0')`;
const reject = (message: string) => new AppError('exchange.record_rejected', message);
const STATUSES = ['published', 'changed', 'withdrawn'];

export function createEnforcementExchangeKinds(): ExchangeKind[] {
  const disclosure: ExchangeKind = {
    kind: 'enforcement.disclosure',
    direction: 'to-internet',
    tables: ['enforcement.disclosures'],
    async collect(trx, since, limit) {
      const rows = await trx.selectFrom('enforcement.disclosures').select([...PENALTY_DISCLOSURE_COLUMNS]).select(cursorExpr.as('cur'))
        .$if(since !== null, (q) => q.where(cursorExpr, '>', since!))
        .orderBy(cursorExpr).limit(limit).execute();
      const records = rows.map(({ cur: _cur, statusChangedAt, publishedAt, ...r }) => {
        const data: PenaltyDisclosureData = { ...r, statusChangedAt: statusChangedAt?.toISOString() ?? null, publishedAt: publishedAt.toISOString() };
        return { id: r.caseNo, version: `${r.status}|${data.statusChangedAt ?? ''}`, data, files: [] };
      });
      return { records, cursor: rows.length ? rows[rows.length - 1].cur : since };
    },
    async apply(trx, record) {
      const d = record.data as PenaltyDisclosureData;
      if (typeof d?.caseNo !== 'string' || d.caseNo !== record.id) throw reject('caseNo: the record does not name its case');
      if (!STATUSES.includes(d.status)) throw reject('status: published, changed or withdrawn');
      if (d.partyKind !== 'person' && d.partyKind !== 'company') throw reject('partyKind: person or company');
      const known = await trx.selectFrom('enforcement.disclosures').select(['id', 'status', 'statusReason', 'statusChangedAt']).where('caseNo', '=', d.caseNo).forUpdate().executeTakeFirst();
      const changedAt = d.statusChangedAt ? new Date(d.statusChangedAt) : null;
      if (known) {
        if (known.status === d.status && known.statusReason === d.statusReason && (known.statusChangedAt?.getTime() ?? null) === (changedAt?.getTime() ?? null)) return 'unchanged';
        await trx.updateTable('enforcement.disclosures').set({ status: d.status, statusReason: d.statusReason, statusChangedAt: changedAt }).where('id', '=', known.id).execute();
        return 'applied';
      }
      // The case itself stays on the intranet (case_id null here).
      await trx.insertInto('enforcement.disclosures').values({
        caseId: null, orgPath: d.orgPath, caseNo: d.caseNo, partyName: d.partyName, partyKind: d.partyKind, facts: d.facts, legalBasis: d.legalBasis,
        penalty: d.penalty, authority: d.authority, decidedOn: d.decidedOn, documentNo: d.documentNo, status: d.status, statusReason: d.statusReason,
        statusChangedAt: changedAt, publishedAt: new Date(d.publishedAt),
      }).execute();
      return 'applied';
    },
  };
  return [disclosure];
}
