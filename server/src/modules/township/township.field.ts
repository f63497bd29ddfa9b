/**
 * The daily patrol (日常巡查) as a form of the offline field app (platform/field, CONTRACTS §5):
 * the township's patrol areas (巡查片区) are the assignments; a synced record becomes a reported
 * patrol entry of the township, exactly once (the record id is kept on the entry).
 */
import type { FieldFormProvider } from '../../platform/field/index.ts';
import { invalid } from '../../platform/http/errors.ts';
import { chinaDay, FINDINGS_OF, type TownshipService } from './township.service.ts';
import type { Finding } from './township.tables.ts';

export const PATROL_FIELD_KIND = 'township-patrol';

const FINDING_LABELS: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  illegal_building: { 'zh-CN': '违法建设', 'en-US': 'Illegal building' },
  small_mine: { 'zh-CN': '小矿（无证开采）', 'en-US': 'Small mine (unlicensed mining)' },
  hazard_sign: { 'zh-CN': '地灾隐患迹象', 'en-US': 'Signs of a geological hazard' },
  nothing_found: { 'zh-CN': '未发现异常', 'en-US': 'Nothing found' },
};

export function createTownshipFieldForm(township: Pick<TownshipService, 'fileEntry'>): FieldFormProvider {
  return {
    kind: PATROL_FIELD_KIND,
    title: { 'zh-CN': '乡镇日常巡查', 'en-US': 'Township daily patrol' },
    permission: 'township.entry.file',
    maxPhotoDistanceM: 3000,
    fields: [
      { name: 'finding', type: 'select', required: true, label: { 'zh-CN': '巡查发现', 'en-US': 'Finding' },
        options: FINDINGS_OF.patrol.map((value) => ({ value, label: FINDING_LABELS[value]! })) },
      { name: 'place', type: 'text', required: true, label: { 'zh-CN': '地点（村、组）', 'en-US': 'Place (village, group)' } },
      { name: 'description', type: 'textarea', required: true, label: { 'zh-CN': '情况描述', 'en-US': 'What was seen' } },
    ],

    async listAssignments(trx) {
      const rows = await trx.selectFrom('township.patrol_areas').selectAll().orderBy('townshipCode').orderBy('name').execute();
      const today = chinaDay(new Date());
      return rows.map((a) => ({
        id: a.id, title: `巡查片区 ${a.name}`, geometry: a.geometry, version: String(a.version), dueDate: today,
        details: [{ label: { 'zh-CN': '巡查要求', 'en-US': 'To check' }, value: '违法建设、小矿、地灾隐患迹象；无异常也请上报' }],
      }));
    },

    async acceptRecord(trx, actor, input) {
      const area = await trx.selectFrom('township.patrol_areas').select(['id', 'version']).where('id', '=', input.assignmentId).executeTakeFirst();
      if (!area) throw invalid('assignmentId', 'no such patrol area in your township', '本乡镇没有这个巡查片区');
      if (String(area.version) !== input.baseVersion) return { status: 'conflict', currentVersion: String(area.version) };
      const text = (k: string) => {
        const v = input.values[k];
        if (typeof v !== 'string' || v.trim().length < 2) throw invalid(`values.${k}`, 'required (at least 2 characters)', '必须填写（至少2个字）');
        return v.trim();
      };
      const finding = input.values.finding;
      if (typeof finding !== 'string' || !FINDINGS_OF.patrol.includes(finding as Finding)) throw invalid('values.finding', 'not a patrol finding', '不是可选的巡查结果');
      await township.fileEntry(trx, actor, {
        kind: 'patrol', finding: finding as Finding, place: text('place').slice(0, 200), description: text('description').slice(0, 2000),
        observedOn: chinaDay(new Date(input.recordedAt)), lon: input.position?.lon ?? null, lat: input.position?.lat ?? null, report: true,
      }, input.recordId);
      return { status: 'accepted' };
    },
  };
}
