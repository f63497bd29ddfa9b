/**
 * Demo data of the hazards module (DEMO=true, once): the hazard office account `hazard_office`
 * (播州区, scope the whole county) and `hc_hazard` (汇川区), three sites of 三岔镇 with their
 * roster and households, on the map; a rain gauge `BZ-RG-001` (secret `demo-device-secret`)
 * with thresholds and a day of observations.
 */
import crypto from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import { seedModuleFeatures } from '../map/index.ts';

export const DEMO_DEVICE = { deviceId: 'BZ-RG-001', secret: 'demo-device-secret' };

export const sha256Hex = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

interface DemoSite { siteNo: string; name: string; hazardType: string; location: string; lon: number; lat: number; scale: string; stability: string; hh: number; people: number; property: number; risk: string }

const SITES: DemoSite[] = [
  { siteNo: '520304102-HP01', name: '三岔镇新街村大湾组滑坡', hazardType: 'landslide', location: '新街村大湾组', lon: 106.781, lat: 27.512, scale: 'medium', stability: 'unstable', hh: 12, people: 47, property: 180, risk: 'high' },
  { siteNo: '520304102-BT02', name: '三岔镇红花村岩脚崩塌', hazardType: 'collapse', location: '红花村岩脚组', lon: 106.802, lat: 27.498, scale: 'small', stability: 'basically_stable', hh: 4, people: 15, property: 40, risk: 'medium' },
  { siteNo: '520304102-NS03', name: '三岔镇沙坝村冲沟泥石流', hazardType: 'debris_flow', location: '沙坝村冲沟口', lon: 106.768, lat: 27.531, scale: 'small', stability: 'unstable', hh: 7, people: 26, property: 95, risk: 'medium' },
];

