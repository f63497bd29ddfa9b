/**
 * The field platform's own small form (示范核查点): demo sites in `field.demo_sites`, so the app,
 * its tests and the demo work without any business module. Real forms (patches 图斑, hazard
 * sites …) are registered by their modules the same way.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/context.ts';
import type { Db } from '../db/database.ts';
import { invalid } from '../http/errors.ts';
import type { FieldFormProvider } from './field.types.ts';

export const DEMO_SITE_PERMISSION = 'field.demo_site.inspect';

export const demoSiteProvider: FieldFormProvider = {
  kind: 'demo-site',
  title: { 'zh-CN': '示范核查点', 'en-US': 'Demo inspection site' },
  permission: DEMO_SITE_PERMISSION,
  maxPhotoDistanceM: 100,
  fields: [
    {
      name: 'situation', type: 'select', required: true, label: { 'zh-CN': '现场情况', 'en-US': 'What is on site' },
      options: [
        { value: 'unchanged', label: { 'zh-CN': '无变化', 'en-US': 'No change' } },
        { value: 'building', label: { 'zh-CN': '新建建（构）筑物', 'en-US': 'New building' } },
        { value: 'earthwork', label: { 'zh-CN': '推土、硬化', 'en-US': 'Earthwork, paving' } },
        { value: 'other', label: { 'zh-CN': '其他', 'en-US': 'Other' } },
      ],
    },
    { name: 'builder', type: 'text', label: { 'zh-CN': '建设主体', 'en-US': 'Builder' } },
    { name: 'startDate', type: 'date', label: { 'zh-CN': '开工时间', 'en-US': 'Start date' } },
    { name: 'croplandOccupied', type: 'boolean', required: true, label: { 'zh-CN': '是否占用耕地', 'en-US': 'Cropland occupied' } },
    { name: 'note', type: 'textarea', label: { 'zh-CN': '核查说明', 'en-US': 'Notes' } },
  ],

  async listAssignments(trx: Tx) {
    const rows = await trx.selectFrom('field.demo_sites').select(['id', 'title', 'geometry', 'note', 'version', 'dueDate', 'orgPath'])
      .orderBy('title').execute();
    return rows.map((r) => ({
      id: r.id, title: r.title, geometry: r.geometry, version: String(r.version), dueDate: r.dueDate,
      details: [
        { label: { 'zh-CN': '核查要求', 'en-US': 'To check' }, value: r.note },
        { label: { 'zh-CN': '所属区划', 'en-US': 'Division' }, value: r.orgPath.split('.').pop()!.replace(/^[a-z]/, '') },
      ],
    }));
  },

  async acceptRecord(trx, _actor, input) {
    if (input.values.situation === 'building' && !input.values.builder) throw invalid('values.builder', 'required when a new building is found', '发现新建建筑时必须填写');
    const start = input.values.startDate;
    if (typeof start === 'string' && start > input.recordedAt.slice(0, 10)) throw invalid('values.startDate', 'must not be after the day of the check', '不能晚于核查当天');
    const site = await trx.selectFrom('field.demo_sites').select(['id', 'version']).where('id', '=', input.assignmentId).forUpdate().executeTakeFirstOrThrow();
    if (String(site.version) !== input.baseVersion) return { status: 'conflict', currentVersion: String(site.version) };
    await trx.updateTable('field.demo_sites').set({ lastRecordId: input.recordId, updatedAt: sql<Date>`now()` }).where('id', '=', site.id).execute();
    return { status: 'accepted' };
  },
};

/** Demo sites around 播州区 (三岔镇) and one in 汇川区, each a small polygon or a point. */
export async function seedDemoFieldSites(trx: Tx | Db): Promise<void> {
  const square = (lon: number, lat: number, d = 0.0006) => ({
    type: 'Polygon' as const, coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]],
  });
  const sites = [
    { orgPath: 'cn.p52.c5203.x520304', title: '示范核查点 BZ-01 三岔镇新建厂房', geometry: square(106.842, 27.536), note: '核实是否新建厂房、是否占用耕地', dueDate: '2026-12-31' },
    { orgPath: 'cn.p52.c5203.x520304', title: '示范核查点 BZ-02 推土平整', geometry: square(106.851, 27.541, 0.0004), note: '核实推土范围与建设主体', dueDate: '2026-12-31' },
    { orgPath: 'cn.p52.c5203.x520304', title: '示范核查点 BZ-03 路边堆场', geometry: { type: 'Point' as const, coordinates: [106.836, 27.529] }, note: '核实堆场是否已清理', dueDate: null },
    { orgPath: 'cn.p52.c5203.x520303', title: '示范核查点 HC-01 汇川区新建房屋', geometry: square(106.934, 27.706), note: '核实新建房屋', dueDate: '2026-12-31' },
  ];
  for (const s of sites) {
    await trx.insertInto('field.demo_sites').values({ ...s, geometry: JSON.stringify(s.geometry) }).execute();
  }
}
