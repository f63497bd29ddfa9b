/**
 * Demo accounts (DEMO=true, first start only), created with the migration role. The built-in
 * roles come from migration 0011, so a non-demo install has them too; permissions added to them
 * in code since then are granted by syncBuiltInRoles.
 *
 * The three administrators have TOTP enrolled with the fixed demo secrets below; never use
 * them outside a demo. `npm run demo:totp -- sysadmin` prints the current code.
 */
import type { Db } from '../db/database.ts';
import { BUILT_IN_ROLES } from '../access/permissions.ts';
import { syncBuiltInRoles } from '../access/access.repo.ts';
import { hashPassword } from './passwords.ts';

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
  orgUnit: string;
  note?: string;
}

export const DEMO_ACCOUNT_PASSWORD = 'Sunland@2026';

/** Base32 TOTP secrets of the demo administrators (= UTF-8 "sunland-sysadmin", "sunland-secadmin", "sunland-auditadm"). */
export const DEMO_TOTP_SECRETS: Record<string, string> = {
  sysadmin: 'ON2W43DBNZSC243ZONQWI3LJNY',
  secadmin: 'ON2W43DBNZSC243FMNQWI3LJNY',
  auditadmin: 'ON2W43DBNZSC2YLVMRUXIYLENU',
};

interface StaffDef { username: string; displayName: string; orgUnit: string; role: string; note?: string }

const STAFF: StaffDef[] = [
  { username: 'sysadmin', displayName: '系统管理员（演示）', orgUnit: '520000-B', role: 'sys_admin', note: 'TOTP: npm run demo:totp -- sysadmin' },
  { username: 'secadmin', displayName: '安全管理员（演示）', orgUnit: '520000-B', role: 'sec_admin', note: 'TOTP: npm run demo:totp -- secadmin' },
  { username: 'auditadmin', displayName: '审计管理员（演示）', orgUnit: '520000-B', role: 'audit_admin', note: 'TOTP: npm run demo:totp -- auditadmin' },
  { username: 'window', displayName: '窗口 王芳', orgUnit: '520304-WINDOW', role: 'window_clerk' },
  { username: 'reviewer', displayName: '审查 李强', orgUnit: '520304-LANDUSE', role: 'reviewer' },
  // One reviewer for every other department named in a seeded flow (parallel reviews can pass).
  { username: 'farmland', displayName: '耕保 赵磊', orgUnit: '520304-FARMLAND', role: 'reviewer', note: '耕地保护股 opinions (用地预审, 农用地转用, 临时用地)' },
  { username: 'planning', displayName: '规划 孙丽', orgUnit: '520304-PLANNING', role: 'reviewer', note: '国土空间规划股 opinions' },
  { username: 'legal', displayName: '法规 钱进', orgUnit: '520304-LEGAL', role: 'legal_reviewer', note: '政策法规股 法规审核; 执法案件审理 (法制审核)' },
  { username: 'mineral', displayName: '矿管 周涛', orgUnit: '520304-MINERAL', role: 'reviewer', note: '矿产资源管理股 opinions (采矿权, 探矿权)' },
  { username: 'hazard', displayName: '地灾 郑雪', orgUnit: '520304-HAZARD', role: 'reviewer', note: '地质灾害防治股 opinions and 备案审核' },
  { username: 'office', displayName: '办公室 冯静', orgUnit: '520304-OFFICE', role: 'reviewer', note: '办公室 答复审核 (政府信息公开申请)' },
  { username: 'leader', displayName: '局长 张伟', orgUnit: '520304-B', role: 'leader' },
  { username: 'supervisor', displayName: '监察 刘洋', orgUnit: '520300-B', role: 'supervisor' },
  { username: 'inspector', displayName: '执法 陈静', orgUnit: '520304-ENFORCE', role: 'inspector' },
  { username: 'township', displayName: '三岔镇国土所 杨明', orgUnit: '520304102-B', role: 'township_clerk' },
  { username: 'township_leader', displayName: '三岔镇分管领导 罗军', orgUnit: '520304102-B', role: 'leader', note: '宅基地审批 decisions of 三岔镇' },
  { username: 'hc_window', displayName: '汇川窗口 赵敏', orgUnit: '520303-WINDOW', role: 'window_clerk', note: 'another county: sees nothing of 播州区' },
  { username: 'hotline', displayName: '12336受理 周丽', orgUnit: '520300-ENFORCE', role: 'tipoff_intake', note: '12336 hotline / tip-off intake at the city bureau' },
  { username: 'hc_inspector', displayName: '汇川执法 吴刚', orgUnit: '520303-ENFORCE', role: 'inspector', note: 'another county: sees no tip-off of 播州区' },
  { username: 'bz_stat', displayName: '播州统计 何丽', orgUnit: '520304-B', role: 'statistician', note: '统计直报: fills and submits 播州区 reports' },
  { username: 'hc_stat', displayName: '汇川统计 蒋涛', orgUnit: '520303-B', role: 'statistician', note: '统计直报: another county, sees nothing of 播州区' },
  { username: 'city_stat', displayName: '遵义市统计审核 唐敏', orgUnit: '520300-B', role: 'statistics_reviewer', note: '统计直报: reviews the counties of 遵义市' },
  { username: 'web_editor', displayName: '网站编辑 林晓', orgUnit: '520304-B', role: 'web_editor', note: '门户网站: writes articles for the 播州区 site' },
  { username: 'web_reviewer', displayName: '网站审核 邓华', orgUnit: '520304-B', role: 'web_reviewer', note: '门户网站: reviews, signs off and pushes 播州区 articles; site settings' },
  { username: 'hc_editor', displayName: '汇川网站编辑 彭飞', orgUnit: '520303-B', role: 'web_editor', note: '门户网站: another county\'s site, cannot touch 播州区' },
  { username: 'city_web', displayName: '遵义市网站审核 黎娜', orgUnit: '520300-B', role: 'web_reviewer', note: '门户网站: the city site; health of the counties\' sites' },
  { username: 'prov_stat', displayName: '省厅统计 韩冰', orgUnit: '520000-B', role: 'statistics_reviewer', note: '统计直报: province roll-up and completeness' },
];

