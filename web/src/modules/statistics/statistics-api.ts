/** Calls of the statistics pages (server: server/src/modules/statistics/statistics.routes.ts). */
import { api, ApiError } from '../../app/api.ts';
import { currentLanguage } from '../../app/language.ts';

export interface RowDef { code: string; name: string; nameEn?: string; unit?: string; decimals?: number; explanation?: string; indent?: number; formula?: string }
export interface Definition { rows: RowDef[]; columns: RowDef[]; blank: string[]; checks: { id: string; expr: string; level: 'hard' | 'soft'; message: string; messageEn?: string }[] }
export interface CheckFailure { key: string; id: string; level: 'hard' | 'soft'; message: string; messageEn?: string; expr: string; cells: { ref: string; cell: string | null; value: number | null }[] }
export interface CellComment { cell: string; comment: string }
export type Status = 'draft' | 'submitted' | 'returned' | 'accepted';
export interface ReportView {
  report: { id: number; status: Status; revision: number; orgPath: string; divisionCode: string; unitName: string; explanations: Record<string, string>; responsiblePerson: string | null; statistician: string | null; phone: string | null; windowOpen: boolean; reopenedUntil: string | null; submittedAt: string | null };
  form: { code: string; tableNo: string; name: string; nameEn: string | null; authority: string; approvalNo: string | null; validUntil: string | null; periodType: string; simplified: string | null };
  period: { period: string; startsOn: string; endsOn: string; opensOn: string; dueOn: string; version: number };
  definition: Definition;
  values: Record<string, number>;
  computed: string[];
  sources: Record<string, { source: string; ref: string | null }>;
  checks: CheckFailure[];
  cellComments: CellComment[];
  events: { kind: string; revision: number; actorName: string | null; comment: string | null; cellComments: CellComment[]; at: string }[];
}
export interface MyForm { code: string; tableNo: string; name: string; nameEn: string | null; periodType: string; reports: { period: string; dueOn: string; id: number; status: Status; revision: number }[] }
export interface ReportRow { id: number; form: string; formName: string; period: string; dueOn: string; orgPath: string; divisionCode: string; unitName: string; status: Status; revision: number; submittedAt: string | null; firstSubmittedAt: string | null }
export interface FormInfo { code: string; tableNo: string; name: string; nameEn: string | null; periodType: string; version: number }
export interface Rollup { form: string; period: string; by: string; version?: number; definition?: Definition; groups: { code: string; name: string; units: number; values: Record<string, number> }[]; total: { units: number; values: Record<string, number> } }
export interface Completeness {
  form: string; period: string; dueOn: string; by: string;
  groups: { path: string; name: string; expected: number; submitted: number; onTime: number; accepted: number }[];
  total: { expected: number; submitted: number; onTime: number; accepted: number };
  overdue: { orgPath: string; divisionCode: string; unitName: string; status: string }[];
}
export interface ExcelResult { ok: boolean; dryRun: boolean; errors: { cell: string; message: string; sheet?: string; address?: string }[]; values: number }

const own = (form: string, period: string) => `/api/statistics/my/${form}/${period}`;

export const statisticsApi = {
  forms: () => api.get<FormInfo[]>('/api/statistics/forms'),
  my: () => api.get<MyForm[]>('/api/statistics/my'),
  open: (form: string, period: string) => api.get<ReportView>(own(form, period)),
  save: (form: string, period: string, values: Record<string, number | null>) => api.put<{ saved: number; checks: CheckFailure[] }>(`${own(form, period)}/values`, { values }),
  submit: (form: string, period: string, body: { explanations: Record<string, string>; responsiblePerson: string; statistician: string; phone: string | null; expectedRevision: number }) =>
    api.post<{ id: number; revision: number }>(`${own(form, period)}/submit`, body),
  templateUrl: (form: string, period: string, filled: boolean) => `${own(form, period)}/template.xlsx?filled=${filled ? 1 : 0}`,
  async excel(form: string, period: string, file: File, dryRun: boolean): Promise<ExcelResult> {
    const res = await fetch(`${own(form, period)}/excel?dryRun=${dryRun ? 1 : 0}`, {
      method: 'POST', credentials: 'same-origin', body: file,
      headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', Accept: 'application/json', 'Accept-Language': currentLanguage() },
    });
    const data = await res.json() as ExcelResult & { error?: { code: string; message: string; field?: string; errors?: ExcelResult['errors'] } };
    if (!res.ok) {
      if (data.error?.errors) return { ok: false, dryRun, errors: data.error.errors, values: 0 };
      throw new ApiError(res.status, data.error?.code ?? 'internal', data.error?.message ?? res.statusText, data.error?.field, data.error ?? {});
    }
    return data;
  },
  reports: (q: { form?: string; period?: string; status?: string }) => api.get<ReportRow[]>('/api/statistics/reports', q),
  report: (id: number) => api.get<ReportView>(`/api/statistics/reports/${id}`),
  diff: (id: number, from: number, to?: number) => api.get<{ changes: { cell: string; before: number | null; after: number | null }[]; revisions: number[] }>(`/api/statistics/reports/${id}/diff`, { from, to }),
  review: (id: number, body: { decision: 'accept' | 'return'; comment: string | null; cellComments: CellComment[] }) => api.post<{ status: Status }>(`/api/statistics/reports/${id}/review`, body),
  reopen: (body: { form: string; period: string; orgPath: string; reason: string; days: number }) => api.post<{ reopenedUntil: string }>('/api/statistics/reopen', body),
  rollup: (q: { form: string; period: string; by: string; accepted?: string }) => api.get<Rollup>('/api/statistics/rollup', q),
  completeness: (q: { form: string; period: string; by: string }) => api.get<Completeness>('/api/statistics/completeness', q),
  completenessXlsx: (q: { form: string; period: string; by: string }) => `/api/statistics/completeness.xlsx?${new URLSearchParams({ ...q, lang: currentLanguage() })}`,
};

/** The period before today's for a period type (the one usually being reported now). */
export function currentPeriod(type: string, now = new Date()): string {
  const y = now.getFullYear(); const m = now.getMonth() + 1;
  if (type === 'monthly') return m === 1 ? `${y - 1}12` : `${y}${String(m - 1).padStart(2, '0')}`;
  if (type === 'quarterly') { const q = Math.ceil(m / 3); return q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`; }
  if (type === 'half_yearly') return m <= 6 ? `${y - 1}S2` : `${y}S1`;
  return `${y - 1}`;
}
