/**
 * What of 举报 crosses between the internet side and the intranet (platform/exchange, CONTRACTS §4):
 *
 * - `tipoffs.report` (to-intranet): a report received on the internet side (public form, Open311)
 *   with its attachments, for the ledger on the intranet. The reporter's identity (举报人信息保密)
 *   travels SEALED for the intranet (exchange sealed field, on top of the package's encryption):
 *   the exchange administrator's dry run, history or a decrypted package show only ciphertext; the
 *   intranet opens it while applying and keeps it in `tipoffs.reporters` (receiving bureau's RLS
 *   scope, `tipoffs.reporter.read`, every read audited). The tracking code stays on the internet
 *   side (the citizen tracks there); the intranet gives the report a code of its own, never shown.
 *   Idempotent by report number.
 * - `tipoffs.status` (to-internet): for reports that came from the internet side, what the
 *   citizen's tracking page shows — status, refusal reason and note, feedback, outcome, case number,
 *   and the public timeline. Never the reporter, the findings, the disposal summary, instructions,
 *   staff names or the handling county's internals.
 * - `tipoffs.dispute` (to-intranet): the citizen disputes the feedback (对办理结果有异议) on the
 *   internet side, where the report is tracked; the intranet, which handles it, reopens it (back to
 *   核查, its stage clock, its handlers told) with the time and reason the citizen gave, and the
 *   result comes back as `tipoffs.status`. One record per reopening (`<reportNo>#<round>`),
 *   idempotent by the report's reopen count.
 */
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { AppError } from '../../platform/http/errors.ts';
import type { ExchangeKind } from '../../platform/exchange/index.ts';
import { addEvent, auditReport, moveStage, newTrackingCode, type TipoffsDeps } from './tipoffs.deps.ts';
import { proposeDuplicates } from './intake.ts';
import { dispute } from './ledger.ts';
import { CHANNELS, VIOLATION_TYPES } from './tipoffs.schemas.ts';
import type { ReportStatus } from './tipoffs.tables.ts';

/** What a `tipoffs.report` record carries (the reporter sealed). */
export interface TipoffReportData {
  reportNo: string; channel: string; channelRef: string | null; violationType: string; divisionCode: string;
  address: string; lon: number | null; lat: number | null; placePending: boolean; party: string; facts: string;
  intakeOrgPath: string; receivedAt: string;
  /** Sealed JSON {anonymous, name, phone, email, idNumber}, one per reporter. */
  reporters: string[];
  files: { sha256: string; name: string; mime: string }[];
}

/** What a `tipoffs.status` record carries back: only what the tracking page shows. */
export interface TipoffStatusData {
  reportNo: string; status: ReportStatus;
  refusalReason: string | null; refusalRedirect: string | null; triageNote: string | null;
  disposalOutcome: 'no_violation' | 'stopped_rectified' | 'case_filed' | null; disposalCaseNo: string | null;
  feedbackText: string | null; feedbackAt: string | null; closedAt: string | null; mergedInto: string | null;
  events: { at: string; kind: string; details: Record<string, unknown> }[];
}

/** What a `tipoffs.dispute` record carries: the citizen's objection, when it was filed, which reopening it is. */
export interface TipoffDisputeData { reportNo: string; round: number; reason: string; at: string }

/** Columns of tipoffs.reports the status record carries to the internet side (declared; checked by exchange.declarations.test.ts). */
export const TIPOFF_STATUS_COLUMNS = [
  'report_no', 'status', 'refusal_reason', 'refusal_redirect', 'triage_note', 'disposal_outcome', 'disposal_case_no', 'feedback_text', 'feedback_at', 'closed_at',
] as const;

const reject = (message: string) => new AppError('exchange.record_rejected', message);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const REPORT_NO = /^JB\d{8}\d{6,}$/;
const cursorOf = (col: 'received_at' | 'updated_at') =>
  sql<string>`to_char(r.${sql.raw(col)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' || lpad(r.id::text, 12, '0')`;
/**
 * Event details that name rows of the sending site (file ids) stay behind, and so does what a
 * reopening keeps of the earlier handling (`previous`: findings, outcome — never public).
 */
const publicDetails = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'files' && k !== 'previous'));
/** Reports that came from the internet side: their `received` event says so. */
const cameViaExchange = sql<boolean>`exists (select 1 from tipoffs.events e where e.report_id = r.id and e.kind = 'received' and e.details->>'via' = 'exchange')`;

