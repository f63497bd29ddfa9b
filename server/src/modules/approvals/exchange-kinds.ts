/**
 * What of 网上审批 crosses between the internet side and the intranet (platform/exchange):
 *
 * - `approvals.application` (to-intranet): an online application as the applicant filed it on the
 *   internet side — the case, its form and its materials (files) — so the window accepts it and
 *   the departments review it on the intranet. Idempotent by case number.
 * - `approvals.decision` (to-internet): what the applicant may see of the case's progress on the
 *   intranet — status, dates, reasons given to the applicant, the public timeline, and the
 *   documents issued (decision, licence, notices) with their PDFs — so the applicant reads and
 *   downloads them on the internet side. Never the ID number, internal opinions, or staff ids.
 *
 * - `approvals.disclosure` (to-internet): the published decision (审批结果公示) as the public list
 *   shows it — case number, matter, redacted applicant, decision, date, authority, document number —
 *   so the public list on the internet side shows walk-in and online decisions alike. Idempotent by
 *   case number.
 *
 * Reference data (matter catalogue, org units) is provisioned alike on both sides; a record naming
 * a matter or unit the receiver does not know is rejected with the reason (the receipt says so).
 */
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { setContext, SYSTEM_CONTEXT } from '../../platform/db/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { KINDS, type FileKind } from '../../platform/files/index.ts';
import type { ApprovalsDeps } from './approvals.deps.ts';
import { publicApplicantName } from './disclosure.ts';
import type { ExchangeKind } from '../../platform/exchange/index.ts';

/** Columns of approvals.cases an application carries to the intranet (declared; checked by exchange.declarations.test.ts). */
export const APPLICATION_CASE_COLUMNS = [
  'case_no', 'division_code', 'applicant_kind', 'applicant_name', 'applicant_id_number', 'applicant_phone', 'contact_name',
  'channel', 'form_data', 'status', 'submitted_at', 'received_on', 'promised_days', 'statutory_days',
] as const;
/** Columns of approvals.cases a decision carries to the internet side: nothing the applicant may not see. */
export const DECISION_CASE_COLUMNS = [
  'case_no', 'status', 'decision', 'accepted_at', 'accepted_on', 'due_date', 'refused_at', 'refusal_reason',
  'decided_at', 'decided_on', 'completed_at',
] as const;

/** Columns of approvals.disclosures a disclosure carries to the internet side: the published (redacted) ones only. */
export const DISCLOSURE_COLUMNS = [
  'caseNo', 'orgPath', 'matterCode', 'matterName', 'applicantKind', 'applicantName', 'decision', 'decidedAt', 'orgName', 'documentNo',
] as const;

interface DisclosureData {
  caseNo: string; orgPath: string; matterCode: string; matterName: string; applicantKind: 'person' | 'company'; applicantName: string;
  decision: 'granted' | 'denied'; decidedAt: string; orgName: string; documentNo: string | null;
}

const cursorExpr = sql<string>`to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' || lpad(c.id::text, 12, '0')`;

interface ApplicationData {
  caseNo: string; matterCode: string; matterVersion: number; divisionCode: string;
  applicantKind: 'person' | 'company'; applicantName: string; applicantIdNumber: string; applicantPhone: string; contactName: string | null;
  formData: Record<string, unknown>; submittedAt: string; receivedOn: string; promisedDays: number; statutoryDays: number;
  materials: { key: string; round: number; sha256: string; name: string; mime: string }[];
}

