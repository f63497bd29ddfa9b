/**
 * Request and response schemas of the tip-offs (12336 违法线索) API; the web app imports the same
 * types. A schema and its type share one name. Open311 (GeoReport v2) has its own wire format in
 * `open311.routes.ts` and is not described here.
 */
import { z } from 'zod';

/** Violation types (违法类型) accepted by the 12336 platform, land and minerals. */
export const VIOLATION_TYPES = {
  land_illegal_approval: { category: 'land', name: '违法批地', nameEn: 'Illegal land approval' },
  land_illegal_occupation: { category: 'land', name: '违法占地', nameEn: 'Illegal land occupation' },
  land_illegal_transfer: { category: 'land', name: '违法转让土地使用权', nameEn: 'Illegal transfer of land-use rights' },
  land_farmland_damage: { category: 'land', name: '破坏耕地', nameEn: 'Damage to cultivated land' },
  land_other: { category: 'land', name: '其他土地违法', nameEn: 'Other land violation' },
  mineral_illegal_exploration: { category: 'mineral', name: '违法勘查', nameEn: 'Illegal exploration' },
  mineral_illegal_mining: { category: 'mineral', name: '违法开采', nameEn: 'Illegal mining' },
  mineral_illegal_approval: { category: 'mineral', name: '违法批准探矿权采矿权', nameEn: 'Illegal grant of exploration or mining rights' },
  mineral_illegal_transfer: { category: 'mineral', name: '违法转让矿业权', nameEn: 'Illegal transfer of mining rights' },
  mineral_other: { category: 'mineral', name: '其他矿产违法', nameEn: 'Other mineral violation' },
} as const;
export const ViolationType = z.enum(Object.keys(VIOLATION_TYPES) as [keyof typeof VIOLATION_TYPES, ...(keyof typeof VIOLATION_TYPES)[]]);
export type ViolationType = z.infer<typeof ViolationType>;

/** Channels (举报渠道); `web` and `open311` are public, the rest are entered by staff. */
export const CHANNELS = {
  web: '网上举报',
  open311: 'Open311 接口',
  hotline: '12336电话',
  letter: '举报信件',
  email: '电子邮件',
  leader: '领导批办',
  lower_level: '下级上报',
  media: '媒体反映',
  other: '其他',
} as const;
export const Channel = z.enum(Object.keys(CHANNELS) as [keyof typeof CHANNELS, ...(keyof typeof CHANNELS)[]]);
export type Channel = z.infer<typeof Channel>;
export const StaffChannel = z.enum(['hotline', 'letter', 'email', 'leader', 'lower_level', 'media', 'other']);
export type StaffChannel = z.infer<typeof StaffChannel>;

/** Ledger stages (台账环节). `refused` and `merged` end a report without the later stages. */
export const STATUSES = {
  received: '已接收',
  accepted: '已受理（待转办）',
  refused: '不予受理',
  assigned: '已转办/交办（待核查）',
  verified: '已核查（待处置）',
  disposed: '已处置（待反馈）',
  feedback_given: '已反馈（待销号）',
  closed: '已销号',
  merged: '已合并',
} as const;
export const Status = z.enum(Object.keys(STATUSES) as [keyof typeof STATUSES, ...(keyof typeof STATUSES)[]]);
export type Status = z.infer<typeof Status>;

/** Stages with a working-day limit; the key names the status the stage ends in. */
export const STAGE_KEYS = ['triage', 'assign', 'verify', 'dispose', 'feedback', 'close'] as const;
export const StageKey = z.enum(STAGE_KEYS);
export type StageKey = z.infer<typeof StageKey>;

/** Reasons for refusing at triage (不予受理), each with where to go instead. */
export const REFUSAL_REASONS = {
  ownership_dispute: { name: '土地权属纠纷', redirect: '向当地人民政府申请调处，或依法向人民法院起诉' },
  compensation_dispute: { name: '征地补偿费分配或拖欠', redirect: '向当地人民政府或农村集体经济组织反映，或依法申请行政复议、提起诉讼' },
  review_or_litigation: { name: '已进入或应通过行政复议、诉讼、仲裁解决的事项', redirect: '通过行政复议、诉讼或仲裁程序解决' },
  staff_conduct: { name: '反映自然资源部门工作人员违纪违法', redirect: '向纪检监察机关反映' },
  state_secret: { name: '涉及国家安全、国家秘密的事项', redirect: '向国家安全机关反映' },
  not_a_violation: { name: '不属于自然资源违法行为', redirect: '向有关主管部门反映' },
} as const;
export const RefusalReason = z.enum(Object.keys(REFUSAL_REASONS) as [keyof typeof REFUSAL_REASONS, ...(keyof typeof REFUSAL_REASONS)[]]);

