/**
 * 公示: every decision (准予 / 不予许可) is published in the transaction that makes it, with
 * personal data redacted — a person shows as surname + `*` (王**), never an ID number or a phone;
 * a company (法人) is public in full. Anyone may search the list.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { nowOf, type ApprovalsDeps } from './approvals.deps.ts';
import type { CasesTable } from './approvals.tables.ts';
import type { Selectable } from 'kysely';
import { decisionWording } from './decision-wording.ts';

/** Two-character surnames (复姓) kept whole when masking. */
const COMPOUND_SURNAMES = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '令狐', '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '申屠',
];

/** A person's name as published: surname kept, every other character a `*` (at least one). */
export function maskPersonName(name: string): string {
  const chars = [...name.trim().replace(/\s+/g, ' ')];
  if (!chars.length) return '*';
  const surname = COMPOUND_SURNAMES.includes(chars.slice(0, 2).join('')) && chars.length > 2 ? 2 : 1;
  const rest = chars.slice(surname).filter((ch) => ch !== ' ' && ch !== '·');
  return chars.slice(0, surname).join('') + '*'.repeat(Math.max(1, rest.length));
}

export function publicApplicantName(kind: 'person' | 'company', name: string): string {
  return kind === 'company' ? name.trim() : maskPersonName(name);
}

/** Publishes the decision of a case (call inside the deciding transaction). */
export async function publishDisclosure(
  deps: ApprovalsDeps, trx: Tx, c: Selectable<CasesTable>, input: { decision: 'granted' | 'denied'; matterName: string; documentNo: string | null },
): Promise<void> {
  const matter = await trx.selectFrom('approvals.matters').select('code').where('id', '=', c.matterId).executeTakeFirstOrThrow();
  const unit = await trx.selectFrom('orgs.org_units').select('name').where('id', '=', c.orgUnitId).executeTakeFirstOrThrow();
  await trx.insertInto('approvals.disclosures').values({
    caseId: c.id, orgPath: c.orgPath, caseNo: c.caseNo, matterCode: matter.code, matterName: input.matterName,
    applicantKind: c.applicantKind, applicantName: publicApplicantName(c.applicantKind, c.applicantName),
    decision: input.decision, decidedAt: nowOf(deps), orgName: unit.name, documentNo: input.documentNo,
  }).execute();
}

export interface DisclosureQuery {
  q?: string | undefined;
  matterCode?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** The public list, newest decision first; `q` matches case number, matter, applicant, authority or document number. */
export async function listDisclosures(trx: Tx, f: DisclosureQuery) {
  let q = trx.selectFrom('approvals.disclosures');
  const text = f.q?.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([
      eb('caseNo', 'ilike', like), eb('matterName', 'ilike', like), eb('applicantName', 'ilike', like),
      eb('orgName', 'ilike', like), eb('documentNo', 'ilike', like),
    ]));
  }
  if (f.matterCode) q = q.where('matterCode', '=', f.matterCode);
  if (f.from) q = q.where(sql<boolean>`decided_at >= (${f.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (f.to) q = q.where(sql<boolean>`decided_at < (${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.select(['caseNo', 'matterCode', 'matterName', 'applicantName', 'decision', 'decidedAt', 'orgName', 'documentNo'])
    .orderBy('decidedAt', 'desc').orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  // The decision is worded by the matter's type (准予许可, 准予登记 …), as on the documents.
  const codes = [...new Set(rows.map((r) => r.matterCode))];
  const types = new Map(codes.length ? (await trx.selectFrom('approvals.matters as m').innerJoin('approvals.matter_versions as v', 'v.id', 'm.currentVersionId')
    .select(['m.code', 'v.type', 'v.name']).where('m.code', 'in', codes).execute()).map((m) => [m.code, decisionWording(m.type, m.name).key]) : []);
  return {
    total: Number(n),
    items: rows.map((r) => ({ ...r, decidedAt: r.decidedAt.toISOString(), decisionWording: types.get(r.matterCode) ?? 'licensing' })),
  };
}
