/**
 * Request and response schemas of the approvals API; the web app imports the same types.
 * A schema and its type share one name.
 */
import { z } from 'zod';

const key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _ (start with a letter)');

export const MaterialDef = z.strictObject({
  key,
  name: z.string().min(2).max(100),
  required: z.boolean(),
  form: z.enum(['original', 'copy']).describe('原件 or 复印件'),
  pages: z.number().int().min(0).max(999),
  kind: z.enum(['file', 'eform']),
  sampleFileId: z.uuid().nullable().optional(),
  note: z.string().max(300).optional(),
});
export type MaterialDef = z.infer<typeof MaterialDef>;

export const FormField = z.strictObject({
  key,
  label: z.string().min(1).max(60),
  type: z.enum(['text', 'number', 'date', 'select', 'textarea']),
  required: z.boolean(),
  options: z.array(z.string().min(1).max(60)).min(1).max(50).optional(),
  max: z.number().int().positive().max(1_000_000_000).optional().describe('text: most characters; number: largest value'),
});

export const FlowStage = z.strictObject({
  key,
  name: z.string().min(2).max(60),
  kind: z.enum(['single', 'parallel']),
  departments: z.array(z.string().regex(/^[a-z0-9_]{1,40}$/)).min(1).max(12)
    .describe('org-unit labels under the handling bureau (landuse, planning, farmland …); `bureau` = the bureau itself'),
  rule: z.enum(['all_agree', 'any_refuse']),
  limitDays: z.number().int().min(0).max(365),
  pausesClock: z.boolean().optional().describe('特殊环节: time not counted in the case limit'),
  pauseKind: z.enum(['hearing', 'expert_review', 'public_notice', 'on_site_inspection', 'other']).optional(),
});

export const MatterInput = z.strictObject({
  name: z.string().min(2).max(100),
  type: z.enum(['行政许可', '行政确认', '公共服务', '其他']),
  implementingLevel: z.enum(['province', 'city', 'county', 'township']),
  department: z.string().min(1).max(60),
  legalBasis: z.string().min(2).max(4000),
  conditions: z.string().min(2).max(4000),
  materials: z.array(MaterialDef).max(60),
  form: z.array(FormField).max(60),
  fees: z.string().min(1).max(500),
  statutoryDays: z.number().int().min(1).max(365),
  promisedDays: z.number().int().min(1).max(365),
  counterVisits: z.number().int().min(0).max(5),
  complex: z.boolean().default(false),
  flow: z.array(FlowStage).max(20),
  note: z.string().max(500).optional(),
});
export type MatterInput = z.infer<typeof MatterInput>;

export const NewMatterInput = MatterInput.extend({
  code: z.string().regex(/^[A-Za-z0-9-]{4,60}$/, '4–60 letters, digits or -'),
  orgUnitId: z.number().int().positive().optional().describe('owning bureau; default: the bureau of the active post'),
});