export const DISPOSAL_OUTCOMES = {
  no_violation: '经核查不存在违法行为',
  stopped_rectified: '已制止并整改到位',
  case_filed: '已立案查处',
} as const;
export const DisposalOutcome = z.enum(['no_violation', 'stopped_rectified', 'case_filed']);

/** A point in CGCS2000 geographic coordinates (EPSG:4490), longitude first. */
export const Point = z.strictObject({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});

export const Place = z.strictObject({
  divisionCode: z.string().regex(/^\d{6}(\d{3})?$/, '6-digit county or 9-digit township code (GB/T 2260)'),
  address: z.string().trim().min(2).max(200),
  point: Point.describe('EPSG:4490 lon/lat; must lie inside China (tipoffs.point_outside_china)'),
});
export type Place = z.infer<typeof Place>;

export const ReporterInput = z.strictObject({
  anonymous: z.boolean(),
  name: z.string().trim().min(1).max(50).optional(),
  phone: z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, 'mobile (11 digits) or landline').optional(),
  email: z.email().max(120).optional(),
  idNumber: z.string().trim().min(15).max(18).optional(),
}).describe('anonymous: only phone/email (optional, for the acknowledgement and feedback) are kept; real-name: name required');
export type ReporterInput = z.infer<typeof ReporterInput>;

const ReportCore = {
  violationType: ViolationType,
  place: Place,
  party: z.string().trim().min(1).max(200).describe('被举报对象 (person, company or organ reported)'),
  facts: z.string().trim().min(10).max(5000).describe('主要违法事实'),
  files: z.array(z.uuid()).max(9).default([]).describe('upload ids (JPEG, PNG, PDF) from the uploads endpoint'),
};

/** Public form (POST /api/public/tipoffs/reports). Header `Idempotency-Key` (16–100 chars) required. */
export const PublicReportInput = z.strictObject({
  ...ReportCore,
  reporter: ReporterInput,
  pow: z.strictObject({ challenge: z.string().min(10).max(500), nonce: z.string().min(1).max(64) })
    .describe('a solved challenge from GET /api/public/tipoffs/challenge'),
});
export type PublicReportInput = z.infer<typeof PublicReportInput>;

/** Staff entry (POST /api/tipoffs/reports): the channel it came through. */
export const StaffReportInput = z.strictObject({
  ...ReportCore,
  reporter: ReporterInput,
  channel: StaffChannel,
  channelRef: z.string().trim().max(100).optional().describe('来电号码记录号, 来信编号, 批示文号, 上报文号 …'),
  receivedAt: z.iso.datetime({ offset: true }).optional().describe('when the call/letter arrived; default now'),
});
export type StaffReportInput = z.infer<typeof StaffReportInput>;

export const Challenge = z.object({
  challenge: z.string(),
  difficulty: z.number().int().describe('leading zero bits required of sha256(challenge + nonce)'),
  expiresAt: z.string(),
});
export type Challenge = z.infer<typeof Challenge>;

export const Receipt = z.object({
  trackingCode: z.string().describe('keep it: the only key to follow the report (no login)'),
  reportNo: z.string(),
  receivedAt: z.string(),
  status: Status,
  acknowledgement: z.string().describe('the text also sent by SMS / e-mail when a contact was given'),
});
export type Receipt = z.infer<typeof Receipt>;

export const UploadView = z.object({ id: z.string(), sha256: z.string(), size: z.number(), mime: z.string(), name: z.string() });

/** What the reporter sees with the tracking code. No staff names, no reporter data. */
export const TrackView = z.object({
  trackingCode: z.string(),
  reportNo: z.string(),
  violationType: ViolationType,
  violationTypeName: z.string(),
  status: Status,
  statusName: z.string(),
  receivedAt: z.string(),
  refusal: z.object({ reason: RefusalReason, reasonName: z.string(), redirect: z.string(), note: z.string().nullable() }).nullable(),
  mergedInto: z.string().nullable().describe('reportNo of the report this one was merged into; its progress is shown'),
  feedback: z.object({ text: z.string(), outcome: DisposalOutcome, outcomeName: z.string(), caseNo: z.string().nullable(), givenAt: z.string() }).nullable(),
  canDispute: z.boolean().describe('true after feedback, until closed + 30 days; see dispute endpoint'),
  events: z.array(z.object({ at: z.string(), kind: z.string(), text: z.string() })),
});
export type TrackView = z.infer<typeof TrackView>;

export const DisputeInput = z.strictObject({ reason: z.string().trim().min(5).max(2000) });

export const TriageInput = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('accept'), note: z.string().max(1000).optional() }),
  z.strictObject({ decision: z.literal('refuse'), reason: RefusalReason, note: z.string().max(1000).optional(), redirect: z.string().max(300).optional().describe('default: the reason’s standard redirect') }),
]);
export type TriageInput = z.infer<typeof TriageInput>;

