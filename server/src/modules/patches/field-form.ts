/**
 * The patch form (图斑外业核查) of the offline field app (`server/src/platform/field`, `/field`
 * PWA): registered in app.ts with `field.register(createPatchFieldForm())`.
 */
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { Tx } from '../../platform/db/context.ts';
import type { FieldRecordStored, Precheck } from './patches.tables.ts';

import type { LocalText, FieldAssignment, FieldFormField, FieldFormProvider } from '../../platform/field/index.ts';
export type { FieldFormProvider, FieldRecordInput } from '../../platform/field/index.ts';

const t = (zh: string, en: string): LocalText => ({ 'zh-CN': zh, 'en-US': en });

export const PATCH_FIELDS: FieldFormField[] = [
  {
    name: 'landUse', type: 'select', required: true, label: t('实地现状', 'What is there'),
    options: [
      { value: 'building', label: t('建筑物（房屋、厂房）', 'Buildings (houses, sheds)') },
      { value: 'hardened', label: t('硬化地面、道路', 'Hardened ground, road') },
      { value: 'construction', label: t('正在施工', 'Under construction') },
      { value: 'facility_agri', label: t('农业设施（大棚、养殖）', 'Farm facilities (greenhouses, livestock)') },
      { value: 'temporary', label: t('临时用地（工棚、堆场）', 'Temporary use (site huts, yards)') },
      { value: 'mining', label: t('采矿、挖沙取土', 'Mining, sand or soil digging') },
      { value: 'crop_change', label: t('种植结构调整', 'Change of crops') },
      { value: 'unchanged', label: t('实地未变化（伪变化）', 'Unchanged on the ground (false change)') },
    ],
  },
  { name: 'builder', type: 'text', label: t('建设（使用）主体', 'Builder or user') },
  { name: 'startDate', type: 'date', label: t('开工时间', 'Start date') },
  { name: 'occupiesCropland', type: 'boolean', required: true, label: t('是否占用耕地', 'Occupies cropland') },
  { name: 'croplandM2', type: 'number', label: t('占用耕地面积（平方米）', 'Cropland occupied (m²)') },
  { name: 'approvalNo', type: 'text', label: t('现场出示的批准文号', 'Approval number shown on site') },
  { name: 'note', type: 'textarea', label: t('核查情况说明', 'Findings') },
];

const SHA256 = /^[0-9a-f]{64}$/;

/** Checks the values against the form; throws AppError naming the field. */
export function checkValues(values: Record<string, unknown>): Record<string, string | number | boolean | null> {
  if (!values || typeof values !== 'object') throw invalid('values', 'the form values are missing', '缺少表单内容');
  const known = new Set(PATCH_FIELDS.map((f) => f.name));
  for (const k of Object.keys(values)) if (!known.has(k)) throw invalid(`values.${k}`, 'not a field of the patch form', '不是图斑核查表的项目');
  const out: Record<string, string | number | boolean | null> = {};
  for (const f of PATCH_FIELDS) {
    const v = values[f.name];
    const empty = v === undefined || v === null || v === '';
    if (empty) {
      if (f.required) throw invalid(`values.${f.name}`, `${f.label['en-US']} is required`, `请填写${f.label['zh-CN']}`);
      out[f.name] = null;
      continue;
    }
    switch (f.type) {
      case 'boolean': if (typeof v !== 'boolean') throw invalid(`values.${f.name}`, 'true or false', '应为“是”或“否”'); break;
      case 'number': if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1e9) throw invalid(`values.${f.name}`, 'a number of 0 or more', '应为不小于0的数字'); break;
      case 'date': if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw invalid(`values.${f.name}`, 'a date YYYY-MM-DD', '应为日期（年-月-日）'); break;
      case 'select': if (!f.options!.some((o) => o.value === v)) throw invalid(`values.${f.name}`, `one of ${f.options!.map((o) => o.value).join(', ')}`, '不是可选的值'); break;
      default: if (typeof v !== 'string' || v.length > (f.type === 'textarea' ? 2000 : 200)) throw invalid(`values.${f.name}`, `text of at most ${f.type === 'textarea' ? 2000 : 200} characters`, `应为文字，不能超过${f.type === 'textarea' ? 2000 : 200}个字符`);
    }
    out[f.name] = v as string | number | boolean;
  }
  return out;
}