export const MatterView = z.object({
  code: z.string(),
  version: z.number(),
  versionId: z.number(),
  active: z.boolean(),
  orgUnitId: z.number(),
  name: z.string(),
  type: z.string(),
  implementingLevel: z.string(),
  department: z.string(),
  legalBasis: z.string(),
  conditions: z.string(),
  materials: z.array(z.any()),
  form: z.array(z.any()),
  fees: z.string(),
  statutoryDays: z.number(),
  promisedDays: z.number(),
  counterVisits: z.number(),
  complex: z.boolean(),
  flow: z.array(z.any()),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type MatterView = z.infer<typeof MatterView>;

export const MatterSummary = MatterView.pick({
  code: true, version: true, name: true, type: true, implementingLevel: true, department: true, promisedDays: true,
  statutoryDays: true, counterVisits: true, fees: true,
});

export const Applicant = z.strictObject({
  kind: z.enum(['person', 'company']),
  name: z.string().min(2).max(100),
  idNumber: z.string().min(18).max(18).describe('身份证号 (person) or 统一社会信用代码 (company)'),
  phone: z.string().min(11).max(20),
  contactName: z.string().max(50).optional(),
});
export type Applicant = z.infer<typeof Applicant>;

export const MaterialFiles = z.record(key, z.array(z.uuid()).min(1).max(50))
  .describe('file ids (from POST /api/files) per material key');

export const SubmitInput = z.strictObject({
  matterCode: z.string().min(4).max(60),
  applicant: Applicant,
  formData: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).default({}),
  materials: MaterialFiles.default({}),
  divisionCode: z.string().regex(/^\d{9}$/).optional().describe('township (9 digits) for a township-level matter (宅基地)'),
});
export type SubmitInput = z.infer<typeof SubmitInput>;

export const VersionBody = { version: z.number().int().positive().optional().describe('the case version you saw; a stale one gets 409 approvals.case_state_changed') };

export const SupplementItemInput = z.strictObject({ key, reason: z.string().min(2).max(300) });

const DeadlineStep = z.object({ kind: z.string(), text: z.string() }).loose();

export const DeadlineView = z.object({
  dueDate: z.string(), totalDays: z.number(), pausedDays: z.number(), remainingDays: z.number(), usedDays: z.number(),
  level: z.enum(['green', 'yellow', 'red']), steps: z.array(DeadlineStep),
});

export const CaseSummary = z.object({
  caseNo: z.string(), matterCode: z.string(), matterName: z.string(), status: z.string(), decision: z.string().nullable(),
  applicantName: z.string(), channel: z.string(), submittedAt: z.string(), receivedOn: z.string(),
  acceptedOn: z.string().nullable(), dueDate: z.string().nullable(), warnLevel: z.string(), version: z.number(),
  waitingMinutes: z.number().nullable().describe('minutes since submission, for the window queue'),
});

export const StageView = z.object({
  id: z.number(), idx: z.number(), key: z.string(), name: z.string(), kind: z.string(), rule: z.string(),
  departments: z.array(z.string()), limitDays: z.number(), pausesClock: z.boolean(), status: z.string(),
  startedOn: z.string().nullable(), dueDate: z.string().nullable(), completedAt: z.string().nullable(), warnLevel: z.string(),
  opinions: z.array(z.object({ department: z.string(), verdict: z.string(), comment: z.string(), userId: z.number(), createdAt: z.string() })),
});

export const CaseView = CaseSummary.extend({
  applicant: z.object({ kind: z.string(), name: z.string(), idNumber: z.string().describe('masked unless revealed'), phone: z.string(), contactName: z.string().nullable() }),
  orgUnitId: z.number(),
  matterVersion: z.number(),
  matterType: z.enum(['行政许可', '行政确认', '公共服务', '其他']).describe('事项类型: the decision wording follows it (准予许可, 准予登记, 予以办理 …)'),
  decisionWording: z.enum(['licensing', 'registration', 'confirmation', 'service']).describe('How this matter words its decision: 准予/不予许可, 准予/不予登记, 予以/不予确认, 予以/不予办理'),
  formData: z.record(z.string(), z.any()),
  materials: z.array(z.object({ key: z.string(), name: z.string(), required: z.boolean(), files: z.array(z.object({ fileId: z.string(), round: z.number(), createdAt: z.string() })) })),
  supplementRequests: z.array(z.object({ round: z.number(), phase: z.string(), items: z.array(z.any()), note: z.string().nullable(), requestedAt: z.string(), answeredAt: z.string().nullable() })),
  stages: z.array(StageView),
  clockStops: z.array(z.object({ id: z.number(), kind: z.string(), reason: z.string(), startedOn: z.string(), endedOn: z.string().nullable(), workdays: z.number().nullable() })),
  extensions: z.array(z.object({ id: z.number(), days: z.number(), reason: z.string(), status: z.string(), requestedAt: z.string(), decidedAt: z.string().nullable() })),
  documents: z.array(z.object({ documentId: z.number(), kind: z.string(), docNo: z.string(), createdAt: z.string() })),
  events: z.array(z.object({ at: z.string(), kind: z.string(), actorName: z.string().nullable(), details: z.any() })),
  deadline: DeadlineView.nullable(),
  deadlineExplanation: z.array(z.string()).describe('the deadline steps as sentences, for the case page'),
  acceptSeconds: z.number().nullable(),
  acceptOverStandard: z.boolean().nullable(),
  deemedAccepted: z.boolean(),
  refusalReason: z.string().nullable(),
  decisionReason: z.string().nullable(),
  decidedOn: z.string().nullable(),
  workdaysUsed: z.number().nullable(),
  promisedDays: z.number(),
  statutoryDays: z.number(),
  extensionDays: z.number(),
  pausedSince: z.string().nullable(),
  delivery: z.string().nullable(),
});
export type CaseView = z.infer<typeof CaseView>;

export const TrackView = z.object({
  caseNo: z.string(), matterName: z.string(), status: z.string(), statusName: z.string(), decision: z.string().nullable(),
  decisionWording: z.enum(['licensing', 'registration', 'confirmation', 'service']).describe('how the matter words its decision (准予许可, 准予登记 …)'),
  submittedAt: z.string(), acceptedOn: z.string().nullable(), dueDate: z.string().nullable(),
  promisedDays: z.number().describe('promised limit in working days (承诺时限)'),
  deadlineExplanation: z.array(z.string()).describe('how the due date is computed, step by step (start, limit, stops, extensions, due date); empty before acceptance'),
  supplement: z.object({ round: z.number(), items: z.array(z.any()), note: z.string().nullable() }).nullable(),
  events: z.array(z.object({ at: z.string(), kind: z.string(), text: z.string() })),
  documents: z.array(z.object({ documentId: z.number(), kind: z.string(), docNo: z.string(), createdAt: z.string() })),
});
export type TrackView = z.infer<typeof TrackView>;

export const WarningView = z.object({
  id: z.number(), caseNo: z.string(), matterName: z.string(), stageName: z.string().nullable(), level: z.string(),
  dueDate: z.string(), raisedAt: z.string(), clearedAt: z.string().nullable(), orgPath: z.string(), details: z.any(),
});