export const AssignInput = z.strictObject({
  mode: z.enum(['transfer', 'assign']).describe('transfer = 转办 (stage limits apply); assign = 交办 (dueDate required, report back required)'),
  countyCode: z.string().regex(/^\d{6}$/).optional().describe('default: the county of the place'),
  dueDate: z.iso.date().optional().describe('交办 deadline (YYYY-MM-DD), required for mode assign'),
  instructions: z.string().max(2000).optional(),
});
export type AssignInput = z.infer<typeof AssignInput>;

export const VerifyInput = z.strictObject({
  verifiedOn: z.iso.date(),
  findings: z.string().trim().min(5).max(5000).describe('核查情况'),
  violationFound: z.boolean(),
  evidence: z.array(z.uuid()).max(30).default([]).describe('upload ids from POST /api/files (photos or documents)'),
});
export type VerifyInput = z.infer<typeof VerifyInput>;

export const DisposeInput = z.strictObject({
  outcome: DisposalOutcome,
  caseNo: z.string().trim().min(3).max(60).optional().describe('立案号 when outcome = case_filed; left out, the enforcement module opens the case and its number is recorded'),
  summary: z.string().trim().min(5).max(5000).describe('处置情况 (for 交办: the report back, 办理报告)'),
  evidence: z.array(z.uuid()).max(30).default([]),
});
export type DisposeInput = z.infer<typeof DisposeInput>;

export const FeedbackInput = z.strictObject({
  text: z.string().trim().min(5).max(2000).describe('sent to every reporter (incl. merged reports) by SMS / e-mail and shown on tracking'),
});

export const CloseInput = z.strictObject({ note: z.string().max(1000).optional() });
export const MergeInput = z.strictObject({ intoId: z.number().int().positive() });
export const EvidenceInput = z.strictObject({ files: z.array(z.uuid()).min(1).max(30), note: z.string().max(300).optional() });

export const DeadlineView = z.object({
  stage: StageKey, startedOn: z.string(), dueDate: z.string().nullable(), limitDays: z.number(),
  level: z.enum(['green', 'yellow', 'red']),
  dueDateProvisional: z.boolean().describe('预计: computed in a year whose holiday notice is not declared yet; recomputed when it is'),
});

