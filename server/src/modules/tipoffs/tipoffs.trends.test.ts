import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, chinaToday, loginAs } from './tipoffs.test-helpers.ts';
import { periodStart } from './trends.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;
const DAY = 86400_000;
const today = chinaToday();
const thisMonday = periodStart(today, 'week');
const dayOf = (base: string, days: number) => new Date(Date.parse(`${base}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
let serial = 0;

/** Inserts a bare report straight into the ledger (owner connection) on a given day. */
async function insert(county: '520304' | '520303', day: string, o: { lon?: number; lat?: number; type?: string; channel?: string; status?: string; township?: string } = {}) {
  serial++;
  const path = `cn.p52.c5203.x${county}${o.township ? `.t${o.township}` : ''}`;
  await sql`insert into tipoffs.reports (report_no, tracking_code, channel, violation_type, status, division_code, division_path, address, lon, lat, party, facts,
      intake_org_path, org_path, received_at, received_on)
    values (${`JBT${String(serial).padStart(8, '0')}`}, ${`TRND-${String(serial).padStart(4, '0')}-0000`}, ${o.channel ?? 'web'}, ${o.type ?? 'land_illegal_occupation'},
      ${o.status ?? 'received'}, ${o.township ?? county}, ${path}::ltree, ${`测试地址 ${serial}`}, ${o.lon ?? 106.8 + serial * 0.01}, ${o.lat ?? 27.5},
      '某单位', '趋势测试用的举报内容。', 'cn.p52.c5203', 'cn.p52.c5203', ${`${day}T04:00:00Z`}::timestamptz, ${day}::date)`.execute(db);
}

// 播州区: one report a week for 26 weeks, then five a week in the last 4 weeks (rising).
for (let w = 4; w < 30; w++) await insert('520304', dayOf(thisMonday, -7 * w + 1));
for (let w = 0; w < 4; w++) for (let i = 0; i < 5; i++) await insert('520304', dayOf(thisMonday, -7 * w), { type: i % 2 ? 'mineral_illegal_mining' : 'land_illegal_occupation', channel: i === 0 ? 'hotline' : 'web' });
// 汇川区: two a week all along (steady).
for (let w = 0; w < 30; w++) for (let i = 0; i < 2; i++) await insert('520303', dayOf(thisMonday, -7 * w), { lon: 106.95 + i * 0.001, lat: 27.7 });
// Two in the township 三岔镇 this week.
for (let i = 0; i < 2; i++) await insert('520304', thisMonday, { township: '520304102', lon: 106.5 + i * 0.001, lat: 27.3 });
// One place reported three times.
for (let i = 0; i < 3; i++) await insert('520304', thisMonday, { lon: 106.9001, lat: 27.6001 });

describe('trends', () => {
  it('counts per week by area, type and channel', async () => {
    const hotline = await loginAs(t, 'hotline');
    const r = await call(t, hotline, 'GET', `/api/tipoffs/trends?period=week&by=area&from=${dayOf(thisMonday, -21)}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.periods.length, 4);
    assert.equal(r.body.periods[3], thisMonday);
    const bz = r.body.series.find((s: { key: string }) => s.key === '520304');
    const hc = r.body.series.find((s: { key: string }) => s.key === '520303');
    assert.equal(bz.name, '播州区');
    assert.deepEqual(bz.counts.slice(0, 3), [5, 5, 5]);
    assert.ok(bz.counts[3] >= 5);
    assert.deepEqual(hc.counts, [2, 2, 2, 2]);
    const townships = await call(t, hotline, 'GET', `/api/tipoffs/trends?period=week&by=area&from=${dayOf(thisMonday, -21)}&divisionCode=520304`);
    const keys = townships.body.series.map((s: { key: string; name: string; total: number }) => [s.key, s.name, s.total]);
    assert.deepEqual(keys.find((k: unknown[]) => k[0] === '520304102'), ['520304102', '三岔镇', 2], 'within a county the areas are its townships');
    const byType = await call(t, hotline, 'GET', `/api/tipoffs/trends?period=week&by=type&from=${dayOf(thisMonday, -21)}&divisionCode=520304`);
    const mining = byType.body.series.find((s: { key: string }) => s.key === 'mineral_illegal_mining');
    assert.equal(mining.name, '违法开采');
    assert.equal(mining.total, 8);
    const byChannel = await call(t, hotline, 'GET', `/api/tipoffs/trends?period=month&by=channel`);
    assert.equal(byChannel.body.periods.length, 12);
    assert.equal(byChannel.body.series.find((s: { key: string }) => s.key === 'hotline').total, 4);
  });

  it('finds the area whose count rose unusually against its own history, not the steady one', async () => {
    const supervisor = await loginAs(t, 'supervisor');
    const r = await call(t, supervisor, 'GET', '/api/tipoffs/trends/rising');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((i: { divisionCode: string }) => i.divisionCode), ['520304']);
    const bz = r.body.items[0];
    assert.equal(bz.mean, 1);
    assert.equal(bz.sd, 0);
    assert.ok(bz.recent >= 5);
    assert.match(r.body.method, /mean \+ 2·sd/);
  });

  it('heat-map cells and repeated places', async () => {
    const hotline = await loginAs(t, 'hotline');
    const h = await call(t, hotline, 'GET', '/api/tipoffs/trends/heatmap?cell=0.01&bbox=106.9,27.6,106.91,27.61');
    assert.equal(h.status, 200);
    assert.deepEqual(h.body.cells, [{ lon: 106.905, lat: 27.605, count: 3 }]);
    const spots = await call(t, hotline, 'GET', '/api/tipoffs/trends/hotspots?limit=5');
    assert.equal(spots.body.items[0].count >= 3, true);
    assert.ok(spots.body.items.some((s: { lon: number; lat: number; count: number }) => s.lon === 106.9 && s.lat === 27.6 && s.count === 3));
  });

  it('needs tipoffs.trends.read, and a county sees only its own numbers', async () => {
    const inspector = await loginAs(t, 'inspector');
    const denied = await call(t, inspector, 'GET', '/api/tipoffs/trends');
    assert.equal(denied.status, 403);
    // Assign the rising county's reports to it and look with a county post that may read trends.
    await sql`update tipoffs.reports set org_path = 'cn.p52.c5203.x520304' where division_code = '520304'`.execute(db);
    const { makeStaff } = await import('../../platform/identity/test-helpers.ts');
    await makeStaff(t, 'bz_analyst', '520304-ENFORCE', 'supervisor');
    const analyst = await loginAs(t, 'bz_analyst');
    const r = await call(t, analyst, 'GET', `/api/tipoffs/trends?period=week&by=area&from=${dayOf(thisMonday, -21)}`);
    assert.deepEqual(r.body.series.map((s: { key: string }) => s.key), ['520304']);
  });
});