/** The patches an inspector may check (RLS: the county's), all or the one `id`. */
async function assignments(trx: Tx, id?: string): Promise<FieldAssignment[]> {
  const rows = await trx.selectFrom('patches.patches as p').innerJoin('patches.batches as b', 'b.id', 'p.batchId')
    .leftJoin('patches.classes as c', 'c.code', 'p.suggestedClass')
    .select(['p.id', 'p.tbbh', 'p.geom', 'p.version', 'p.changeType', 'p.areaM2', 'p.statedAreaM2', 'p.precheck', 'p.status', 'b.deadline', 'b.afterDate', 'b.name as batchName', 'c.name as className', 'c.nameEn as classNameEn'])
    .where('b.status', '=', 'open').where('p.status', 'in', ['pending', 'proposed', 'returned'])
    .$if(id !== undefined, (q) => q.where('p.id', '=', id!))
    .orderBy('b.deadline').orderBy('p.tbbh').execute();
  return rows.map((r) => {
    const pre = r.precheck as Precheck;
    const approvals = (pre.approvals ?? []).map((a) => `${a.code ?? '?'} ${(a.share * 100).toFixed(0)}%`).join('；') || '无';
    return {
      id: r.id,
      title: `图斑 ${r.tbbh}`,
      geometry: r.geom as FieldAssignment['geometry'],
      details: [
        { label: t('监测批次', 'Batch'), value: r.batchName },
        { label: t('变化类型', 'Change type'), value: r.changeType || '—' },
        { label: t('图斑面积（平方米）', 'Area (m²)'), value: Number(r.areaM2).toFixed(2) },
        { label: t('预判类型', 'Pre-check class'), value: r.className ?? '—' },
        { label: t('套合批文（匹配比例）', 'Matched approvals (share)'), value: approvals },
        { label: t('占用耕地（平方米）', 'Cropland occupied (m²)'), value: String(pre.croplandM2 ?? 0) },
        { label: t('占用永久基本农田（平方米）', 'Basic farmland occupied (m²)'), value: String(pre.basicFarmlandM2 ?? 0) },
        ...(r.status === 'returned' ? [{ label: t('状态', 'Status'), value: '已退回，需补充核查' }] : []),
      ],
      version: String(r.version),
      dueDate: r.deadline,
      // A photo older than the later image cannot show what the image found.
      photosNotBefore: r.afterDate,
    };
  });
}

export function createPatchFieldForm(opts: { maxPhotoDistanceM?: number } = {}): FieldFormProvider {
  return {
    kind: 'patch',
    title: t('卫片图斑外业核查', 'Satellite patch field check'),
    permission: 'patches.field.record',
    fields: PATCH_FIELDS,
    maxPhotoDistanceM: opts.maxPhotoDistanceM ?? 100,

    listAssignments: (trx) => assignments(trx),
    // One patch by id: a synced record must not list the county's thousands of patches.
    findAssignment: async (trx, _actor, id) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? (await assignments(trx, id))[0] ?? null : null),

    async acceptRecord(trx, actor, input) {
      if (typeof input.assignmentId !== 'string' || !/^[0-9a-f-]{36}$/i.test(input.assignmentId)) throw invalid('assignmentId', 'a patch id', '应为图斑编号');
      const p = await trx.selectFrom('patches.patches').select(['id', 'version', 'status', 'fieldRecord', 'orgPath', 'tbbh']).where('id', '=', input.assignmentId).forUpdate().executeTakeFirst();
      if (!p) throw new AppError('patches.patch_not_found', `assignmentId: no patch ${input.assignmentId} in your scope`, { field: 'assignmentId' });
      const prior = p.fieldRecord as FieldRecordStored | null;
      if (prior?.recordId === input.recordId) return { status: 'accepted' };
      if (String(p.version) !== input.baseVersion || !['pending', 'proposed', 'returned'].includes(p.status)) return { status: 'conflict', currentVersion: String(p.version) };
      const values = checkValues(input.values as Record<string, unknown>);
      if (!Array.isArray(input.photos) || input.photos.length > 50) throw invalid('photos', 'at most 50 photos', '照片最多50张');
      input.photos.forEach((ph, i) => { if (!SHA256.test(ph.sha256)) throw invalid(`photos[${i}].sha256`, 'the SHA-256 of an uploaded photo (64 hex characters)', '应为已上传照片的SHA-256摘要（64位十六进制）'); });
      if (input.signatureSha256 !== null && !SHA256.test(input.signatureSha256)) throw invalid('signatureSha256', 'the SHA-256 of the uploaded signature', '应为已上传签名的SHA-256摘要');
      if (input.position && (!Number.isFinite(input.position.lon) || !Number.isFinite(input.position.lat) || Math.abs(input.position.lon) > 180 || Math.abs(input.position.lat) > 90)) {
        throw invalid('position', 'longitude and latitude in degrees', '应为经度和纬度（度）');
      }
      if (Number.isNaN(Date.parse(input.recordedAt))) throw invalid('recordedAt', 'an ISO date-time', '应为日期和时间');
      const stored: FieldRecordStored = {
        recordId: input.recordId, values, position: input.position, distanceM: input.distanceM,
        photos: input.photos.map((ph) => ({
          sha256: ph.sha256, takenAt: ph.takenAt, lon: ph.lon, lat: ph.lat, headingDeg: ph.headingDeg, distanceM: ph.distanceM, far: ph.far,
          exif: ph.exif ?? null, exifDistanceM: ph.exifDistanceM ?? null, early: ph.early ?? false,
        })),
        signatureSha256: input.signatureSha256, recordedAt: input.recordedAt, receivedAt: new Date().toISOString(),
        inspector: { userId: actor.userId, displayName: actor.displayName }, farPhotos: input.photos.filter((ph) => ph.far).length,
        earlyPhotos: input.photos.filter((ph) => ph.early).length,
      };
      await trx.updateTable('patches.patches').set({ fieldRecord: JSON.stringify(stored), updatedAt: new Date() }).where('id', '=', p.id).execute();
      return { status: 'accepted' };
    },
  };
}
