/**
 * Calls and types of the selection API (server/src/modules/selection/README.md): the agency
 * registry (中介机构名录) and draws (随机抽取) for the staff pages.
 */
import { api } from '../../app/api.ts';

export type AgencyStatus = 'active' | 'suspended' | 'blacklisted';
export type DrawStatus = 'pool_frozen' | 'drawn' | 'confirmed' | 'exhausted';
export const SERVICE_TYPES = ['surveying', 'land_valuation', 'geological_survey', 'reserves_review', 'planning', 'geohazard_assessment'] as const;

export interface Agency {
  id: number; code: string; name: string; serviceTypes: string[]; qualification: string; qualificationValidUntil: string;
  status: AgencyStatus; statusReason: string | null; statusUntil: string | null; relatedParties: string[];
  evaluationCount: number; evaluationScore: string | null;
}
export interface AgencyInput { code: string; name: string; serviceTypes: string[]; qualification: string; qualificationValidUntil: string; relatedParties: string[] }
export interface Evaluation { id: number; quality: number; timeliness: number; note: string | null; createdAt: string; drawNo: string | null }
export interface PoolEntry { agencyId: number; code: string; name: string }
export interface DrawSummary { drawNo: string; projectName: string; serviceType: string; status: DrawStatus; selectedAgencyId: number | null; createdAt: string }
export interface DrawView {
  drawNo: string; projectName: string; projectOwner: string; serviceType: string; serviceTypeName: string; status: DrawStatus;
  pool: PoolEntry[]; poolHash: string; excluded: { agencyId: number; name: string; reason: string }[]; secretCommitment: string; poolEntryIdx: number;
  confirmHours: number; secret: string | null; checkpoint: { size: number; root: string; note: string } | null; ownerNumber: string | null; seed: string | null;
  order: number[]; position: number | null; selectedAgencyId: number | null; confirmDueAt: string | null; resultEntryIdx: number | null;
  events: { kind: 'frozen' | 'drawn' | 'confirmed' | 'declined' | 'timed_out'; agencyId: number | null; reason: string | null; entryIdx: number | null; at: string }[];
}

const draw = (drawNo: string) => `/api/selection/draws/${encodeURIComponent(drawNo)}`;

export const selectionApi = {
  agencies: (serviceType?: string) => api.get<Agency[]>('/api/selection/agencies', serviceType ? { serviceType } : undefined),
  register: (input: AgencyInput) => api.post<Agency>('/api/selection/agencies', input),
  update: (id: number, input: Omit<AgencyInput, 'code'>) => api.put<Agency>(`/api/selection/agencies/${id}`, input),
  setStatus: (id: number, input: { status: AgencyStatus; reason: string | null; until: string | null }) => api.post<Agency>(`/api/selection/agencies/${id}/status`, input),
  evaluations: (id: number) => api.get<Evaluation[]>(`/api/selection/agencies/${id}/evaluations`),
  evaluate: (id: number, input: { drawNo: string | null; quality: number; timeliness: number; note: string | null }) => api.post<Agency>(`/api/selection/agencies/${id}/evaluations`, input),
  previewPool: (serviceType: string, projectOwner: string) => api.get<{ pool: PoolEntry[]; excluded: { agencyId: number; name: string; reason: string }[] }>('/api/selection/pool-preview', { serviceType, projectOwner }),
  draws: () => api.get<DrawSummary[]>('/api/selection/draws'),
  draw: (drawNo: string) => api.get<DrawView>(draw(drawNo)),
  freeze: (input: { projectName: string; projectOwner: string; serviceType: string; confirmHours: number }) => api.post<DrawView>('/api/selection/draws', input),
  run: (drawNo: string, ownerNumber: string | null) => api.post<DrawView>(`${draw(drawNo)}/draw`, { ownerNumber }),
  confirm: (drawNo: string) => api.post<DrawView>(`${draw(drawNo)}/confirm`, {}),
  decline: (drawNo: string, reason: string) => api.post<DrawView>(`${draw(drawNo)}/decline`, { reason }),
};
