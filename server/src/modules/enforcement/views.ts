/** What the pages and the API read: the case list, one case, the figures per county, the public disclosures. */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import type { DocumentService } from '../../platform/documents/index.ts';
import type { FieldService, LocalText } from '../../platform/field/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { CaseStatus } from './enforcement.tables.ts';

export const STATUS_NAMES: Record<CaseStatus, string> = {
  proposed: '待立案审批', not_filed: '不予立案', transferred: '已移送', investigating: '调查取证', reviewing: '案件审理', reviewed: '审理完毕（待告知）',
  notified: '已告知（待决定）', hearing: '听证中', decided: '已作出处罚决定', executing: '执行中', closed: '已结案',
};

export const COUNT_CAP = 10_000;

export interface CaseListQuery {
  status?: CaseStatus | undefined; q?: string | undefined; warn?: 'yellow' | 'red' | undefined; page: number; pageSize: number;
  /** Keyset paging: the `nextBefore` of the previous page (its last row's opening time and id); `page` is then ignored. */
  before?: string | undefined;
}

/** `nextBefore` cursor: the last row's created_at (ISO, microseconds kept by the text form) and id. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}(?::?\d{2})?))~(\d{1,18})$/;
export function parseCaseCursor(before: string): { at: string; id: number } | null {
  const m = CURSOR.exec(before);
  return m ? { at: m[1]!, id: Number(m[2]) } : null;
}

export async function listCases(trx: Tx, f: CaseListQuery) {
  // A page of 50 rows: parallel workers cost more to start than they save (16 requests at once).
  await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
  let q = trx.selectFrom('enforcement.cases');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.warn) q = q.where('warnLevel', '=', f.warn);
  const text = f.q?.trim();
  if (text && /^ZF[0-9A-Z-]{2,}$/i.test(text)) {
    // A case number or its beginning: a range on the unique index (案件编号 are ASCII letters and
    // digits, so the next prefix is the last character plus one).
    const lo = text.toUpperCase();
    const hi = lo.slice(0, -1) + String.fromCharCode(lo.charCodeAt(lo.length - 1) + 1);
    q = q.where('caseNo', '>=', lo).where('caseNo', '<', hi);
  } else if (text) {
    // `search_text` is lower(案件编号 + 案由 + 当事人) with a trigram index (migration 0900); LIKE
    // (not ILIKE) because only LIKE is LEAKPROOF, which lets the index run under RLS.
    const like = `%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where(sql<string>`search_text`, 'like', like);
  } else {
    // Without free text the page is read in order from (status|warn_level, created_at desc, id desc)
    // or (created_at desc, id desc). The RLS qual's selectivity guess (1 %) makes the planner think a
    // status has a few hundred rows and prefer reading all of them and sorting (31 ms at 22,000 rows
    // of one status); with sorting disabled it takes the ordered index (0.7 ms). Not with free text:
    // the trigram index gives matches in no order, and they must be sorted.
    await sql`set local enable_sort = off`.execute(trx);
  }
  // The total is counted up to COUNT_CAP rows only: an exact count of 200,000 rows under RLS costs
  // seconds per page (bench/suites/enforcement.ts); beyond the cap the page says "10,000+".
  const { n } = await trx.selectFrom(q.select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1).as('x'))
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = q.select(['id', 'caseNo', 'title', 'status', 'stage', 'stageDueDate', 'warnLevel', 'partyName', 'divisionCode', 'fineAmount', 'createdAt', 'rowVersion', sql<string>`to_json(created_at)#>>'{}'`.as('cursorAt')])
    .orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(f.pageSize);
  if (f.before) {
    const c = parseCaseCursor(f.before);
    if (!c) throw new AppError('validation.failed', 'before: not a cursor of this list (use nextBefore of the previous page)', { field: 'before' });
    // (created_at, id) below the cursor: read in order from (created_at desc, id desc), however deep.
    page = page.where(sql<boolean>`(created_at, id) < (${c.at}::timestamptz, ${c.id}::bigint)`);
  } else {
    page = page.offset((f.page - 1) * f.pageSize);
  }
  const rows = await page.execute();
  const last = rows.length === f.pageSize ? rows[rows.length - 1] : undefined;
  return {
    nextBefore: last ? `${last.cursorAt}~${last.id}` : null,
    total: Math.min(Number(n), COUNT_CAP),
    totalCapped: Number(n) > COUNT_CAP,
    items: rows.map(({ cursorAt: _c, ...r }) => ({ ...r, statusName: STATUS_NAMES[r.status], fineAmount: r.fineAmount === null ? null : Number(r.fineAmount), createdAt: r.createdAt.toISOString() })),
  };
}

type FieldReader = Pick<FieldService, 'listRecords' | 'formOf'>;

/**
 * The offline field app's records of the case's sources (a patch's 外业核查: form values with
 * their labels, position and distance, photos with time, place, heading and the far flag, the
 * inspector's signature), with the file ids the case page downloads them by (files in scope).
 */