/** Public demo accounts: valid check characters, 播州区 region codes; they log in with their mobile number. */
export const DEMO_PUBLIC = [
  { phone: '13885200001', kind: 'person' as const, name: '王小明', idNumber: '52030419900307123X' },
  { phone: '13885200002', kind: 'company' as const, name: '遵义市播州区示例建材有限公司', idNumber: '91520304MA6H7K2L0A' },
];

export async function seedDemoIdentity(db: Db): Promise<DemoAccount[]> {
  // Permissions that modules added to the built-in roles after migration 0011 (every start
  // should do this too: see syncBuiltInRoles).
  await syncBuiltInRoles(db, BUILT_IN_ROLES);
  const units = new Map((await db.selectFrom('orgs.org_units').select(['id', 'code', 'name', 'path']).execute()).map((u) => [u.code, u]));
  const roles = new Map((await db.selectFrom('access.roles').select(['id', 'code', 'name']).execute()).map((r) => [r.code, r]));
  const accounts: DemoAccount[] = [];
  for (const s of STAFF) {
    const unit = units.get(s.orgUnit);
    const role = roles.get(s.role);
    if (!unit || !role) throw new Error(`demo identity: org unit ${s.orgUnit} or role ${s.role} missing`);
    const passwordHash = await hashPassword(DEMO_ACCOUNT_PASSWORD);
    const secret = DEMO_TOTP_SECRETS[s.username] ?? null;
    const user = await db.insertInto('identity.users').values({
      username: s.username, displayName: s.displayName, kind: 'staff', orgUnitId: unit.id, orgPath: unit.path,
      phone: null, email: `${s.username}@demo.sunland.local`, passwordHash, mustChangePassword: false,
      totpSecret: secret, totpEnabled: secret !== null, totpLastStep: null, lockedUntil: null,
      publicKind: null, idNumber: null, legalName: null, lastLoginAt: null,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('identity.password_history').values({ userId: user.id, passwordHash }).execute();
    await db.insertInto('access.posts').values({ userId: user.id, orgUnitId: unit.id, roleId: role.id, scopePath: unit.path, createdBy: null }).execute();
    accounts.push({ username: s.username, password: DEMO_ACCOUNT_PASSWORD, role: `${role.name} ${s.role}`, orgUnit: `${unit.name} (${unit.code})`, ...(s.note ? { note: s.note } : {}) });
  }
  for (const p of DEMO_PUBLIC) {
    const passwordHash = await hashPassword(DEMO_ACCOUNT_PASSWORD);
    const user = await db.insertInto('identity.users').values({
      username: p.phone, displayName: p.name, kind: 'public', orgUnitId: null, orgPath: null, phone: p.phone, email: null,
      passwordHash, totpSecret: null, totpLastStep: null, lockedUntil: null,
      publicKind: p.kind, idNumber: p.idNumber, legalName: p.name, lastLoginAt: null,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('identity.password_history').values({ userId: user.id, passwordHash }).execute();
    accounts.push({
      username: p.phone, password: DEMO_ACCOUNT_PASSWORD,
      role: p.kind === 'person' ? '公众用户（自然人）' : '公众用户（法人）', orgUnit: '—',
      note: `${p.kind === 'person' ? '身份证号' : '统一社会信用代码'} ${p.idNumber}; may also log in with it`,
    });
  }
  return accounts;
}
