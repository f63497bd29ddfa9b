/**
 * Issues, stores, revokes and verifies the documents of the administration (文书). A module
 * calls `issue` inside its own transaction: the number, the registry row and the audit entry
 * commit or roll back with the module's change.
 */
import crypto from 'node:crypto';
import type { Env } from '../../env.ts';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import type { OrgsService, OrgUnit } from '../orgs/index.ts';
import { AppError, invalid } from '../http/errors.ts';
import * as repo from './documents.repo.ts';
import { chinaYear, loadFonts, renderPdf, type DocumentBody } from './documents.render.ts';
import { createDiskBlobStore, type DocumentBlobStore } from './documents.store.ts';
import { assertPrintable } from '../printable.ts';
import type { Insertable } from 'kysely';
import type { DocumentsTable } from './documents.tables.ts';

/** Kinds of document, their default title and the nature word (执法性质) of their number. */
export const DOCUMENT_KINDS = {
  acceptance_notice: { title: '受理通知书', nature: '受' },
  supplement_notice: { title: '补正材料通知书', nature: '补' },
  refusal_notice: { title: '不予受理通知书', nature: '不受' },
  decision: { title: '行政许可决定书', nature: '许决' },
  licence: { title: '行政许可证', nature: '许' },
  receipt: { title: '收件回执', nature: '收' },
  extension_notice: { title: '延期办理通知书', nature: '延' },
  certificate: { title: '证明', nature: '证' },
  notice: { title: '告知书', nature: '告' },
  penalty_decision: { title: '行政处罚决定书', nature: '罚' },
  sale_confirmation: { title: '成交确认书', nature: '成' },
  overlay_report: { title: '用地叠加分析报告', nature: '析' },
  case_filing_form: { title: '立案呈批表', nature: '立' },
  inquiry_record: { title: '询问笔录', nature: '询' },
  site_record: { title: '现场勘验笔录', nature: '勘' },
  penalty_notice: { title: '行政处罚告知书', nature: '罚告' },
  hearing_notice: { title: '听证告知书', nature: '听告' },
  case_closing_form: { title: '结案呈批表', nature: '结' },
  hazard_work_card: { title: '地质灾害防灾工作明白卡', nature: '灾卡' },
  hazard_avoid_card: { title: '地质灾害防灾避险明白卡', nature: '避卡' },
  hazard_plan: { title: '地质灾害隐患点防御预案表', nature: '灾案' },
  openness_annual_report: { title: '政府信息公开工作年度报告', nature: '公开报' },
  portal_yearly_report: { title: '政府网站工作年度报表', nature: '网报' },
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

/** 行政复议法 art. 20 (60 days) and 行政诉讼法 art. 46 (6 months); printed on refusals unless the caller gives its own. */
export const APPEAL_NOTICE =
  '如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。';

export interface IssueInput {
  kind: DocumentKind;
  /** Printed and public on the verification page: never put a person's name in it. Default: the kind's title. */
  title?: string;
  /** The unit issuing it (e.g. the window); the authority printed and sealed is its bureau. */
  orgUnitId: number;
  subject: { type: string; id: string | number };
  body: DocumentBody;
  /** A valid earlier document this one replaces; it becomes `superseded`. */
  supersedes?: number;
  /** The date it is issued (printed, and numbered in its year); default now. A module's service clock (e.g. the demo's past days). */
  issuedAt?: Date;
}

export interface IssuedDocument {
  id: number;
  docNo: string;
  sha256: string;
  size: number;
  verifyToken: string;
  verifyUrl: string;
  bytes: Buffer;
}

/** What anyone may learn about a document: the verification page shows exactly this. */
export interface PublicDocument {
  kind: string;
  kindName: string;
  title: string;
  docNo: string;
  issuer: string;
  issuedAt: string;
  sha256: string;
  size: number;
  status: 'valid' | 'revoked' | 'superseded';
  statusChangedAt: string | null;
  verifyToken: string;
}

const TOKEN = /^[A-Za-z0-9_-]{22,64}$/;
const SUBJECT_TYPE = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/**
 * The authority's short name when none is configured: the first character of the most local
 * place name and 自然资/国土资 (遵义市播州区自然资源局 → 播自然资). Configure real ones with `setNumberPrefix`.
 */
export function defaultShortName(name: string): string {
  const m = /^(.*?)(自然资源|国土资源)/.exec(name);
  if (!m || !m[1]) return [...name].slice(0, 2).join('');
  const place = m[1];
  // A 省/市 that ends the place name is part of it; one inside it separates a higher level.
  const cut = Math.max(place.lastIndexOf('省', place.length - 2), place.lastIndexOf('市', place.length - 2));
  const local = cut >= 0 ? place.slice(cut + 1) : place;
  return `${[...local][0]}${m[2] === '自然资源' ? '自然资' : '国土资'}`;
}

export function formatDocNo(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

function toPublic(r: repo.PublicDocumentRow): PublicDocument {
  return {
    kind: r.kind,
    kindName: DOCUMENT_KINDS[r.kind as DocumentKind]?.title ?? r.kind,
    title: r.title, docNo: r.docNo, issuer: r.issuerName, issuedAt: r.issuedAt.toISOString(),
    sha256: r.sha256, size: r.size, status: r.status,
    statusChangedAt: r.statusChangedAt ? r.statusChangedAt.toISOString() : null, verifyToken: r.verifyToken,
  };
}

export interface DocumentServiceDeps {
  db: Db;
  env: Env;
  audit: AuditService;
  orgs: OrgsService;
  /** Defaults to `DATA_DIR/documents`; later the platform file store. */
  store?: DocumentBlobStore;
}

export function createDocumentService({ db, env, audit, orgs, store = createDiskBlobStore(env.dataDir) }: DocumentServiceDeps) {
  // PUBLIC_URL, else the listening address once the server listens (useListeningUrl), never a guessed port.
  const strip = (u: string) => u.replace(/\/+$/, '');
  let baseUrl = strip(env.PUBLIC_URL ?? `http://localhost:${env.PORT || 3000}`);

  /** The bureau (发文机关) a unit belongs to: itself, or the nearest bureau above it. */
  async function issuerOf(trx: Tx, unit: OrgUnit): Promise<OrgUnit> {
    let u = unit;
    while (u.kind !== 'bureau') {
      if (u.parentId === null) return u;
      u = await orgs.getOrgUnit(u.parentId, trx);
    }
    return u;
  }

  async function prefixOf(trx: Tx, issuer: OrgUnit, kind: DocumentKind): Promise<string> {
    const { own, short } = await repo.findPrefixes(trx, issuer.id, kind);
    return own ?? `${short ?? defaultShortName(issuer.name)}${DOCUMENT_KINDS[kind].nature}`;
  }

  /** Numbers, renders and stores one document; nothing is registered or audited yet. */
  async function prepare(trx: Tx, input: IssueInput) {
    if (!Object.hasOwn(DOCUMENT_KINDS, input.kind)) throw invalid('kind', `unknown document kind ${String(input.kind)}`, `不是可选的文书类型：${String(input.kind)}`);
    const title = (input.title ?? DOCUMENT_KINDS[input.kind].title).trim();
    if (!title || title.length > 100) throw invalid('title', 'give 1–100 characters', '应为1至100个字符');
    if (!SUBJECT_TYPE.test(input.subject.type)) throw invalid('subject.type', 'use module.entity, e.g. approvals.case', '格式应为“模块.对象”，如 approvals.case');
    const subjectId = String(input.subject.id);
    if (!subjectId || subjectId.length > 100) throw invalid('subject.id', 'give 1–100 characters', '应为1至100个字符');
    if (!Array.isArray(input.body?.paragraphs)) throw invalid('body.paragraphs', 'required', '必须填写');

    const unit = await orgs.getOrgUnit(input.orgUnitId, trx);
    const issuer = await issuerOf(trx, unit);
    const issuedAt = input.issuedAt ?? new Date();
    const year = chinaYear(issuedAt);
    const prefix = await prefixOf(trx, issuer, input.kind);
    // Locks the counter until commit: concurrent issues of this authority and kind queue here.
    const seq = await repo.takeNextNumber(trx, issuer.id, input.kind, year, env.SITE_ROLE);
    const docNo = formatDocNo(prefix, year, seq);
    const verifyToken = crypto.randomBytes(16).toString('base64url');
    const verifyUrl = `${baseUrl}/verify/${verifyToken}`;

    const body: DocumentBody = input.kind === 'refusal_notice' && input.body.legalNotice === undefined
      ? { ...input.body, legalNotice: [APPEAL_NOTICE] } : input.body;
    const bytes = await renderPdf({ issuerName: issuer.name, title, docNo, issuedAt, body, verifyUrl, verifyToken }, loadFonts());
    const sha256 = sha256Hex(bytes);
    // Stored before the row: a rollback leaves an unreferenced blob, never a row without bytes.
    await store.put(sha256, bytes);
    return { input, title, subjectId, unit, issuer, issuedAt, year, seq, docNo, verifyToken, verifyUrl, bytes, sha256 };
  }

  /** Registers a prepared document and appends its audit entry (this takes the audit chain head until commit). */
  async function record(trx: Tx, actor: AuditActor | null, p: Awaited<ReturnType<typeof prepare>>): Promise<IssuedDocument> {
    const { input, unit, issuer, docNo, sha256, bytes } = p;
    const row = await repo.insertDocument(trx, {
      kind: input.kind, docNo, title: p.title, subjectType: input.subject.type, subjectId: p.subjectId, orgPath: unit.path,
      orgUnitId: unit.id, issuerOrgUnitId: issuer.id, issuerName: issuer.name, year: p.year, seq: p.seq, sha256,
      size: bytes.length, verifyToken: p.verifyToken, revokedReason: null, statusChangedAt: null, statusChangedBy: null,
      supersededBy: null, issuedAt: p.issuedAt, issuedBy: actor?.userId ?? null,
    });
    await audit.record(trx, actor, {
      action: 'documents.document.issued', entityType: 'document', entityId: row.id, orgPath: unit.path,
      details: { kind: input.kind, docNo, sha256, subjectType: input.subject.type, subjectId: p.subjectId },
    });

    if (input.supersedes !== undefined) {
      const old = await repo.findDocumentForUpdate(trx, input.supersedes);
      if (!old) throw new AppError('documents.not_found', `document ${input.supersedes} not found`, { field: 'supersedes' });
      if (old.status !== 'valid') throw new AppError('documents.not_valid', `document ${old.docNo} is ${old.status}`, { field: 'supersedes' });
      await repo.setStatus(trx, old.id, { status: 'superseded', supersededBy: row.id, by: actor?.userId ?? null });
      await audit.record(trx, actor, {
        action: 'documents.document.superseded', entityType: 'document', entityId: old.id, orgPath: old.orgPath,
        details: { docNo: old.docNo, supersededBy: row.id, newDocNo: docNo },
      });
    }
    return { id: row.id, docNo, sha256, size: bytes.length, verifyToken: p.verifyToken, verifyUrl: p.verifyUrl, bytes };
  }

  async function issue(trx: Tx, actor: AuditActor | null, input: IssueInput): Promise<IssuedDocument> {
    assertPrintable({ title: input.title ?? '', body: input.body }, `document ${input.kind}`);
    return record(trx, actor, await prepare(trx, input));
  }

  /**
   * Issues several documents in one transaction: all are numbered and rendered first, then
   * registered and audited. Rendering takes tens of milliseconds; done this way no PDF is
   * rendered while this transaction holds the audit chain head, which every writer waits for.
   */
  async function issueAll(trx: Tx, actor: AuditActor | null, inputs: readonly IssueInput[]): Promise<IssuedDocument[]> {
    const prepared = [];
    for (const input of inputs) assertPrintable({ title: input.title ?? '', body: input.body }, `document ${input.kind}`);
    for (const input of inputs) prepared.push(await prepare(trx, input));
    const out: IssuedDocument[] = [];
    for (const p of prepared) out.push(await record(trx, actor, p));
    return out;
  }

  /** The registry row, inside the RLS scope of `q`'s transaction. */
  async function getDocument(q: Db | Tx, id: number) {
    const d = await repo.findDocument(q, id);
    if (!d) throw new AppError('documents.not_found', `document ${id} not found`);
    return d;
  }

  /**
   * The PDF bytes of a document visible in `q`'s RLS scope. An applicant-facing route checks
   * that the subject is the applicant's, then calls this in a system-scoped transaction with
   * `expectSubject`, so a document of another case is never served by mistake.
   */
  async function getPdf(q: Db | Tx, id: number, opts: { expectSubject?: { type: string; id: string | number } } = {}) {
    const d = await getDocument(q, id);
    if (opts.expectSubject && (d.subjectType !== opts.expectSubject.type || d.subjectId !== String(opts.expectSubject.id))) {
      throw new AppError('documents.not_found', `document ${id} not found`);
    }
    const bytes = await store.find(d.sha256);
    if (!bytes) throw new AppError('documents.content_missing', `the PDF of ${d.docNo} is missing from storage`);
    if (sha256Hex(bytes) !== d.sha256) throw new AppError('documents.content_missing', `the PDF of ${d.docNo} does not match its hash`);
    return { document: d, bytes };
  }

  async function revoke(trx: Tx, actor: AuditActor | null, id: number, reason: string) {
    const why = reason?.trim() ?? '';
    if (!why || why.length > 500) throw invalid('reason', 'give 1–500 characters', '应为1至500个字符');
    const d = await repo.findDocumentForUpdate(trx, id);
    if (!d) throw new AppError('documents.not_found', `document ${id} not found`);
    if (d.status !== 'valid') throw new AppError('documents.not_valid', `document ${d.docNo} is already ${d.status}`, { status: d.status });
    const updated = await repo.setStatus(trx, id, { status: 'revoked', revokedReason: why, by: actor?.userId ?? null });
    await audit.record(trx, actor, {
      action: 'documents.document.revoked', entityType: 'document', entityId: id, orgPath: d.orgPath,
      details: { docNo: d.docNo, reason: why },
    });
    return updated;
  }

  /** Public facts for the verification page; throws documents.not_found for an unknown token. */
  async function verify(token: string): Promise<PublicDocument> {
    const row = TOKEN.test(token) ? await repo.findPublicByToken(db, token) : undefined;
    if (!row) throw new AppError('documents.not_found', 'no document has this verification code', { field: 'token' });
    return toPublic(row);
  }

  /** Whether these bytes are exactly a registered document (a printed copy cannot be checked this way, only its QR). */
  async function verifyBytes(bytes: Uint8Array): Promise<{ match: boolean; sha256: string; document: PublicDocument | null }> {
    const sha256 = sha256Hex(bytes);
    const row = await repo.findPublicBySha256(db, sha256);
    return { match: Boolean(row), sha256, document: row ? toPublic(row) : null };
  }

  /** Sets the number prefix of an authority for a kind, or its short name with kind '*'. */
  async function setNumberPrefix(trx: Tx, actor: AuditActor | null, input: { issuerOrgUnitId: number; kind: DocumentKind | '*'; prefix: string }) {
    if (input.kind !== '*' && !Object.hasOwn(DOCUMENT_KINDS, input.kind)) throw invalid('kind', `unknown document kind ${input.kind}`, `不是可选的文书类型：${input.kind}`);
    const prefix = input.prefix.trim();
    if (!prefix || prefix.length > 30 || /[〔〕\s]/.test(prefix)) throw invalid('prefix', 'give 1–30 characters without 〔〕 or spaces', '应为1至30个字符，不能含“〔〕”或空格');
    const issuer = await orgs.getOrgUnit(input.issuerOrgUnitId, trx);
    if (issuer.kind !== 'bureau') throw invalid('issuerOrgUnitId', 'the issuing authority is a bureau', '发文机关应为局、厅或所');
    await repo.upsertPrefix(trx, issuer.id, input.kind, prefix);
    await audit.record(trx, actor, {
      action: 'documents.number_prefix.set', entityType: 'org_unit', entityId: issuer.id, orgPath: issuer.path,
      details: { kind: input.kind, prefix },
    });
  }

  return {
    issue,
    issueAll,
    getDocument,
    getPdf,
    revoke,
    verify,
    verifyBytes,
    setNumberPrefix,
    listForSubject: (q: Db | Tx, subject: { type: string; id: string | number }) => repo.listBySubject(q, subject.type, String(subject.id)),
    /** Called once the server listens: without PUBLIC_URL, documents link to that address (platform/public-url.ts). */
    useListeningUrl(url: string): void {
      if (!env.PUBLIC_URL) baseUrl = strip(url);
    },
    /** The base of the links printed on documents. */
    publicBaseUrl: () => baseUrl,
    /** The URL printed in the QR code of a token. */
    verifyUrlOf: (token: string) => `${baseUrl}/verify/${token}`,
    /** The stored PDF bytes of a document by its SHA-256 (exchange packages carry them). */
    findBytes: (sha256: string) => store.find(sha256),
    /**
     * Registers a document issued by the other site of an exchange (内外网数据交换) with its own
     * number, hash and verification token, so it can be downloaded and verified here too.
     * Idempotent by SHA-256: the same document arriving twice is registered once.
     */
    async adopt(trx: Tx, doc: Omit<Insertable<DocumentsTable>, 'id'>, bytes: Buffer): Promise<{ id: number; created: boolean }> {
      if (sha256Hex(bytes) !== doc.sha256) throw new AppError('documents.content_missing', `the PDF of ${doc.docNo} does not match its hash`);
      const have = await trx.selectFrom('documents.documents').select('id').where('sha256', '=', doc.sha256).executeTakeFirst();
      if (have) return { id: have.id, created: false };
      await store.put(doc.sha256, bytes);
      const row = await repo.insertDocument(trx, doc);
      await audit.record(trx, null, {
        action: 'documents.document.adopted', entityType: 'document', entityId: row.id, orgPath: doc.orgPath,
        details: { kind: doc.kind, docNo: doc.docNo, sha256: doc.sha256, subjectType: doc.subjectType, subjectId: doc.subjectId },
      });
      return { id: row.id, created: true };
    },
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
