/** Client of /api/enforcement (shapes as the server's views.ts returns them). */
import { api } from '../../app/api.ts';

export const STATUS_CODES = ['proposed', 'investigating', 'reviewing', 'reviewed', 'notified', 'hearing', 'decided', 'executing', 'closed', 'not_filed', 'transferred'] as const;
export type CaseStatus = typeof STATUS_CODES[number];
export const VIOLATION_KINDS = ['illegal_occupation', 'illegal_transfer', 'villager_house', 'illegal_mining', 'cross_boundary_mining'] as const;
export const STAGE_KEYS = ['filing', 'investigation', 'review', 'notice', 'decision', 'execution', 'closing'] as const;
export const WARN_COLOR: Record<string, string> = { green: 'green', yellow: 'gold', red: 'red' };

export interface CaseSummary {
  id: number; caseNo: string; title: string; status: CaseStatus; statusName: string; stage: string | null; stageDueDate: string | null;
  warnLevel: string; partyName: string | null; divisionCode: string; fineAmount: number | null; createdAt: string; rowVersion: number;
}
export interface Proposal {
  ruleId: number; violationName: string; band: string; bandName: string; fineBasis: string; rate: { min: number; max: number; applied: number };
  base: number; range: { min: number; max: number }; amount: number; measures: { confiscate: boolean; demolish: boolean; restore: boolean };
  legalBasis: string; sources: string[]; confirmed: boolean; note: string | null; explanation: string;
}
export interface CaseDetail extends CaseSummary {
  summary: string; violationKind: string | null; partyKind: 'person' | 'company' | null; partyIdNumber: string | null; partyAddress: string | null;
  facts: Record<string, unknown>; proposal: { calculation: Proposal; fine: number; departure: boolean; departureReason: string | null } | null;
  reviewRequired: boolean | null; hearingEligible: boolean | null; reviewOpinion: string | null; noticeServedOn: string | null; defenceDueDate: string | null;
  hearingRequestDue: string | null; defenceText: string | null; decidedOn: string | null; legalBasis: string | null; finePaid: number; demolishedM2: number;
  landReturnedM2: number; courtAppliedOn: string | null; decisionDueDate: string | null; disclosureDueDate: string | null; clockPausedOn: string | null;
  sources: { kind: string; ref: string; summary: string }[];
  records: { id: number; kind: string; recordedOn: string; title: string; content: string; files: string[] }[];
  stages: { stage: string; startedOn: string; limitDays: number; dueDate: string | null; endedOn: string | null; pausedDays: number }[];
  events: { kind: string; actorName: string | null; at: string; details: Record<string, unknown> }[];
  documents: { id: number; kind: string; docNo: string; title: string; status: string }[];
  disclosure: { status: string; statusReason: string | null } | null;
  fieldRecords: FieldRecordView[];
}
type LocalText = { 'zh-CN': string; 'en-US': string };
/** A record of the offline field app on a source of the case (a patch's 外业核查). */
export interface FieldRecordView {
  sourceKind: string; sourceRef: string; form: LocalText; recordId: string; recordedAt: string; receivedAt: string;
  position: { lon: number; lat: number; accuracyM: number | null } | null; distanceM: number | null; farPhotos: number;
  values: { name: string; label: LocalText; value: LocalText | string | null }[];
  photos: { sha256: string; takenAt: string; lon: number | null; lat: number | null; headingDeg: number | null; distanceM: number | null; far: boolean; url: string | null }[];
  signatureUrl: string | null;
}
export interface CountyFigures {
  bureau: string; opened: number; filed: number; closed: number; open: number; overdue: number; overdueByStage: Record<string, number>;
  finesDecided: number; finesCollected: number; areaReturnedM2: number; demolishedM2: number; notFiled: number; transferred: number;
}
/** patches/index.ts `rectificationByCounty`: accepted 违法 patches and their 整改 per county. */
export interface PatchRectification {
  countyCode: string; countyName: string; illegalPatches: number; pending: number; demolished: number; confiscated: number; legalised: number;
  rectificationRate: number | null; awaitingEnforcement: number;
}
/** GET /api/enforcement/settings (settings.ts settingsView). */
export interface SettingsView {
  scope: string; inheritedFrom: string | null; version: number;
  effective: { stageDays: Record<string, number>; warnDays: number; disclosureDays: number; reviewFine: { person: number; company: number }; hearingFine: { person: number; company: number } };
  versions: { orgPath: string; version: number; stageDays: Record<string, number>; warnDays: number; disclosureDays: number; changeReason: string; changedByName: string; changedAt: string }[];
}
/** A discretion band (GET /api/enforcement/baselines); `effective`: the nearest scope's, the one the calculator uses. */
export interface Baseline {
  id: number; orgPathText: string; violationKind: string; violationName: string; band: string; bandName: string; fineBasis: 'per_m2' | 'gains_share' | 'none';
  fineMin: number; fineMax: number; confiscate: boolean; demolish: boolean; restore: boolean; legalBasis: string; note: string | null; confirmed: boolean;
  version: number; changeReason: string | null; effective: boolean;
}
export interface PenaltyDisclosure {
  caseNo: string; partyName: string; partyKind: string; facts: string; legalBasis: string; penalty: string; authority: string; decidedOn: string;
  documentNo: string | null; status: 'published' | 'changed' | 'withdrawn'; statusReason: string | null;
}

export const enforcementApi = {
  list: (q: { status?: string | undefined; warn?: string | undefined; q?: string | undefined; page: number }) => api.get<{ total: number; items: CaseSummary[] }>('/api/enforcement/cases', q),
  get: (id: number) => api.get<CaseDetail>(`/api/enforcement/cases/${id}`),
  action: (id: number, path: string, body: Record<string, unknown>) => api.post<{ case: CaseDetail }>(`/api/enforcement/cases/${id}/${path}`, body),
  open: (body: Record<string, unknown>) => api.post<{ caseId: number; caseNo: string }>('/api/enforcement/cases', body),
  calculate: (body: { violationKind: string; facts: Record<string, unknown> }) => api.post<Proposal>('/api/enforcement/calculate', body),
  statistics: (q: { from?: string | undefined; to?: string | undefined }) => api.get<{ items: CountyFigures[]; patchRectification: PatchRectification[] | null }>('/api/enforcement/statistics', q),
  settings: () => api.get<SettingsView>('/api/enforcement/settings'),
  saveSettings: (body: Record<string, unknown>) => api.put<SettingsView>('/api/enforcement/settings', body),
  baselines: () => api.get<Baseline[]>('/api/enforcement/baselines'),
  reviseBaseline: (id: number, body: Record<string, unknown>) => api.post<{ id: number }>(`/api/enforcement/baselines/${id}/revise`, body),
  disclosures: (q: { q?: string | undefined; page: number; pageSize: number }) => api.get<{ total: number; items: PenaltyDisclosure[] }>('/api/public/enforcement/disclosures', q),
};