async function fieldRecordsOf(trx: Tx, field: FieldReader | undefined, sources: { kind: string; sourceId: string | null; ref: string }[]) {
  if (!field) return [];
  const out = [];
  for (const s of sources) {
    const form = s.sourceId ? field.formOf(s.kind) : null;
    if (!form || !s.sourceId) continue;
    for (const r of await field.listRecords(trx, s.kind, s.sourceId)) {
      const values = form.fields.map((f) => {
        const v = r.values[f.name];
        const option = f.type === 'select' ? f.options?.find((o) => o.value === v) : undefined;
        const text: LocalText | string | null = v === null || v === undefined || v === '' ? null
          : option ? option.label : typeof v === 'boolean' ? (v ? { 'zh-CN': '是', 'en-US': 'Yes' } : { 'zh-CN': '否', 'en-US': 'No' }) : String(v);
        return { name: f.name, label: f.label, value: text };
      });
      out.push({ sourceKind: s.kind, sourceRef: s.ref, form: form.title, recordId: r.recordId, recordedAt: r.recordedAt, receivedAt: r.receivedAt,
        position: r.position, distanceM: r.distanceM, farPhotos: r.farPhotos, values, photos: r.photos, signatureSha256: r.signatureSha256 });
    }
  }
  return out;
}

/** File ids (files.uploads, within the reader's scope) of the given contents. */
async function fileIds(trx: Tx, shas: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(shas)];
  if (!wanted.length) return new Map();
  const rows = await trx.selectFrom('files.uploads').select(['id', 'sha256']).where('sha256', 'in', wanted).orderBy('createdAt').execute();
  return new Map(rows.map((r) => [r.sha256, r.id]));
}

