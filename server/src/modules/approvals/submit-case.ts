/**
 * Submission (申请): online by a logged-in public account, or entered by the window for a
 * walk-in applicant with scanned materials. The case gets its number and a receipt (收件回执).
 */
import type { Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { setContext } from '../../platform/db/context.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { isValidCreditCode, isValidIdNumber, maskIdNumber } from '../../platform/identity/id-numbers.ts';
import { addEvent, auditCase, issueCaseDocument, nowOf, todayOf, type ActingUser, type ApprovalsDeps } from './approvals.deps.ts';
import type { Applicant, OnlineSubmitInput, SubmitInput } from './approvals.schemas.ts';
import type { CasesTable, FormField, MaterialDef } from './approvals.tables.ts';
import { findMatterByCode } from './matters.ts';
import { takeCaseNo } from './settings.ts';

const MOBILE = /^1[3-9]\d{9}$/;

export function checkApplicant(a: Applicant): Applicant {
  const idNumber = a.idNumber.toUpperCase();
  if (a.kind === 'person' && !isValidIdNumber(idNumber)) throw new AppError('identity.id_number_invalid', 'applicant.idNumber: not a valid citizen ID number (身份证号)', { field: 'applicant.idNumber' });
  if (a.kind === 'company' && !isValidCreditCode(idNumber)) throw new AppError('identity.credit_code_invalid', 'applicant.idNumber: not a valid unified social credit code (统一社会信用代码)', { field: 'applicant.idNumber' });
  const phone = a.phone.replace(/^\+86/, '').replace(/[\s-]/g, '');
  if (!MOBILE.test(phone)) throw new AppError('identity.phone_invalid', 'applicant.phone: a mainland mobile number (11 digits)', { field: 'applicant.phone' });
  if (a.kind === 'company' && !a.contactName?.trim()) throw invalid('applicant.contactName', 'a company names its contact person', '单位申请须填写联系人');
  return { ...a, idNumber, phone, name: a.name.trim() };
}

/** Validates e-form values against the version's fields; unknown keys and bad values name the field. */
export function checkForm(fields: readonly FormField[], data: Record<string, unknown>): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  const known = new Map(fields.map((f) => [f.key, f]));
  for (const k of Object.keys(data)) if (!known.has(k)) throw invalid(`formData.${k}`, 'unknown field', '不是本事项表单的项目');
  for (const f of fields) {
    const field = `formData.${f.key}`;
    const v = data[f.key];
    if (v === undefined || v === null || v === '') {
      if (f.required) throw invalid(field, `${f.label} is required`, `请填写${f.label}`);
      continue;
    }
    if (f.type === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(field, `${f.label} must be a number`, `${f.label}应为数字`);
      if (v < 0 || (f.max !== undefined && v > f.max)) throw invalid(field, `${f.label} must be between 0 and ${f.max ?? '∞'}`, f.max === undefined ? `${f.label}不能小于0` : `${f.label}应在0至${f.max}之间`);
      out[f.key] = v;
      continue;
    }
    if (typeof v !== 'string') throw invalid(field, `${f.label} must be text`, `${f.label}应为文字`);
    if (f.type === 'date' && (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))) throw invalid(field, `${f.label} must be a date YYYY-MM-DD`, `${f.label}应为日期（年-月-日）`);
    if (f.type === 'select' && !f.options?.includes(v)) throw invalid(field, `${f.label} must be one of ${f.options?.join(', ')}`, `${f.label}应为以下之一：${f.options?.join('、')}`);
    const max = f.max ?? (f.type === 'textarea' ? 2000 : 200);
    if ((f.type === 'text' || f.type === 'textarea') && v.length > max) throw invalid(field, `${f.label} has at most ${max} characters`, `${f.label}不能超过${max}个字符`);
    out[f.key] = v.trim();
  }
  return out;
}