export const ReportSummary = z.object({
  id: z.number(),
  reportNo: z.string(),
  channel: Channel,
  violationType: ViolationType,
  status: Status,
  divisionCode: z.string(),
  divisionName: z.string(),
  address: z.string(),
  lon: z.number().nullable().describe('null when the report gave an address only'),
  lat: z.number().nullable(),
  placePending: z.boolean().describe('the place is still to be determined (发生地待定): division is the receiving bureau\'s; assign it with countyCode'),
  party: z.string(),
  receivedAt: z.string(),
  stage: StageKey.nullable(),
  stageDueDate: z.string().nullable(),
  stageDueDateProvisional: z.boolean().describe('预计: the stage due date may move when its year is declared'),
  warnLevel: z.enum(['green', 'yellow', 'red']),
  assignedCountyCode: z.string().nullable(),
  duplicateCandidates: z.number().describe('open merge proposals'),
  version: z.number(),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReporterView = z.object({
  id: z.number(),
  reportId: z.number().describe('the report it was filed with (differs after a merge)'),
  anonymous: z.boolean(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  idNumber: z.string().nullable(),
});

export const ReportView = ReportSummary.extend({
  trackingCode: z.string().nullable().describe('only with tipoffs.reporter.read'),
  facts: z.string(),
  channelRef: z.string().nullable(),
  intakeOrgPath: z.string(),
  orgPath: z.string(),
  files: z.array(z.object({ fileId: z.string(), name: z.string(), mime: z.string(), stage: z.string(), createdAt: z.string() })),
  reporters: z.array(ReporterView).nullable().describe('null unless the actor has tipoffs.reporter.read and asked ?reveal=reporter (audited)'),
  reporterCount: z.number(),
  triage: z.object({ decision: z.enum(['accept', 'refuse']), reason: RefusalReason.nullable(), redirect: z.string().nullable(), note: z.string().nullable(), at: z.string() }).nullable(),
  assignment: z.object({
    mode: z.enum(['transfer', 'assign']), countyCode: z.string(), countyOrgPath: z.string(), assignedByOrgPath: z.string(),
    dueDate: z.string().nullable(), instructions: z.string().nullable(), at: z.string(),
  }).nullable(),
  verification: z.object({ verifiedOn: z.string(), findings: z.string(), violationFound: z.boolean(), at: z.string() }).nullable(),
  disposal: z.object({ outcome: DisposalOutcome, caseNo: z.string().nullable(), summary: z.string(), at: z.string() }).nullable(),
  feedback: z.object({ text: z.string(), at: z.string(), recipients: z.number() }).nullable(),
  closedAt: z.string().nullable(),
  mergedIntoId: z.number().nullable(),
  mergedReports: z.array(z.object({ id: z.number(), reportNo: z.string() })),
  reopenCount: z.number(),
  deadlines: z.array(DeadlineView),
  duplicates: z.array(z.object({ proposalId: z.number(), otherId: z.number(), otherReportNo: z.string(), distanceM: z.number(), days: z.number(), status: z.enum(['open', 'merged', 'dismissed']) })),
  events: z.array(z.object({ at: z.string(), kind: z.string(), actorName: z.string().nullable(), details: z.any() })),
  closeChecklist: z.object({ disposal: z.boolean(), evidence: z.boolean(), feedback: z.boolean(), signOffOrgPath: z.string().nullable() }),
});
export type ReportView = z.infer<typeof ReportView>;

export const ListQuery = z.object({
  status: Status.optional(),
  channel: Channel.optional(),
  violationType: ViolationType.optional(),
  warnLevel: z.enum(['green', 'yellow', 'red']).optional(),
  divisionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional().describe('county or township; includes below'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  q: z.string().max(100).optional().describe('report number, address or party'),
  before: z.coerce.number().int().positive().optional().describe('keyset: id of the last row of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const ListResponse = z.object({ items: z.array(ReportSummary), nextBefore: z.number().nullable() });

export const Settings = z.strictObject({
  stageDays: z.strictObject({
    triage: z.number().int().min(1).max(60), assign: z.number().int().min(1).max(60), verify: z.number().int().min(1).max(120),
    dispose: z.number().int().min(1).max(365), feedback: z.number().int().min(1).max(60), close: z.number().int().min(1).max(60),
  }),
  warnDays: z.number().int().min(0).max(10).describe('yellow when this many working days or fewer remain'),
  duplicateDistanceM: z.number().int().min(0).max(10000),
  duplicateWindowDays: z.number().int().min(1).max(3650),
  powDifficulty: z.number().int().min(0).max(28),
  surgeWeeks: z.number().int().min(1).max(12).describe('recent window for the rising-areas list'),
  surgeHistoryWeeks: z.number().int().min(4).max(104),
  surgeK: z.number().min(0).max(10),
});
export type Settings = z.infer<typeof Settings>;

export const WarningView = z.object({
  id: z.number(), reportId: z.number(), reportNo: z.string(), stage: StageKey, level: z.enum(['yellow', 'red']),
  dueDate: z.string(), raisedAt: z.string(), clearedAt: z.string().nullable(), orgPath: z.string(),
});

export const TrendsQuery = z.object({
  period: z.enum(['week', 'month']).default('month'),
  by: z.enum(['area', 'type', 'channel']).default('area'),
  from: z.iso.date().optional().describe('default: 12 periods back'),
  to: z.iso.date().optional(),
  divisionCode: z.string().regex(/^\d{6}$/).optional().describe('restrict to a province/city/county (6 digits)'),
});
export const TrendsResponse = z.object({
  period: z.enum(['week', 'month']),
  by: z.enum(['area', 'type', 'channel']),
  periods: z.array(z.string()).describe('period start dates (Monday for weeks, 1st for months)'),
  series: z.array(z.object({ key: z.string(), name: z.string(), counts: z.array(z.number()), total: z.number() })),
});
export const HeatmapQuery = z.object({
  bbox: z.string().regex(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/).optional().describe('minLon,minLat,maxLon,maxLat'),
  cell: z.coerce.number().min(0.0005).max(1).default(0.01).describe('grid cell size in degrees'),
  from: z.iso.date().optional(), to: z.iso.date().optional(),
});
export const HeatmapResponse = z.object({
  cell: z.number(),
  cells: z.array(z.object({ lon: z.number(), lat: z.number(), count: z.number() }).describe('cell centre')),
});
export const RisingResponse = z.object({
  method: z.string(),
  items: z.array(z.object({
    divisionCode: z.string(), divisionName: z.string(), recent: z.number().describe('mean weekly count, recent window'),
    mean: z.number(), sd: z.number(), threshold: z.number(), ratio: z.number().nullable(),
  })),
});
export const HotspotsResponse = z.object({
  items: z.array(z.object({ lon: z.number(), lat: z.number(), address: z.string(), divisionCode: z.string(), count: z.number(), openCount: z.number(), lastAt: z.string() })),
});

export const ApiKeyInput = z.strictObject({ name: z.string().trim().min(2).max(100), contact: z.string().max(200).optional() });
export const ApiKeyView = z.object({ id: z.number(), name: z.string(), contact: z.string().nullable(), prefix: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable() });
export const ApiKeyCreated = ApiKeyView.extend({ key: z.string().describe('shown once') });