export async function seedDemoHazards(db: Db): Promise<void> {
  // Accounts: password as the other demo staff.
  const hash = await db.selectFrom('identity.users').select('passwordHash').where('username', '=', 'window').executeTakeFirst();
  const role = await db.selectFrom('access.roles').select('id').where('code', '=', 'hazard_officer').executeTakeFirst();
  if (!hash || !role) return;
  for (const [username, displayName, unitCode, bureauCode] of [
    ['hazard_office', '地灾股 郑雪峰', '520304-HAZARD', '520304-B'],
    ['hc_hazard', '汇川地灾 何平', '520303-HAZARD', '520303-B'],
  ] as const) {
    const unit = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', unitCode).executeTakeFirst();
    const bureau = await db.selectFrom('orgs.org_units').select(['path']).where('code', '=', bureauCode).executeTakeFirst();
    if (!unit || !bureau) continue;
    const u = await db.insertInto('identity.users').values({
      username, displayName, kind: 'staff', orgUnitId: unit.id, orgPath: unit.path, phone: null, email: `${username}@demo.sunland.local`,
      passwordHash: hash.passwordHash, mustChangePassword: false, totpSecret: null, totpEnabled: false, totpLastStep: null, lockedUntil: null,
      publicKind: null, idNumber: null, legalName: null, lastLoginAt: null,
    }).returning('id').executeTakeFirstOrThrow();
    // The hazard office acts for the whole county (its bureau's subtree), townships included.
    await db.insertInto('access.posts').values({ userId: u.id, orgUnitId: unit.id, roleId: role.id, scopePath: bureau.path, createdBy: null }).execute();
  }

  // The weather bureau (气象局) that co-signs warnings, and its co-signer `weather`.
  const bozhou = await db.selectFrom('orgs.org_units').select(['id', 'path', 'divisionCode', 'level', 'scopePath']).where('code', '=', '520304-B').executeTakeFirst();
  const cosigner = await db.selectFrom('access.roles').select('id').where('code', '=', 'weather_cosigner').executeTakeFirst();
  if (bozhou && cosigner) {
    const qx = await db.insertInto('orgs.org_units').values({
      parentId: bozhou.id, divisionCode: bozhou.divisionCode, kind: 'office', code: '520304-QXJ', name: '遵义市播州区气象局', nameEn: 'Bozhou District Meteorological Bureau',
      level: bozhou.level, path: `${bozhou.path}.qxj`, scopePath: `${bozhou.path}.qxj`,
    }).returning(['id', 'path']).executeTakeFirstOrThrow();
    const u = await db.insertInto('identity.users').values({
      username: 'weather', displayName: '气象局 预报员 韦晴', kind: 'staff', orgUnitId: qx.id, orgPath: qx.path, phone: null, email: 'weather@demo.sunland.local',
      passwordHash: hash.passwordHash, mustChangePassword: false, totpSecret: null, totpEnabled: false, totpLastStep: null, lockedUntil: null,
      publicKind: null, idNumber: null, legalName: null, lastLoginAt: null,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('access.posts').values({ userId: u.id, orgUnitId: qx.id, roleId: cosigner.id, scopePath: qx.path, createdBy: null }).execute();
    // The escalation chain of 播州区 (data): 15 minutes → township head, 30 → county duty officer.
    await db.insertInto('hazards.escalation_rules').values([
      { orgPath: bozhou.path, step: 1, afterMinutes: 15, targetRole: 'township_head' },
      { orgPath: bozhou.path, step: 2, afterMinutes: 30, targetRole: 'county_duty' },
    ]).execute();
    const tp = await db.selectFrom('orgs.divisions').select('path').where('code', '=', '520304102').where('validTo', 'is', null).executeTakeFirst();
    if (tp) await db.insertInto('hazards.escalation_contacts').values({ orgPath: tp.path, role: 'township_head', townshipCode: '520304102', name: '三岔镇镇长 黄建国', phone: '13985203900' }).execute();
    await db.insertInto('hazards.escalation_contacts').values({ orgPath: bozhou.path, role: 'county_duty', townshipCode: null, name: '区应急值班室', phone: '13985200110' }).execute();
  }

  const town = await db.selectFrom('orgs.divisions').select('path').where('code', '=', '520304102').where('validTo', 'is', null).executeTakeFirst();
  if (!town) return;
  const orgPath = town.path;
  const TYPE_ZH: Record<string, string> = { landslide: '滑坡', collapse: '崩塌', debris_flow: '泥石流' };
  const SCALE_ZH: Record<string, string> = { small: '小型', medium: '中型' };
  let monitorNo = 1;
  const mapPoints: Parameters<typeof seedModuleFeatures>[2] = [];
  for (const d of SITES) {
    const s = await db.insertInto('hazards.sites').values({
      siteNo: d.siteNo, name: d.name, hazardType: d.hazardType as 'landslide', townshipCode: '520304102', orgPath, location: d.location, lon: d.lon, lat: d.lat,
      scale: d.scale as 'small', volumeM3: null, stability: d.stability as 'stable', threatenedHouseholds: d.hh, threatenedPeople: d.people, threatenedProperty: d.property,
      riskLevel: d.risk as 'high', measures: '群测群防，汛期加密巡查；设置警示牌', evacuationRoute: `沿村道向东撤离至${d.location.slice(0, 3)}村委会`, shelter: `${d.location.slice(0, 3)}村委会广场`,
      warningSignal: '鸣锣、口哨、广播', updatedBy: null,
    }).returningAll().executeTakeFirstOrThrow();
    await db.insertInto('hazards.site_versions').values({ siteId: s.id, version: 1, change: 'registered', snapshot: JSON.stringify(s), orgPath, changedBy: null }).execute();
    await db.insertInto('hazards.site_people').values([
      { siteId: s.id, orgPath, role: 'monitor', name: ['王德明', '李春花', '张国强'][monitorNo - 1]!, phone: `1398520310${monitorNo}`, userId: null },
      { siteId: s.id, orgPath, role: 'village', name: ['刘志军', '陈永福', '罗光明'][monitorNo - 1]!, phone: `1398520320${monitorNo}`, userId: null },
      { siteId: s.id, orgPath, role: 'township', name: '杨明', phone: '13985203300', userId: null },
    ]).execute();
    await db.insertInto('hazards.households').values([
      { siteId: s.id, orgPath, headName: ['赵光荣', '周玉兰', '吴大山'][monitorNo - 1]!, members: 4, phone: `1398520340${monitorNo}`, address: `${d.location}${monitorNo}号` },
      { siteId: s.id, orgPath, headName: ['钱小平', '孙德胜', '郑秀英'][monitorNo - 1]!, members: 3, phone: null, address: `${d.location}${monitorNo + 10}号` },
    ]).execute();
    // Replaces the map seed's generated point of the same code, if any, with the register's.
    mapPoints.push({ code: d.siteNo, name: d.name, properties: { zhdbh: d.siteNo, zhlx: TYPE_ZH[d.hazardType], gm: SCALE_ZH[d.scale], wxrs: d.people },
      geometry: { type: 'Point', coordinates: [d.lon, d.lat] }, orgPath });
    monitorNo++;
  }
  // A rain gauge at the first site, with 1-h / 24-h thresholds and two days of hourly rainfall.
  const first = await db.selectFrom('hazards.sites').select(['id', 'lon', 'lat']).where('siteNo', '=', SITES[0]!.siteNo).executeTakeFirstOrThrow();
  const thing = await db.insertInto('hazards.things').values({
    siteId: first.id, orgPath, name: '大湾组雨量站', description: '翻斗式雨量计，每小时上报', deviceId: DEMO_DEVICE.deviceId, secretHash: sha256Hex(DEMO_DEVICE.secret), lon: first.lon, lat: first.lat,
  }).returning('id').executeTakeFirstOrThrow();
  const sensor = await db.selectFrom('hazards.sensors').select('id').where('name', '=', '雨量计').executeTakeFirstOrThrow();
  const op = await db.selectFrom('hazards.observed_properties').select('id').where('code', '=', 'rainfall').executeTakeFirstOrThrow();
  const ds = await db.insertInto('hazards.datastreams').values({
    thingId: thing.id, sensorId: sensor.id, observedPropertyId: op.id, orgPath, code: 'rain', name: '降雨量', unitName: 'millimetre', unitSymbol: 'mm', lastResult: null, lastTime: null,
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('hazards.thresholds').values([
    { datastreamId: ds.id, orgPath, metric: 'sum_1h', blue: 20, yellow: 30, orange: 40, red: 50 },
    { datastreamId: ds.id, orgPath, metric: 'sum_24h', blue: 50, yellow: 80, orange: 100, red: 150 },
  ]).execute();
  const hourNow = Math.floor(Date.now() / 3600_000) * 3600_000;
  const rows = Array.from({ length: 48 }, (_, i) => {
    const h = 47 - i;
    const result = Math.round(Math.max(0, 6 * Math.sin((i / 47) * Math.PI) + ((i * 7) % 5) - 2) * 10) / 10;
    return { datastreamId: ds.id, orgPath, phenomenonTime: new Date(hourNow - h * 3600_000), result };
  });
  await db.insertInto('hazards.observations').values(rows).execute();
  const last = rows[rows.length - 1]!;
  await db.updateTable('hazards.datastreams').set({ lastResult: last.result, lastTime: last.phenomenonTime }).where('id', '=', ds.id).execute();
  await seedModuleFeatures(db, 'hazard_sites', mapPoints);
}
