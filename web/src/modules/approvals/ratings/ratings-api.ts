/** Types and calls of the 好差评 / 差评整改 / 公示 endpoints (server: modules/approvals/ratings.routes.ts). */
import { api } from '../../../app/api.ts';

export type RectificationStatus = 'open' | 'visited' | 'done';
export type Light = 'green' | 'yellow' | 'red';

export interface RatingItem {
  id: number; caseNo: string; matterName: string; applicantName: string; applicantKind: string;
  level: number; levelName: string; tags: string[]; comment: string | null; followUp: boolean; createdAt: string;
  rectificationId: number | null; rectificationStatus: RectificationStatus | null;
}
export interface RatingList {
  total: number; bad: number; satisfaction: number | null;
  distribution: { level: number; count: number }[];
  items: RatingItem[];
}
export interface Rectification {
  id: number; caseNo: string; matterName: string; applicantName: string; applicantPhone: string;
  rating: { level: number; levelName: string; tags: string[]; comment: string | null };
  status: RectificationStatus; openedOn: string; visitDueDate: string | null; dueDate: string | null;
  visitedAt: string | null; visitNote: string | null; result: string | null; completedAt: string | null;
  followUpLevel: number | null; version: number; light: Light; overdue: boolean;
}
export interface Disclosure {
  caseNo: string; matterCode: string; matterName: string; applicantName: string; decision: 'granted' | 'denied';
  decisionWording: 'licensing' | 'registration' | 'confirmation' | 'service';
  decidedAt: string; orgName: string; documentNo: string | null;
}

export const ratingsApi = {
  ratings: (q: { level?: number | undefined; from?: string | undefined; to?: string | undefined }) => api.get<RatingList>('/api/approvals/ratings', q),
  rectifications: (status?: RectificationStatus) => api.get<Rectification[]>('/api/approvals/rectifications', { status }),
  visit: (id: number, note: string, version: number) => api.post<Rectification>(`/api/approvals/rectifications/${id}/visit`, { note, version }),
  complete: (id: number, result: string, version: number) => api.post<Rectification>(`/api/approvals/rectifications/${id}/complete`, { result, version }),
  disclosures: (q: { q?: string | undefined; matterCode?: string | undefined; from?: string | undefined; to?: string | undefined; page: number; pageSize: number }) =>
    api.get<{ items: Disclosure[]; total: number }>('/api/public/approvals/disclosures', q),
};
