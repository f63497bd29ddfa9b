/** Types and calls of the matter catalogue (事项目录) API, as catalogue.routes.ts serves it. */
import { api } from '../../../app/api.ts';

export interface MaterialDef {
  key: string; name: string; required: boolean; form: 'original' | 'copy'; pages: number; kind: 'file' | 'eform';
  sampleFileId?: string | null; note?: string;
}
export interface FlowStage {
  key: string; name: string; kind: 'single' | 'parallel'; departments: string[]; rule: 'all_agree' | 'any_refuse';
  limitDays: number; pausesClock?: boolean; pauseKind?: 'hearing' | 'expert_review' | 'public_notice' | 'on_site_inspection' | 'other';
}
export interface MatterInput {
  name: string; type: '行政许可' | '行政确认' | '公共服务' | '其他'; implementingLevel: 'province' | 'city' | 'county' | 'township';
  department: string; legalBasis: string; conditions: string; materials: MaterialDef[]; form: unknown[]; fees: string;
  statutoryDays: number; promisedDays: number; counterVisits: number; complex: boolean; flow: FlowStage[]; note?: string;
}
export interface MatterView extends MatterInput {
  code: string; version: number; versionId: number; active: boolean; orgUnitId: number; note: string | undefined; createdAt: string;
}

export const MATTER_TYPES = ['行政许可', '行政确认', '公共服务', '其他'] as const;
export const LEVELS = ['province', 'city', 'county', 'township'] as const;
export const DEPARTMENTS = ['landuse', 'planning', 'farmland', 'legal', 'mineral', 'hazard', 'office', 'bureau'] as const;
export const PAUSE_KINDS = ['hearing', 'expert_review', 'public_notice', 'on_site_inspection', 'other'] as const;

export const listMatters = () => api.get<MatterView[]>('/api/approvals/matters');
export const getVersion = (code: string, version: number) => api.get<MatterView>(`/api/public/approvals/matters/${encodeURIComponent(code)}`, { version });
export const reviseMatter = (code: string, input: MatterInput) => api.put<MatterView>(`/api/approvals/matters/${encodeURIComponent(code)}`, input);
export const setActive = (code: string, active: boolean) => api.post<MatterView>(`/api/approvals/matters/${encodeURIComponent(code)}/active`, { active });

/** Only the fields the server takes (it refuses unknown ones); empty optional text left out. */
export function toInput(v: MatterInput): MatterInput {
  return {
    name: v.name, type: v.type, implementingLevel: v.implementingLevel, department: v.department, legalBasis: v.legalBasis,
    conditions: v.conditions, fees: v.fees, statutoryDays: v.statutoryDays, promisedDays: v.promisedDays, counterVisits: v.counterVisits,
    complex: v.complex ?? false, form: v.form ?? [],
    materials: (v.materials ?? []).map((m) => ({
      key: m.key, name: m.name, required: !!m.required, form: m.form, pages: m.pages ?? 0, kind: m.kind,
      ...(m.sampleFileId ? { sampleFileId: m.sampleFileId } : {}), ...(m.note ? { note: m.note } : {}),
    })),
    flow: (v.flow ?? []).map((s) => ({
      key: s.key, name: s.name, kind: s.kind, departments: s.kind === 'single' ? s.departments.slice(0, 1) : s.departments, rule: s.rule,
      limitDays: s.limitDays, pausesClock: !!s.pausesClock, ...(s.pausesClock && s.pauseKind ? { pauseKind: s.pauseKind } : {}),
    })),
    ...(v.note?.trim() ? { note: v.note.trim() } : {}),
  };
}
