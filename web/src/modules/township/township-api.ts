/**
 * Calls and types of the township API (server/src/modules/township/README.md): the township
 * clerk's entries, notices and questions; the county's notices and answers; 网上督察.
 */
import { api } from '../../app/api.ts';

export type EntryKind = 'patrol' | 'land_change';
export type Finding = 'illegal_building' | 'small_mine' | 'hazard_sign' | 'nothing_found' | 'land_change';
export const PATROL_FINDINGS: Finding[] = ['illegal_building', 'small_mine', 'hazard_sign', 'nothing_found'];

export interface Entry {
  id: string; townshipCode: string; kind: EntryKind; finding: Finding; place: string; description: string; observedOn: string;
  lon: number | null; lat: number | null; status: 'draft' | 'reported'; reportedAt: string | null; createdAt: string; version: number;
}
export interface EntryInput { kind: EntryKind; finding: Finding; place: string; description: string; observedOn: string; lon: number | null; lat: number | null; report: boolean }
export interface Overview {
  township: { code: string; name: string }; answerWorkdays: number;
  unread: number; unreadOverdue: number; drafts: number; reportedWeek: number; openQuestions: number; answeredUnseen: number;
}
export interface NoticeSummary {
  id: number; orgPath: string; origin: 'county' | 'township'; columnKind: 'notice' | 'news'; title: string; readBy: string | null;
  portalArticleId: string | null; publishedAt: string; publisherName: string; readAt: string | null; readCount: number;
}
export interface Notice extends Omit<NoticeSummary, 'readCount'> { body: string; reads: { orgPath: string; townshipName: string | null; readAt: string }[] }
export interface Message {
  id: number; orgPath: string; townshipName: string | null; subject: string; question: string; askerName: string; askedAt: string; dueDate: string;
  answer: string | null; answererName: string | null; answeredAt: string | null; answerWorkdays: number | null; overdue: boolean;
}
export interface SupervisionRow {
  code: string; name: string; lastActivity: string | null; rank: number; score: number;
  entriesWeek: number; entriesMonth: number; reportsWeek: number; reportsMonth: number; reportsYear: number;
  noticesReceived: number; noticesRead: number; noticesReadOnTime: number; noticesOverdue: number; noticesPublished: number;
  questionsAsked: number; questionsAnswered: number; answerWorkdaysAvg: number | null; questionsOverdue: number;
}

/** The township's name from a path (…t520304102) through the list the page has, else the code. */
export const townshipCodeOf = (orgPath: string) => orgPath.match(/t(\d{9})$/)?.[1] ?? '';

export const townshipApi = {
  overview: () => api.get<Overview>('/api/township/overview'),
  entries: (q: { status?: string; limit?: number } = {}) => api.get<Entry[]>('/api/township/entries', q),
  file: (input: EntryInput) => api.post<Entry>('/api/township/entries', input),
  update: (id: string, input: EntryInput) => api.put<Entry>(`/api/township/entries/${id}`, input),
  notices: () => api.get<NoticeSummary[]>('/api/township/notices'),
  notice: (id: number) => api.get<Notice>(`/api/township/notices/${id}`),
  publish: (input: { title: string; body: string; columnKind: 'notice' | 'news'; readBy: string | null }) => api.post<Notice>('/api/township/notices', input),
  messages: (open = false) => api.get<Message[]>('/api/township/messages', open ? { open: 'true' } : undefined),
  ask: (input: { subject: string; question: string }) => api.post<Message>('/api/township/messages', input),
  answer: (id: number, answer: string) => api.post<Message>(`/api/township/messages/${id}/answer`, { answer }),
  supervision: (year: number) => api.get<{ year: number; townships: SupervisionRow[] }>('/api/township/supervision', { year }),
};
