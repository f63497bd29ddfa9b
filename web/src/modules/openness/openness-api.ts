/**
 * Calls and types of the openness API (server/src/modules/openness/README.md): the 政府信息公开目录
 * with review, letters (局长信箱 / 咨询) and surveys for the staff pages.
 */
import { api } from '../../app/api.ts';

export const CATEGORY_CODES = ['JGZN', 'ZCWJ', 'GHJH', 'XZXK', 'XZCF', 'TDGY', 'CZYJS', 'JYTA', 'QT'] as const;
export type EntryStatus = 'draft' | 'submitted' | 'returned' | 'published' | 'withdrawn';
export interface Entry {
  id: number; category: string; title: string; docNo: string | null; body: string; status: EntryStatus; indexNo: string | null;
  createdBy: number; submittedBy: number | null; reviewNote: string | null; publishedAt: string | null; withdrawReason: string | null; updatedAt: string;
}
export interface EntryInput { category: string; title: string; docNo: string | null; body: string }
export type LetterStatus = 'received' | 'answered' | 'published';
export interface Letter {
  letterNo: string; kind: 'mailbox' | 'consult'; subject: string; body: string; writerName: string; writerPhone: string; consentPublish: boolean;
  status: LetterStatus; receivedOn: string; dueDate: string; reply: string | null; repliedOn: string | null; rating: number | null; ratingComment: string | null;
  publicSubject: string | null; proposal: { publicSubject: string; publicBody: string; publicReply: string } | null;
}
export interface Survey { id: number; title: string; description: string; status: 'draft' | 'open' | 'closed'; closesOn: string; options: { key: string; label: string; votes: number }[]; total: number }
export interface ReportFigures { year: number; proactiveTotal: number; requests: Record<'received' | 'carriedOver' | 'granted' | 'denied' | 'refused' | 'withdrawn' | 'pending', number>; letters: Record<string, number> }

const l = (no: string) => `/api/openness/letters/${encodeURIComponent(no)}`;

export const opennessApi = {
  entries: (status?: EntryStatus) => api.get<Entry[]>('/api/openness/entries', status ? { status } : undefined),
  create: (input: EntryInput) => api.post<Entry>('/api/openness/entries', input),
  update: (id: number, input: EntryInput) => api.put<Entry>(`/api/openness/entries/${id}`, input),
  submit: (id: number) => api.post<Entry>(`/api/openness/entries/${id}/submit`, {}),
  publish: (id: number) => api.post<Entry>(`/api/openness/entries/${id}/publish`, {}),
  return: (id: number, note: string) => api.post<Entry>(`/api/openness/entries/${id}/return`, { note }),
  withdraw: (id: number, reason: string) => api.post<Entry>(`/api/openness/entries/${id}/withdraw`, { reason }),
  reportFigures: (year: number) => api.get<ReportFigures>('/api/openness/reports/figures', { year }),
  issueReport: (year: number) => api.post<{ docNo: string }>('/api/openness/reports', { year }),
  letters: (status?: LetterStatus) => api.get<Letter[]>('/api/openness/letters', status ? { status } : undefined),
  reply: (no: string, reply: string) => api.post<Letter>(`${l(no)}/reply`, { reply }),
  publishLetter: (no: string, texts: { publicSubject: string; publicBody: string; publicReply: string }) => api.post<Letter>(`${l(no)}/publish`, texts),
  surveys: () => api.get<Survey[]>('/api/openness/surveys'),
  createSurvey: (input: { title: string; description: string; options: string[]; closesOn: string }) => api.post<Survey>('/api/openness/surveys', input),
  setSurveyStatus: (id: number, status: 'open' | 'closed') => api.post<Survey>(`/api/openness/surveys/${id}/status`, { status }),
};