export function createTipoffsExchangeKinds(deps: TipoffsDeps): ExchangeKind[] {
  const report: ExchangeKind = {
    kind: 'tipoffs.report',
    direction: 'to-intranet',
    tables: ['tipoffs.reports', 'tipoffs.reporters', 'tipoffs.files', 'tipoffs.events', 'files.uploads', 'files.objects'],
    async collect(trx, since, limit, sealed) {
      if (!sealed) throw new Error('tipoffs.report needs sealed fields: the reporter never travels in the clear');
      const cur = cursorOf('received_at');
      const rows = await trx.selectFrom('tipoffs.reports as r')
        .select(['r.id', 'r.reportNo', 'r.channel', 'r.channelRef', 'r.violationType', 'r.divisionCode', 'r.address', 'r.lon', 'r.lat', 'r.placePending',
          'r.party', 'r.facts', sql<string>`r.intake_org_path::text`.as('intakeOrgPath'), 'r.receivedAt'])
        .select(cur.as('cur'))
        .where(sql<boolean>`not ${cameViaExchange}`)
        .$if(since !== null, (q) => q.where(cur, '>', since!))
        .orderBy(cur).limit(limit).execute();
      const records = [];
      for (const r of rows) {
        const reporters = await trx.selectFrom('tipoffs.reporters').select(['anonymous', 'name', 'phone', 'email', 'idNumber']).where('reportId', '=', r.id).orderBy('id').execute();
        const files = await trx.selectFrom('tipoffs.files as f').innerJoin('files.uploads as u', 'u.id', 'f.fileId')
          .select(['u.sha256', 'f.name', 'f.mime']).where('f.reportId', '=', r.id).where('f.stage', '=', 'intake').orderBy('f.id').execute();
        const data: TipoffReportData = {
          reportNo: r.reportNo, channel: r.channel, channelRef: r.channelRef, violationType: r.violationType, divisionCode: r.divisionCode,
          address: r.address, lon: r.lon, lat: r.lat, placePending: r.placePending, party: r.party, facts: r.facts, intakeOrgPath: r.intakeOrgPath,
          receivedAt: r.receivedAt.toISOString(),
          reporters: reporters.map((p) => sealed.seal(JSON.stringify(p), r.reportNo)),
          files,
        };
        records.push({ id: r.reportNo, version: '1', data, files: [...new Set(files.map((f) => f.sha256))] });
      }
      return { records, cursor: rows.length ? rows[rows.length - 1]!.cur : since };
    },
    async apply(trx, record, files, sealed) {
      const d = record.data as TipoffReportData;
      if (typeof d?.reportNo !== 'string' || d.reportNo !== record.id || !REPORT_NO.test(d.reportNo)) throw reject('reportNo: the record does not name its report');
      if (!(d.violationType in VIOLATION_TYPES)) throw reject(`violationType: ${String(d.violationType)} is unknown here`);
      if (!(d.channel in CHANNELS)) throw reject(`channel: ${String(d.channel)} is unknown here`);
      if (!Array.isArray(d.reporters) || !Array.isArray(d.files)) throw reject('reporters/files missing');
      if (!sealed) throw reject('reporters: sealed values cannot be opened here');
      const have = await trx.selectFrom('tipoffs.reports').select('id').where('reportNo', '=', d.reportNo).executeTakeFirst();
      if (have) return 'unchanged';
      const division = await trx.selectFrom('orgs.divisions').select(sql<string>`path::text`.as('path')).where('code', '=', d.divisionCode).where('validTo', 'is', null).executeTakeFirst();
      if (!division) throw reject(`divisionCode: division ${d.divisionCode} is not on this site`);
      const bureau = await trx.selectFrom('orgs.org_units').select('id').where(sql<boolean>`path = ${d.intakeOrgPath}::ltree`).executeTakeFirst();
      if (!bureau) throw reject(`intakeOrgPath: the receiving bureau ${d.intakeOrgPath} is not on this site`);
      const receivedAt = new Date(d.receivedAt);
      if (Number.isNaN(receivedAt.getTime())) throw reject('receivedAt is not a time');
      const receivedOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(receivedAt);
      const row = await trx.insertInto('tipoffs.reports').values({
        reportNo: d.reportNo, trackingCode: newTrackingCode(), channel: d.channel, channelRef: d.channelRef, violationType: d.violationType,
        divisionCode: d.divisionCode, divisionPath: division.path, address: d.address, lon: d.lon, lat: d.lat, placePending: d.placePending,
        party: d.party, facts: d.facts, intakeOrgPath: d.intakeOrgPath, orgPath: d.intakeOrgPath, receivedAt, receivedOn,
        stage: null, stageStartedOn: null, stageDueDate: null, triageDecision: null, refusalReason: null, refusalRedirect: null, triageNote: null,
        triagedAt: null, assignMode: null, countyCode: null, countyOrgPath: null, assignedByPath: null, assignDueDate: null, assignInstructions: null,
        assignedAt: null, verifiedOn: null, findings: null, violationFound: null, verifiedAt: null, disposalOutcome: null, disposalCaseNo: null,
        disposalSummary: null, disposedAt: null, feedbackText: null, feedbackAt: null, feedbackRecipients: null, closedAt: null, closeNote: null,
        mergedIntoId: null, idempotencyKey: null, idempotencyHash: null, apiKeyId: null, createdBy: null,
      }).returningAll().executeTakeFirstOrThrow();
      const r = { id: row.id, orgPath: d.intakeOrgPath, reportNo: d.reportNo };
      for (const s of d.reporters) {
        let p: { anonymous: boolean; name: string | null; phone: string | null; email: string | null; idNumber: string | null };
        try { p = JSON.parse(sealed.open(s, d.reportNo)); } catch (e) { if (e instanceof AppError) throw e; throw reject('reporters: a sealed reporter is not readable'); }
        await trx.insertInto('tipoffs.reporters').values({ reportId: row.id, orgPath: d.intakeOrgPath, anonymous: p.anonymous === true, name: p.name, phone: p.phone, email: p.email, idNumber: p.idNumber }).execute();
      }
      for (const f of d.files) {
        const bytes = files?.get(f.sha256);
        if (!bytes) throw reject(`files: ${f.sha256} is not in the package`);
        const content = await deps.files.putContent(Readable.from([bytes]), { name: f.name, declaredMime: f.mime });
        const up = await deps.files.createUpload(trx, { content, name: f.name, declaredMime: f.mime, uploadedBy: null, orgPath: d.intakeOrgPath });
        await trx.insertInto('tipoffs.files').values({ reportId: row.id, orgPath: d.intakeOrgPath, fileId: up.id, stage: 'intake', name: f.name, mime: f.mime, addedBy: null }).execute();
      }
      const stage = await moveStage(deps, trx, r, 'triage');
      await trx.updateTable('tipoffs.reports').set(stage).where('id', '=', row.id).execute();
      await addEvent(trx, r, null, 'received', { channel: d.channel, files: d.files.length, via: 'exchange' }, true, receivedAt);
      const duplicates = row.lon !== null && row.lat !== null ? await proposeDuplicates(deps, trx, { ...row, lon: row.lon, lat: row.lat, orgPath: d.intakeOrgPath }) : 0;
      await auditReport(deps, trx, null, r, 'received', { channel: d.channel, via: 'exchange', violationType: d.violationType, divisionCode: d.divisionCode, duplicates });
      return 'applied';
    },
  };

  const status: ExchangeKind = {
    kind: 'tipoffs.status',
    direction: 'to-internet',
    tables: ['tipoffs.reports', 'tipoffs.events'],
    async collect(trx, since, limit) {
      const cur = cursorOf('updated_at');
      const rows = await trx.selectFrom('tipoffs.reports as r').leftJoin('tipoffs.reports as m', 'm.id', 'r.mergedIntoId')
        .select(['r.id', 'r.reportNo', 'r.rowVersion', 'r.status', 'r.refusalReason', 'r.refusalRedirect', 'r.triageNote', 'r.disposalOutcome', 'r.disposalCaseNo',
          'r.feedbackText', 'r.feedbackAt', 'r.closedAt', 'm.reportNo as mergedInto'])
        .select(cur.as('cur'))
        .where(cameViaExchange).where('r.status', '!=', 'received')
        .$if(since !== null, (q) => q.where(cur, '>', since!))
        .orderBy(cur).limit(limit).execute();
      const records = [];
      for (const r of rows) {
        const events = await trx.selectFrom('tipoffs.events').select(['at', 'kind', 'details']).where('reportId', '=', r.id).where('public', '=', true)
          .where('kind', '!=', 'received').orderBy('at').orderBy('id').execute();
        const data: TipoffStatusData = {
          reportNo: r.reportNo, status: r.status, refusalReason: r.refusalReason, refusalRedirect: r.refusalRedirect, triageNote: r.triageNote,
          disposalOutcome: r.disposalOutcome, disposalCaseNo: r.disposalCaseNo, feedbackText: r.feedbackText, feedbackAt: iso(r.feedbackAt), closedAt: iso(r.closedAt),
          mergedInto: r.mergedInto ?? null,
          events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, details: publicDetails(e.details) })),
        };
        records.push({ id: r.reportNo, version: String(r.rowVersion), data, files: [] });
      }
      return { records, cursor: rows.length ? rows[rows.length - 1]!.cur : since };
    },
    async apply(trx, record) {
      const d = record.data as TipoffStatusData;
      if (typeof d?.reportNo !== 'string' || d.reportNo !== record.id) throw reject('reportNo: the record does not name its report');
      const r = await trx.selectFrom('tipoffs.reports').select(['id', 'status', 'refusalReason', 'refusalRedirect', 'triageNote', 'disposalOutcome', 'disposalCaseNo',
        'feedbackText', 'feedbackAt', 'closedAt', 'mergedIntoId', sql<string>`org_path::text`.as('orgPath')]).where('reportNo', '=', d.reportNo).forUpdate().executeTakeFirst();
      if (!r) throw reject(`reportNo: report ${d.reportNo} is not on this site`);
      const merged = d.mergedInto ? await trx.selectFrom('tipoffs.reports').select('id').where('reportNo', '=', d.mergedInto).executeTakeFirst() : undefined;
      const patch = {
        status: d.status, refusalReason: d.refusalReason, refusalRedirect: d.refusalRedirect, triageNote: d.triageNote, disposalOutcome: d.disposalOutcome,
        disposalCaseNo: d.disposalCaseNo, feedbackText: d.feedbackText, feedbackAt: d.feedbackAt ? new Date(d.feedbackAt) : null, closedAt: d.closedAt ? new Date(d.closedAt) : null,
        mergedIntoId: merged?.id ?? r.mergedIntoId,
      };
      const same = (a: unknown, b: unknown) => (a instanceof Date ? a.getTime() : a) === (b instanceof Date ? b.getTime() : b);
      let changed = false;
      if (Object.entries(patch).some(([k, v]) => !same((r as Record<string, unknown>)[k], v))) {
        // The ledger runs on the intranet: here no stage clock runs for a report handled there.
        await trx.updateTable('tipoffs.reports').set({ ...patch, stage: null, stageStartedOn: null, stageDueDate: null, rowVersion: sql`row_version + 1`, updatedAt: sql`now()` } as never)
          .where('id', '=', r.id).execute();
        await moveStage(deps, trx, { id: r.id, orgPath: r.orgPath }, null);
        changed = true;
      }
      const known = await trx.selectFrom('tipoffs.events').select(['at', 'kind']).where('reportId', '=', r.id).execute();
      for (const e of d.events ?? []) {
        if (known.some((k) => k.kind === e.kind && k.at.getTime() === new Date(e.at).getTime())) continue;
        await addEvent(trx, { id: r.id, orgPath: r.orgPath }, null, e.kind, e.details ?? {}, true, new Date(e.at));
        changed = true;
      }
      return changed ? 'applied' : 'unchanged';
    },
  };
  const disputeKind: ExchangeKind = {
    kind: 'tipoffs.dispute',
    direction: 'to-intranet',
    tables: ['tipoffs.reports', 'tipoffs.events'],
    async collect(trx, since, limit) {
      const cur = sql<string>`lpad(e.id::text, 15, '0')`;
      const rows = await trx.selectFrom('tipoffs.events as e').innerJoin('tipoffs.reports as r', 'r.id', 'e.reportId')
        .select(['r.reportNo', 'e.at', 'e.details']).select(cur.as('cur'))
        .where('e.kind', '=', 'reopened').where(sql<boolean>`not ${cameViaExchange}`)
        .$if(since !== null, (q) => q.where(cur, '>', since!))
        .orderBy(cur).limit(limit).execute();
      const records = rows.map((e) => {
        const round = Number(e.details.round);
        const data: TipoffDisputeData = { reportNo: e.reportNo, round, reason: String(e.details.reason ?? ''), at: e.at.toISOString() };
        return { id: `${e.reportNo}#${round}`, version: '1', data, files: [] };
      });
      return { records, cursor: rows.length ? rows[rows.length - 1]!.cur : since };
    },
    async apply(trx, record) {
      const d = record.data as TipoffDisputeData;
      if (typeof d?.reportNo !== 'string' || !Number.isInteger(d.round) || d.round < 1 || record.id !== `${d.reportNo}#${d.round}`) throw reject('reportNo/round: the record does not name its reopening');
      if (typeof d.reason !== 'string' || !d.reason.trim()) throw reject('reason: the objection is empty');
      const at = new Date(d.at);
      if (Number.isNaN(at.getTime())) throw reject('at is not a time');
      const r = await trx.selectFrom('tipoffs.reports as r').select(['r.id', 'r.reopenCount']).select(cameViaExchange.as('crossed'))
        .where('r.reportNo', '=', d.reportNo).executeTakeFirst();
      if (!r || !r.crossed) throw reject(`reportNo: report ${d.reportNo} did not come from the internet side`);
      if (r.reopenCount >= d.round) return 'unchanged';
      await dispute(deps, trx, r.id, d.reason, undefined, { at });
      return 'applied';
    },
  };
  return [report, status, disputeKind];
}