/** Checks every file id is a known upload the actor may use, under a material key of the version. */
export async function checkMaterialFiles(deps: ApprovalsDeps, trx: Tx, defs: readonly MaterialDef[], materials: Record<string, string[]>, allowedKeys?: ReadonlySet<string>) {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const [key, ids] of Object.entries(materials)) {
    const def = byKey.get(key);
    if (!def) throw invalid(`materials.${key}`, 'not a material of this matter', '不是本事项的申请材料');
    if (allowedKeys && !allowedKeys.has(key)) throw new AppError('approvals.material_not_requested', `materials.${key}: not listed in the supplement notice`, { field: `materials.${key}` });
    for (const [i, id] of ids.entries()) {
      try {
        await deps.files.getUpload(trx, id);
      } catch (e) {
        if (e instanceof AppError && e.code === 'files.not_found') throw new AppError('files.not_found', `materials.${key}.${i}: file ${id} not found`, { field: `materials.${key}.${i}` });
        throw e;
      }
    }
  }
}

/** Runs `fn` with the handling bureau's scope, then restores the caller's: an applicant's receipt is the bureau's document. */
export async function asBureau<T>(trx: Tx, actor: ActingUser | null, orgPath: string, fn: () => Promise<T>): Promise<T> {
  await setContext(trx, { userId: actor?.userId ?? null, scopes: [orgPath] });
  try {
    return await fn();
  } finally {
    await setContext(trx, { userId: actor?.userId ?? null, scopes: actor?.scopePath ? [actor.scopePath] : [] });
  }
}

export interface Receipt {
  caseNo: string;
  matterName: string;
  submittedAt: string;
  status: string;
  receiptDocumentId: number | null;
  materials: { key: string; name: string; files: number }[];
}

/**
 * An online applicant is the signed-in account: name, ID number and phone come from its verified
 * identity (实名), so nobody applies under another person's name, and later SMS reach the account's
 * own phone. Values sent anyway must match it; only a company's contact person is typed.
 */
async function onlineApplicant(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, typed: Partial<Applicant> | undefined): Promise<Applicant> {
  const p = await deps.identity.verifiedIdentity(trx, actor.userId);
  if (!p) throw new AppError('access.forbidden', 'online applications are made by a public account with a verified identity');
  const norm = (s: string | undefined) => s?.replace(/^\+86/, '').replace(/[\s-]/g, '').toUpperCase();
  for (const key of ['kind', 'name', 'idNumber', 'phone'] as const) {
    const v = typed?.[key];
    if (v !== undefined && norm(String(v).trim()) !== norm(String(p[key]))) {
      throw new AppError('approvals.applicant_not_account', `applicant.${key}: an online application is made in the account holder's own name (实名); apply at the window on behalf of someone else`, { field: `applicant.${key}` });
    }
  }
  return checkApplicant({ ...p, ...(typed?.contactName ? { contactName: typed.contactName } : {}) });
}