interface DecisionData {
  caseNo: string; status: string; decision: 'granted' | 'denied' | null;
  acceptedAt: string | null; acceptedOn: string | null; dueDate: string | null; refusedAt: string | null; refusalReason: string | null;
  decidedAt: string | null; decidedOn: string | null; completedAt: string | null;
  events: { at: string; kind: string; actorName: string | null; details: Record<string, unknown> }[];
  documents: { kind: string; docNo: string; title: string; issuerOrgUnitId: number; issuerName: string; year: number; seq: number; sha256: string; size: number; verifyToken: string; issuedAt: string }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const reject = (message: string) => new AppError('exchange.record_rejected', message);

export function createApprovalsExchangeKinds(deps: Pick<ApprovalsDeps, 'files' | 'documents'>): ExchangeKind[] {
  const application: ExchangeKind = {
    kind: 'approvals.application',
    direction: 'to-intranet',
    tables: ['approvals.cases', 'approvals.case_materials', 'approvals.case_events', 'approvals.matters', 'approvals.matter_versions', 'files.uploads', 'files.objects'],
    async collect(trx, since, limit) {
      const rows = await trx.selectFrom('approvals.cases as c')
        .innerJoin('approvals.matters as m', 'm.id', 'c.matterId').innerJoin('approvals.matter_versions as v', 'v.id', 'c.matterVersionId')
        .select(['c.id', 'c.caseNo', 'c.rowVersion', 'c.applicantUserId', 'c.orgPath', 'm.code as matterCode', 'v.version as matterVersion', 'c.divisionCode', 'c.applicantKind', 'c.applicantName',
          'c.applicantIdNumber', 'c.applicantPhone', 'c.contactName', 'c.formData', 'c.submittedAt', 'c.receivedOn', 'c.promisedDays', 'c.statutoryDays'])
        .select(cursorExpr.as('cur'))
        .where('c.channel', '=', 'online').where('c.status', '=', 'submitted')
        .$if(since !== null, (q) => q.where(cursorExpr, '>', since!))
        .orderBy(cursorExpr).limit(limit).execute();
      const records = [];
      for (const c of rows) {
        // The applicant's uploads are read as the staff routes read them: the case's subtree and the applicant as the context.
        await setContext(trx, { userId: c.applicantUserId, scopes: [c.orgPath] });
        const mats = await trx.selectFrom('approvals.case_materials as cm').innerJoin('files.uploads as u', 'u.id', 'cm.fileId')
          .select(['cm.materialKey', 'cm.round', 'u.sha256', 'u.originalName', 'u.declaredMime']).where('cm.caseId', '=', c.id).orderBy('cm.id').execute();
        await setContext(trx, SYSTEM_CONTEXT);
        const data: ApplicationData = {
          caseNo: c.caseNo, matterCode: c.matterCode, matterVersion: c.matterVersion, divisionCode: c.divisionCode,
          applicantKind: c.applicantKind, applicantName: c.applicantName, applicantIdNumber: c.applicantIdNumber, applicantPhone: c.applicantPhone, contactName: c.contactName,
          formData: c.formData, submittedAt: c.submittedAt.toISOString(), receivedOn: c.receivedOn, promisedDays: c.promisedDays, statutoryDays: c.statutoryDays,
          materials: mats.map((x) => ({ key: x.materialKey, round: x.round, sha256: x.sha256, name: x.originalName, mime: x.declaredMime })),
        };
        records.push({ id: c.caseNo, version: String(c.rowVersion), data, files: [...new Set(mats.map((x) => x.sha256))] });
      }
      return { records, cursor: rows.length ? rows[rows.length - 1].cur : since };
    },
    async apply(trx, record, files) {
      const d = record.data as ApplicationData;
      if (typeof d?.caseNo !== 'string' || d.caseNo !== record.id) throw reject('caseNo: the record does not name its case');
      const have = await trx.selectFrom('approvals.cases').select('id').where('caseNo', '=', d.caseNo).executeTakeFirst();
      if (have) return 'unchanged';
      const matter = await trx.selectFrom('approvals.matters as m').innerJoin('approvals.matter_versions as v', 'v.matterId', 'm.id')
        .innerJoin('orgs.org_units as u', 'u.id', 'm.orgUnitId')
        .select(['m.id', 'v.id as versionId', 'm.orgUnitId', 'u.path as orgPath']).where('m.code', '=', d.matterCode).where('v.version', '=', d.matterVersion).executeTakeFirst();
      if (!matter) throw reject(`matterCode: matter ${d.matterCode} version ${d.matterVersion} is not in this site's catalogue`);
      const c = await trx.insertInto('approvals.cases').values({
        caseNo: d.caseNo, matterId: matter.id, matterVersionId: matter.versionId, orgPath: matter.orgPath, orgUnitId: matter.orgUnitId, divisionCode: d.divisionCode,
        applicantUserId: null, applicantKind: d.applicantKind, applicantName: d.applicantName, applicantIdNumber: d.applicantIdNumber,
        applicantPhone: d.applicantPhone, contactName: d.contactName, channel: 'online', formData: JSON.stringify(d.formData), status: 'submitted',
        submittedAt: new Date(d.submittedAt), receivedOn: d.receivedOn, checkStartedAt: null, promisedDays: d.promisedDays, statutoryDays: d.statutoryDays,
      }).returning(['id', 'orgPath']).executeTakeFirstOrThrow();
      for (const m of d.materials) {
        const bytes = files?.get(m.sha256);
        if (!bytes) throw reject(`materials: file ${m.sha256} is not in the package`);
        // Content already stored (the same file in another application, or sent again) is not classified and written
        // again: only a new upload row names it (the apply's cost per material, bench exchange.applied).
        const stored = await trx.selectFrom('files.objects').select(['sha256', 'size', 'mime']).where('sha256', '=', m.sha256).executeTakeFirst();
        const storedKind = stored && (Object.keys(KINDS) as FileKind[]).find((k) => KINDS[k].mime === stored.mime);
        const content = stored && storedKind && Number(stored.size) === bytes.length
          ? { sha256: stored.sha256, size: Number(stored.size), mime: stored.mime, kind: storedKind, created: false }
          : await deps.files.putContent(Readable.from([bytes]), { name: m.name, declaredMime: m.mime });
        const up = await deps.files.createUpload(trx, { content, name: m.name, declaredMime: m.mime, uploadedBy: null, orgPath: c.orgPath });
        await trx.insertInto('approvals.case_materials').values({ caseId: c.id, orgPath: c.orgPath, applicantUserId: null, materialKey: m.key, fileId: up.id, round: m.round, uploadedBy: null }).execute();
      }
      await trx.insertInto('approvals.case_events').values({
        caseId: c.id, orgPath: c.orgPath, applicantUserId: null, at: new Date(d.submittedAt), kind: 'submitted', actorUserId: null, actorName: '互联网侧',
        public: true, details: JSON.stringify({ channel: 'online', via: 'exchange' }),
      }).execute();
      return 'applied';
    },
  };

  const decision: ExchangeKind = {
    kind: 'approvals.decision',
    direction: 'to-internet',
    tables: ['approvals.cases', 'approvals.case_events', 'approvals.case_documents', 'documents.documents'],
    readFile: (sha256) => deps.documents.findBytes(sha256),
    async collect(trx, since, limit) {
      const rows = await trx.selectFrom('approvals.cases as c')
        .select(['c.id', 'c.caseNo', 'c.rowVersion', 'c.status', 'c.decision', 'c.acceptedAt', 'c.acceptedOn', 'c.dueDate', 'c.refusedAt', 'c.refusalReason',
          'c.decidedAt', 'c.decidedOn', 'c.completedAt'])
        .select(cursorExpr.as('cur'))
        .where('c.channel', '=', 'online').where('c.status', '!=', 'submitted')
        .$if(since !== null, (q) => q.where(cursorExpr, '>', since!))
        .orderBy(cursorExpr).limit(limit).execute();
      const records = [];
      for (const c of rows) {
        const events = await trx.selectFrom('approvals.case_events').select(['at', 'kind', 'actorName', 'details']).where('caseId', '=', c.id).where('public', '=', true).orderBy('at').orderBy('id').execute();
        const docs = await trx.selectFrom('approvals.case_documents as cd').innerJoin('documents.documents as d', 'd.id', 'cd.documentId')
          .select(['d.kind', 'd.docNo', 'd.title', 'd.issuerOrgUnitId', 'd.issuerName', 'd.year', 'd.seq', 'd.sha256', 'd.size', 'd.verifyToken', 'd.issuedAt'])
          .where('cd.caseId', '=', c.id).where('d.status', '=', 'valid').orderBy('d.id').execute();
        const data: DecisionData = {
          caseNo: c.caseNo, status: c.status, decision: c.decision, acceptedAt: iso(c.acceptedAt), acceptedOn: c.acceptedOn, dueDate: c.dueDate,
          refusedAt: iso(c.refusedAt), refusalReason: c.refusalReason, decidedAt: iso(c.decidedAt), decidedOn: c.decidedOn, completedAt: iso(c.completedAt),
          events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actorName: e.actorName, details: e.details })),
          documents: docs.map((x) => ({ ...x, issuedAt: x.issuedAt.toISOString() })),
        };
        records.push({ id: c.caseNo, version: String(c.rowVersion), data, files: docs.map((x) => x.sha256) });
      }
      return { records, cursor: rows.length ? rows[rows.length - 1].cur : since };
    },
    async apply(trx, record, files) {
      const d = record.data as DecisionData;
      if (typeof d?.caseNo !== 'string' || d.caseNo !== record.id) throw reject('caseNo: the record does not name its case');
      const c = await trx.selectFrom('approvals.cases').selectAll().where('caseNo', '=', d.caseNo).forUpdate().executeTakeFirst();
      if (!c) throw reject(`caseNo: case ${d.caseNo} is not on this site`);
      let changed = false;
      const patch = {
        status: d.status as typeof c.status, decision: d.decision, acceptedAt: d.acceptedAt ? new Date(d.acceptedAt) : null, acceptedOn: d.acceptedOn, dueDate: d.dueDate,
        refusedAt: d.refusedAt ? new Date(d.refusedAt) : null, refusalReason: d.refusalReason, decidedAt: d.decidedAt ? new Date(d.decidedAt) : null,
        decidedOn: d.decidedOn, completedAt: d.completedAt ? new Date(d.completedAt) : null,
      };
      const same = (a: unknown, b: unknown) => (a instanceof Date ? a.getTime() : a) === (b instanceof Date ? b.getTime() : b);
      if (Object.entries(patch).some(([k, v]) => !same((c as Record<string, unknown>)[k], v))) {
        await trx.updateTable('approvals.cases').set({ ...patch, rowVersion: sql`row_version + 1`, updatedAt: sql`now()` } as never).where('id', '=', c.id).execute();
        changed = true;
      }
      const known = await trx.selectFrom('approvals.case_events').select(['at', 'kind']).where('caseId', '=', c.id).execute();
      for (const e of d.events) {
        if (known.some((k) => k.kind === e.kind && k.at.getTime() === new Date(e.at).getTime())) continue;
        await trx.insertInto('approvals.case_events').values({
          caseId: c.id, orgPath: c.orgPath, applicantUserId: c.applicantUserId, at: new Date(e.at), kind: e.kind, actorUserId: null, actorName: e.actorName,
          public: true, details: JSON.stringify(e.details),
        }).execute();
        changed = true;
      }
      for (const x of d.documents) {
        const bytes = files?.get(x.sha256);
        if (!bytes) throw reject(`documents: the PDF of ${x.docNo} is not in the package`);
        const doc = await deps.documents.adopt(trx, {
          kind: x.kind, docNo: x.docNo, title: x.title, subjectType: 'approvals.case', subjectId: c.caseNo, orgPath: c.orgPath, orgUnitId: c.orgUnitId,
          issuerOrgUnitId: x.issuerOrgUnitId, issuerName: x.issuerName, year: x.year, seq: x.seq, sha256: x.sha256, size: x.size, verifyToken: x.verifyToken,
          revokedReason: null, statusChangedAt: null, statusChangedBy: null, supersededBy: null, issuedAt: new Date(x.issuedAt), issuedBy: null,
        }, bytes);
        const linked = await trx.selectFrom('approvals.case_documents').select('id').where('caseId', '=', c.id).where('documentId', '=', doc.id).executeTakeFirst();
        if (!linked) {
          await trx.insertInto('approvals.case_documents').values({ caseId: c.id, orgPath: c.orgPath, applicantUserId: c.applicantUserId, documentId: doc.id, kind: x.kind, docNo: x.docNo }).execute();
          changed = true;
        }
      }
      return changed ? 'applied' : 'unchanged';
    },
  };
  const disclosure: ExchangeKind = {
    kind: 'approvals.disclosure',
    direction: 'to-internet',
    tables: ['approvals.disclosures'],
    async collect(trx, since, limit) {
      // Insert-only (公示 is never edited): the surrogate id is the cursor.
      const rows = await trx.selectFrom('approvals.disclosures').select(['id', ...DISCLOSURE_COLUMNS])
        .$if(since !== null, (q) => q.where('id', '>', Number(since)))
        .orderBy('id').limit(limit).execute();
      const records = rows.map(({ id: _id, decidedAt, ...r }) => ({
        id: r.caseNo, version: '1', data: { ...r, decidedAt: decidedAt.toISOString() } satisfies DisclosureData, files: [],
      }));
      return { records, cursor: rows.length ? String(rows[rows.length - 1].id) : since };
    },
    async apply(trx, record) {
      const d = record.data as DisclosureData;
      if (typeof d?.caseNo !== 'string' || d.caseNo !== record.id) throw reject('caseNo: the record does not name its case');
      if (d.decision !== 'granted' && d.decision !== 'denied') throw reject('decision: granted or denied');
      if (d.applicantKind !== 'person' && d.applicantKind !== 'company') throw reject('applicantKind: person or company');
      const known = await trx.selectFrom('approvals.disclosures').select('id').where('caseNo', '=', d.caseNo).executeTakeFirst();
      if (known) return 'unchanged';
      // The case is on this side when it was an online application; a walk-in case is not.
      const c = await trx.selectFrom('approvals.cases').select('id').where('caseNo', '=', d.caseNo).executeTakeFirst();
      await trx.insertInto('approvals.disclosures').values({
        caseId: c?.id ?? null, orgPath: d.orgPath, caseNo: d.caseNo, matterCode: d.matterCode, matterName: d.matterName,
        // Masked again on arrival: a person's name never lands whole even if a sender sent it so.
        applicantKind: d.applicantKind, applicantName: publicApplicantName(d.applicantKind, d.applicantName),
        decision: d.decision, decidedAt: new Date(d.decidedAt), orgName: d.orgName, documentNo: d.documentNo,
      }).execute();
      return 'applied';
    },
  };
  return [application, decision, disclosure];
}
