/**
 * Demo org tree, deterministic: 贵州省自然资源厅 → 遵义市自然资源局 → 播州区自然资源局 (with
 * departments, a service-hall window and a land office in each real township of 播州区), and a
 * second county, 汇川区, so that isolation between counties can be seen and tested.
 */
import type { Db } from '../platform/db/database.ts';
import { createOrgsService } from '../platform/orgs/orgs.service.ts';

interface Dept { label: string; name: string; nameEn: string; kind?: 'department' | 'window' }

const COUNTY_DEPTS: Dept[] = [
  { label: 'office', name: '办公室', nameEn: 'General Office' },
  { label: 'legal', name: '政策法规股', nameEn: 'Policy and Legal Affairs' },
  { label: 'planning', name: '国土空间规划股', nameEn: 'Spatial Planning' },
  { label: 'farmland', name: '耕地保护股', nameEn: 'Farmland Protection' },
  { label: 'landuse', name: '自然资源开发利用股', nameEn: 'Land Use and Supply' },
  { label: 'mineral', name: '矿产资源管理股', nameEn: 'Mineral Resources' },
  { label: 'hazard', name: '地质灾害防治股', nameEn: 'Geological Hazards' },
  { label: 'enforce', name: '执法监察大队', nameEn: 'Enforcement Brigade' },
  { label: 'window', name: '政务服务大厅窗口', nameEn: 'Service Hall Window', kind: 'window' },
];
const UPPER_DEPTS: Dept[] = [
  { label: 'office', name: '办公室', nameEn: 'General Office' },
  { label: 'legal', name: '法规处', nameEn: 'Legal Affairs' },
  { label: 'landuse', name: '自然资源开发利用处', nameEn: 'Land Use' },
  { label: 'mineral', name: '矿业权管理处', nameEn: 'Mining Rights' },
  { label: 'enforce', name: '执法监察处', nameEn: 'Enforcement' },
  { label: 'window', name: '政务服务窗口', nameEn: 'Service Window', kind: 'window' },
];

export async function seedDemoOrgs(db: Db): Promise<void> {
  const orgs = createOrgsService({ db });
  async function bureau(divisionCode: string, name: string, nameEn: string, parentId: number | null, depts: Dept[]) {
    const b = await orgs.createOrgUnit(db, { parentId, divisionCode, kind: 'bureau', code: `${divisionCode}-B`, name, nameEn });
    for (const d of depts) {
      await orgs.createOrgUnit(db, {
        parentId: b.id, kind: d.kind ?? 'department', label: d.label, code: `${divisionCode}-${d.label.toUpperCase()}`, name: d.name, nameEn: d.nameEn,
      });
    }
    return b;
  }
  const province = await bureau('520000', '贵州省自然资源厅', 'Guizhou Provincial Department of Natural Resources', null, UPPER_DEPTS);
  const city = await bureau('520300', '遵义市自然资源局', 'Zunyi Municipal Bureau of Natural Resources', province.id, UPPER_DEPTS);
  const bozhou = await bureau('520304', '遵义市播州区自然资源局', 'Bozhou District Bureau of Natural Resources', city.id, COUNTY_DEPTS);
  await bureau('520303', '遵义市汇川区自然资源局', 'Huichuan District Bureau of Natural Resources', city.id, COUNTY_DEPTS);
  // 乡镇国土所 in every real township of 播州区.
  for (const t of await orgs.listDivisions('520304')) {
    const isStreet = t.name.endsWith('街道');
    await orgs.createOrgUnit(db, {
      parentId: bozhou.id, divisionCode: t.code, kind: 'bureau', code: `${t.code}-B`,
      name: `${t.name}${isStreet ? '自然资源所' : '国土资源所'}`, nameEn: `${t.code} Land Office`,
    });
  }
}