export async function submitCase(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, input: SubmitInput | OnlineSubmitInput, channel: 'online' | 'walk_in'): Promise<{ case: Selectable<CasesTable>; receipt: Receipt }> {
  const applicant = channel === 'online'
    ? await onlineApplicant(deps, trx, actor, input.applicant)
    : checkApplicant(input.applicant as Applicant);
  const matter = await findMatterByCode(trx, input.matterCode);
  if (!matter || matter.currentVersionId === null) throw new AppError('approvals.matter_not_found', `matter ${input.matterCode} not found`, { field: 'matterCode' });
  if (!matter.active) throw new AppError('approvals.matter_inactive', `matter ${input.matterCode} takes no applications now`, { field: 'matterCode' });
  const v = await trx.selectFrom('approvals.matter_versions').selectAll().where('id', '=', matter.currentVersionId).executeTakeFirstOrThrow();

  // The handling bureau: the matter's own, or for a township matter the land office of the township.
  let bureau = await deps.orgs.getOrgUnit(matter.orgUnitId, trx);
  if (v.implementingLevel === 'township') {
    if (!input.divisionCode) throw invalid('divisionCode', 'a township matter names the township (9-digit division code)', '请选择所在乡镇（街道）');
    const office = await deps.orgs.findOrgUnitByCode(`${input.divisionCode}-B`, trx);
    if (!office || !office.path.startsWith(`${bureau.path}.`)) throw invalid('divisionCode', `no land office of ${input.divisionCode} handles this matter`, '所选乡镇没有受理本事项的国土所');
    bureau = office;
  } else if (input.divisionCode) {
    throw invalid('divisionCode', 'only township matters take a division code', '本事项不按乡镇受理，无需选择乡镇');
  }
  if (channel === 'walk_in' && !(actor.scopePath && `${bureau.path}.`.startsWith(`${actor.scopePath}.`))) {
    throw new AppError('access.out_of_scope', 'the window can enter cases of its own bureau only');
  }

  const formData = checkForm(v.form, input.formData);
  await checkMaterialFiles(deps, trx, v.materials, input.materials);

  const now = nowOf(deps);
  const today = todayOf(deps);
  const caseNo = await takeCaseNo(trx, bureau.path, bureau.divisionCode, today, deps.siteRole);
  const c = await trx.insertInto('approvals.cases').values({
    caseNo, matterId: matter.id, matterVersionId: v.id, orgPath: bureau.path, orgUnitId: bureau.id, divisionCode: bureau.divisionCode,
    applicantUserId: channel === 'online' ? actor.userId : null, applicantKind: applicant.kind, applicantName: applicant.name,
    applicantIdNumber: applicant.idNumber, applicantPhone: applicant.phone, contactName: applicant.contactName ?? null,
    channel, formData: JSON.stringify(formData), status: 'submitted', submittedAt: now, receivedOn: today,
    // At the counter the service time runs from the moment the clerk starts entering.
    checkStartedAt: channel === 'walk_in' ? now : null,
    promisedDays: v.promisedDays, statutoryDays: v.statutoryDays,
  }).returningAll().executeTakeFirstOrThrow();
  for (const [key, ids] of Object.entries(input.materials)) {
    for (const fileId of ids) {
      await trx.insertInto('approvals.case_materials').values({
        caseId: c.id, orgPath: c.orgPath, applicantUserId: c.applicantUserId, materialKey: key, fileId, round: 0, uploadedBy: actor.userId,
      }).execute();
    }
  }
  await addEvent(trx, c, actor, 'submitted', { channel, matter: v.name });

  const materials = v.materials.map((m) => ({ key: m.key, name: m.name, files: m.kind === 'eform' ? 1 : (input.materials[m.key]?.length ?? 0) }));
  const doc = await asBureau(trx, actor, c.orgPath, () => issueCaseDocument(deps, trx, null, c, 'receipt', {
    recipient: applicant.name,
    paragraphs: [`您提交的“${v.name}”申请材料已收到。本回执不代表受理，我机关将在五个工作日内作出受理、不予受理或一次性告知补正的决定；逾期未告知的，自收到申请材料之日起即为受理。`],
    fields: [
      { label: '办件编号', value: caseNo }, { label: '申请事项', value: v.name }, { label: '申请人', value: applicant.name },
      { label: '证件号码', value: maskIdNumber(applicant.idNumber) }, { label: '收件日期', value: today }, { label: '申请方式', value: channel === 'online' ? '网上申请' : '窗口申请' },
    ],
    table: { caption: '收到的材料', columns: ['材料名称', '份数'], widths: [380, 80], rows: materials.filter((m) => m.files > 0).map((m) => [m.name, String(m.files)]) },
    closing: ['可凭办件编号和证件号码查询办理进度。'],
  }));
  await auditCase(deps, trx, actor, c, 'submitted', { channel, matterCode: matter.code, version: v.version });
  return {
    case: c,
    receipt: { caseNo, matterName: v.name, submittedAt: now.toISOString(), status: c.status, receiptDocumentId: doc.id, materials },
  };
}
