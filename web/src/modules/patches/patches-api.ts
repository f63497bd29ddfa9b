/** Calls and types of the patches API (server/src/modules/patches/README.md). */
import { api, ApiError } from '../../app/api.ts';
import { currentLanguage } from '../../app/language.ts';

export type PatchStatus = 'pending' | 'proposed' | 'submitted' | 'returned' | 'accepted';
export interface PatchClass { code: string; parentCode: string | null; verdict: 'legal' | 'illegal' | 'other'; name: string; nameEn: string; active: boolean }
export interface BatchCounty { countyCode: string; status: 'open' | 'submitted' | 'accepted'; submittedAt: string | null }
export interface Batch {
  id: number; batchNo: string; name: string; source: 'ministry' | 'province' | 'self'; beforeDate: string; afterDate: string; areaDesc: string; deadline: string;
  imageryBeforeUrl: string | null; imageryAfterUrl: string | null; syntheticImagery: boolean; status: 'draft' | 'open' | 'closed'; patchCount: number;
  counties: BatchCounty[]; byStatus?: Partial<Record<PatchStatus, number>>;
}
export interface PatchRow {
  id: string; tbbh: string; changeType: string; areaM2: string; countyCode: string; townshipCode: string | null; status: PatchStatus;
  suggestedClass: string | null; verdictClass: string | null; enforcementCaseNo: string | null; rectification: string; batchNo: string; deadline: string; hasFieldRecord: boolean;
}
export interface Precheck {
  engine: string;
  approvals: { layer: string; code: string | null; name: string | null; date: string | null; overlapM2: number; share: number }[];
  approvedShare: number; croplandM2: number; basicFarmlandM2: number;
  planZones: { zone: string; overlapM2: number }[];
  miningRights: { code: string | null; name: string | null; overlapM2: number }[];
}
export interface FieldRecord {
  recordId: string; values: Record<string, string | number | boolean | null>; position: { lon: number; lat: number; accuracyM: number | null } | null;
  distanceM: number | null; photos: {
    sha256: string; takenAt: string; far: boolean; distanceM: number | null;
    exif?: { takenAt: string | null; lon: number | null; lat: number | null } | null; exifDistanceM?: number | null; early?: boolean;
  }[]; signatureSha256: string | null;
  recordedAt: string; inspector: { displayName: string }; farPhotos: number; earlyPhotos?: number;
}
export interface PatchView extends PatchRow {
  geom: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }; lon: number; lat: number; beforePhase: string; afterPhase: string; statedAreaM2: string | null;
  precheck: Precheck; verdictApprovalNo: string | null; verdictCroplandM2: string | null; verdictBasicFarmlandM2: string | null; verdictReason: string | null;
  reviewComment: string | null; fieldRecord: FieldRecord | null; rectificationApprovalNo: string | null; awaitingEnforcement: boolean;
  batchName: string; beforeDate: string; afterDate: string; imageryBeforeUrl: string | null; imageryAfterUrl: string | null; syntheticImagery: boolean;
  tipoffs: { tipoffId: number; tipoffNo: string }[]; version: number;
}
export interface ImportReport {
  total: number; valid: number; counties: { countyCode: string; count: number }[];
  invalid: { index: number; tbbh: string; message: string; location: number[] | null }[];
  outside: { index: number; tbbh: string; lon: number; lat: number }[];
  duplicates: { index: number; tbbh: string; batchNo: string; earlierTbbh: string; by: string }[];
}
export interface CountyFigure {
  countyCode: string; countyName: string; year: number; illegalCroplandM2: number; newConstructionCroplandM2: number; ratio: number | null;
  atOrAboveLine: boolean; illegalPatches: number; rectified: number; rectificationRate: number | null;
}
export interface BatchCompletion { batchNo: string; name: string; deadline: string; countyCode: string; countyName: string; status: string; patches: number; withVerdict: number; accepted: number; submittedAt: string | null; onTime: boolean | null }
export interface Figures { year: number; line: number; counties: CountyFigure[]; interview: CountyFigure[]; batches: BatchCompletion[] }
export interface VerdictInput { classCode: string; approvalNo?: string | null; croplandM2?: number | null; basicFarmlandM2?: number | null; reason?: string | null }

/** Where a running import stands on the server (GET /api/patches/import-progress/:token). */
export interface ImportProgress {
  token: string; batchNo: string; dryRun: boolean; phase: 'parsing' | 'validating' | 'inserting' | 'done' | 'failed';
  total: number; parsed: number; validated: number; inserted: number; steps: number; message: string | null;
}

/** Uploads the raw file for a dry run or the apply; progress 0–1 while sending. `token` names the run for importProgress. */
export function importFile(batchNo: string, file: File, dryRun: boolean, skipDuplicates: boolean, onProgress: (p: number) => void, token?: string): Promise<{ report: ImportReport; applied: boolean }> {
  const format = /\.zip$/i.test(file.name) ? 'shapefile' : 'geojson';
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/patches/batches/${batchNo}/import?format=${format}&dryRun=${dryRun}&skipDuplicates=${skipDuplicates}${token ? `&progress=${token}` : ''}`);
    xhr.setRequestHeader('Content-Type', format === 'shapefile' ? 'application/zip' : 'application/geo+json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error', undefined, {}));
    xhr.onload = () => {
      let data: { error?: { code: string; message: string; field?: string } } & Record<string, unknown> = {};
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as unknown as { report: ImportReport; applied: boolean });
      else {
        const { code = 'http', message = String(xhr.status), field, ...details } = data.error ?? {};
        reject(new ApiError(xhr.status, code, message, field, details as Record<string, unknown>));
      }
    };
    xhr.send(file);
  });
}

export const patchesApi = {
  importProgress: (token: string) => api.get<ImportProgress>(`/api/patches/import-progress/${token}`),
  classes: () => api.get<PatchClass[]>('/api/patches/classes'),
  batches: () => api.get<Batch[]>('/api/patches/batches'),
  createBatch: (b: Record<string, unknown>) => api.post<Batch>('/api/patches/batches', b),
  submit: (batchNo: string, countyCode: string) => api.post<{ submitted: number; late: boolean }>(`/api/patches/batches/${batchNo}/counties/${countyCode}/submit`),
  patches: (q: { batchNo?: string; status?: string }) => api.get<PatchRow[]>('/api/patches/patches', q),
  patch: (id: string) => api.get<PatchView>(`/api/patches/patches/${id}`),
  verdict: (id: string, v: VerdictInput) => api.post<PatchView>(`/api/patches/patches/${id}/verdict`, v),
  review: (id: string, action: 'accept' | 'return', comment: string | null) => api.post<PatchView>(`/api/patches/patches/${id}/review`, { action, comment }),
  change: (id: string, v: VerdictInput & { changeReason: string }) => api.post<PatchView>(`/api/patches/patches/${id}/verdict-change`, v),
  handOver: (id: string) => api.post<{ caseNo: string | null; awaitingEnforcement: boolean }>(`/api/patches/patches/${id}/hand-over`),
  rectify: (id: string, state: string, approvalNo: string | null) => api.post<PatchView>(`/api/patches/patches/${id}/rectification`, { state, approvalNo }),
  linkTipoff: (id: string, reportNo: string) => api.post(`/api/patches/patches/${id}/tipoffs`, { reportNo }),
  figures: (year: number) => api.get<Figures>('/api/patches/figures', { year }),
};