/** One case with its sources, records, stage clocks, events and documents; the party's ID number only with the decide or investigate permission. */
export async function caseDetail(trx: Tx, documents: DocumentService, actor: ActingUser, id: number, field?: FieldReader) {
  const c = await trx.selectFrom('enforcement.cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new AppError('enforcement.case_not_found', `id: case ${id} not found`, { field: 'id' });
  const [sources, records, stages, events, docs, disclosure] = await Promise.all([
    trx.selectFrom('enforcement.sources').select(['kind', 'sourceId', 'ref', 'summary', 'details', 'attachments', 'addedAt']).where('caseId', '=', id).orderBy('id').execute(),
    trx.selectFrom('enforcement.records').select(['id', 'kind', 'recordedOn', 'title', 'content', 'values', 'files', 'documentId', 'createdAt']).where('caseId', '=', id).orderBy('id').execute(),
    trx.selectFrom('enforcement.stages').select(['stage', 'startedOn', 'limitDays', 'dueDate', 'endedOn', 'pausedDays']).where('caseId', '=', id).orderBy('id').execute(),
    trx.selectFrom('enforcement.events').select(['kind', 'actorName', 'details', 'at']).where('caseId', '=', id).orderBy('id').execute(),
    documents.listForSubject(trx, { type: 'enforcement.case', id }),
    trx.selectFrom('enforcement.disclosures').select(['status', 'statusReason', 'publishedAt']).where('caseId', '=', id).executeTakeFirst(),
  ]);
  const fieldRecords = await fieldRecordsOf(trx, field, sources);
  const attachmentShas = sources.flatMap((s) => (s.attachments as { sha256: string | null }[]).map((a) => a.sha256).filter((x): x is string => !!x));
  const ids = await fileIds(trx, [...attachmentShas, ...fieldRecords.flatMap((r) => [...r.photos.map((p) => p.sha256), ...(r.signatureSha256 ? [r.signatureSha256] : [])])]);
  const fileUrl = (sha: string | null) => { const f = sha ? ids.get(sha) : undefined; return f ? `/api/files/${f}?inline=1` : null; };
  const mayIdentify = actor.permissions.has('enforcement.case.investigate') || actor.permissions.has('enforcement.case.decide');
  return {
    ...c,
    statusName: STATUS_NAMES[c.status],
    partyIdNumber: mayIdentify ? c.partyIdNumber : null,
    partyAddress: mayIdentify ? c.partyAddress : null,
    fineAmount: c.fineAmount === null ? null : Number(c.fineAmount),
    finePaid: Number(c.finePaid), demolishedM2: Number(c.demolishedM2), landReturnedM2: Number(c.landReturnedM2),
    sources: sources.map((s) => ({
      ...s, addedAt: s.addedAt.toISOString(),
      attachments: (s.attachments as { label: string; sha256: string | null; url: string | null }[]).map((a) => ({ ...a, url: a.url ?? fileUrl(a.sha256) })),
    })),
    fieldRecords: fieldRecords.map((r) => ({
      ...r, photos: r.photos.map((p) => ({ ...p, url: fileUrl(p.sha256) })), signatureUrl: fileUrl(r.signatureSha256),
    })),
    records: records.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    stages, events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    documents: docs.map((d) => ({ id: d.id, kind: d.kind, docNo: d.docNo, title: d.title, status: d.status, issuedAt: d.issuedAt.toISOString() })),
    disclosure: disclosure ? { ...disclosure, publishedAt: disclosure.publishedAt.toISOString() } : null,
  };
}

/** The case of a tip-off or a patch (the link back from the source). */
export async function caseOfSource(trx: Tx, kind: 'tipoff' | 'patch', sourceId: string) {
  return trx.selectFrom('enforcement.sources as s').innerJoin('enforcement.cases as c', 'c.id', 's.caseId')
    .select(['c.id', 'c.caseNo', 'c.status']).where('s.kind', '=', kind).where('s.sourceId', '=', sourceId).executeTakeFirst();
}

/** Figures per county bureau in the actor's scope, for cases opened in [from, to]. */
export async function statistics(trx: Tx, f: { from: string; to: string }) {
  const { rows } = await sql<{
    orgPath: string; bureau: string; opened: string; filed: string; closed: string; open: string; overdue: string; overdueByStage: Record<string, number> | null;
    finesDecided: string; finesCollected: string; areaReturned: string; demolished: string; notFiled: string; transferred: string;
  }>`
    with c as (
      select * from enforcement.cases
      where created_at >= (${f.from}::date)::timestamp at time zone 'Asia/Shanghai' and created_at < (${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'
    ), o as (
      select org_path, jsonb_object_agg(stage, n) as by_stage from (
        select org_path, stage, count(*) as n from c where warn_level = 'red' and stage is not null group by org_path, stage
      ) x group by org_path
    )
    select c.org_path::text as "orgPath", u.name as bureau,
      count(*) as opened,
      count(*) filter (where c.filed_on is not null) as filed,
      count(*) filter (where c.status = 'closed') as closed,
      count(*) filter (where c.status not in ('closed', 'not_filed', 'transferred')) as open,
      count(*) filter (where c.warn_level = 'red') as overdue,
      max(o.by_stage::text)::jsonb as "overdueByStage",
      coalesce(sum(c.fine_amount), 0) as "finesDecided",
      coalesce(sum(c.fine_paid), 0) as "finesCollected",
      coalesce(sum(c.land_returned_m2), 0) as "areaReturned",
      coalesce(sum(c.demolished_m2), 0) as demolished,
      count(*) filter (where c.status = 'not_filed') as "notFiled",
      count(*) filter (where c.status = 'transferred') as transferred
    from c join orgs.org_units u on u.id = c.org_unit_id
    left join o on o.org_path = c.org_path
    group by c.org_path, u.name order by c.org_path`.execute(trx);
  return rows.map((r) => ({
    orgPath: r.orgPath, bureau: r.bureau, opened: Number(r.opened), filed: Number(r.filed), closed: Number(r.closed), open: Number(r.open), overdue: Number(r.overdue),
    overdueByStage: r.overdueByStage ?? {}, finesDecided: Number(r.finesDecided), finesCollected: Number(r.finesCollected),
    areaReturnedM2: Number(r.areaReturned), demolishedM2: Number(r.demolished), notFiled: Number(r.notFiled), transferred: Number(r.transferred),
  }));
}

export interface DisclosureQuery { q?: string | undefined; page: number; pageSize: number }

/** The public list of penalty decisions (双公示), newest first. Reads only the published columns. */
export async function listPenaltyDisclosures(trx: Tx, f: DisclosureQuery) {
  let q = trx.selectFrom('enforcement.disclosures');
  const text = f.q?.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('caseNo', 'ilike', like), eb('partyName', 'ilike', like), eb('authority', 'ilike', like), eb('documentNo', 'ilike', like)]));
  }
  const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.select(['caseNo', 'partyName', 'partyKind', 'facts', 'legalBasis', 'penalty', 'authority', 'decidedOn', 'documentNo', 'status', 'statusReason', 'statusChangedAt', 'publishedAt'])
    .orderBy('decidedOn', 'desc').orderBy('publishedAt', 'desc').orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return {
    total: Number(n),
    items: rows.map((r) => ({ ...r, statusChangedAt: r.statusChangedAt?.toISOString() ?? null, publishedAt: r.publishedAt.toISOString() })),
  };
}
