import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext, SYSTEM_CONTEXT } from '../../platform/db/context.ts';
import { createTipoffsService } from './tipoffs.service.ts';
import { createReport } from './intake.ts';
import { assign, triage } from './ledger.ts';
import { BOZHOU_POINT, call, loginAs } from './tipoffs.test-helpers.ts';
import { loginAdmin } from '../../platform/identity/test-helpers.ts';
import type { ActingUser } from './tipoffs.deps.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;
let now = new Date('2026-09-29T02:00:00Z'); // Tue 2026-09-29 10:00 in China
const svc = createTipoffsService({ ...t.platform, now: () => now });
const { deps } = svc;
const at = (iso: string) => { now = new Date(iso); };

const hotlineUser = await db.selectFrom('identity.users').select(['id', 'displayName']).where('username', '=', 'hotline').executeTakeFirstOrThrow();
const HOTLINE: ActingUser = {
  userId: hotlineUser.id, username: 'hotline', displayName: hotlineUser.displayName, kind: 'staff', postId: null, orgUnitId: null, scopePath: 'cn.p52.c5203',
  permissions: new Set(['tipoffs.report.read', 'tipoffs.report.triage', 'tipoffs.report.assign', 'tipoffs.report.close']),
};
const asHotline = <T>(fn: Parameters<typeof withContext<T>>[2]) => withContext(t.platform.db, { userId: HOTLINE.userId, scopes: ['cn.p52.c5203'] }, fn);

async function newReport(address: string) {
  return withContext(t.platform.db, SYSTEM_CONTEXT, (trx) => createReport(deps, trx, null, {
    violationType: 'land_farmland_damage', place: { divisionCode: '520304', address, point: BOZHOU_POINT }, party: '某合作社',
    facts: '在永久基本农田上挖塘养鱼，面积较大。', files: [], reporter: { anonymous: true }, channel: 'web',
  }));
}
const row = (id: number) => db.selectFrom('tipoffs.reports').select(['stage', 'stageDueDate', 'warnLevel']).where('id', '=', id).executeTakeFirstOrThrow();
const openWarnings = (id: number) => db.selectFrom('tipoffs.warnings').select(['stage', 'level', 'dueDate']).where('reportId', '=', id).where('clearedAt', 'is', null).orderBy('id').execute();

describe('stage limits in working days from the platform calendar', () => {
  it('triage within 1 working day: green on the day received, yellow on the due day, red after the National Day holiday', async () => {
    at('2026-09-29T02:00:00Z');
    const r = await newReport('鸭溪镇某组');
    assert.deepEqual(await row(r.id), { stage: 'triage', stageDueDate: '2026-09-30', warnLevel: 'green' });
    await svc.scanDeadlines();
    assert.deepEqual(await openWarnings(r.id), []);
    at('2026-09-30T02:00:00Z');
    const s1 = await svc.scanDeadlines();
    assert.ok(s1.raised >= 1);
    assert.deepEqual(await openWarnings(r.id), [{ stage: 'triage', level: 'yellow', dueDate: '2026-09-30' }]);
    assert.equal((await row(r.id)).warnLevel, 'yellow');
    // 10-01…10-07 are off: on 10-08 the report is overdue by one working day.
    at('2026-10-08T02:00:00Z');
    await svc.scanDeadlines();
    // Red keeps the yellow as history (as in the approvals supervision).
    assert.deepEqual((await openWarnings(r.id)).map((w) => w.level), ['yellow', 'red']);
    const told = await db.selectFrom('notify.outbox').select(['recipient', 'subject', 'body']).where('dedupeKey', '=', `tipoffs:warn:${r.id}:triage:red:2026-09-30`).execute();
    assert.equal(told.length, 1);
    assert.equal(told[0]!.recipient, String(HOTLINE.userId));
    assert.match(told[0]!.body, /已超期 1 个工作日/);
    // Scanning again raises nothing new.
    const again = await svc.scanDeadlines();
    assert.equal((await openWarnings(r.id)).length, 2);
    void again;
    // Triage ends the stage: its warnings clear and the next stage's clock starts, across the holiday.
    await asHotline((trx) => triage(deps, trx, HOTLINE, r.id, { decision: 'accept' }));
    // Accepted on Thu 10-08: +2 working days = Fri 10-09 and the make-up Saturday 10-10 (调休).
    assert.deepEqual(await row(r.id), { stage: 'assign', stageDueDate: '2026-10-10', warnLevel: 'green' });
    await svc.scanDeadlines();
    assert.deepEqual(await openWarnings(r.id), []);
    const audit = await db.selectFrom('audit.entries').select('details').where('action', '=', 'tipoffs.warning.raised').where('entityId', '=', String(r.id)).execute();
    assert.deepEqual(audit.map((a) => (a.details as { level: string }).level), ['yellow', 'red']);
  });

  it('交办 deadlines replace the stage limits; closing stops the clock', async () => {
    at('2026-11-02T02:00:00Z'); // Mon
    const r = await newReport('三岔镇某组');
    await asHotline((trx) => triage(deps, trx, HOTLINE, r.id, { decision: 'accept' }));
    await asHotline((trx) => assign(deps, trx, HOTLINE, r.id, { mode: 'assign', dueDate: '2026-11-06' }));
    assert.deepEqual(await row(r.id), { stage: 'verify', stageDueDate: '2026-11-06', warnLevel: 'green' });
    at('2026-11-05T02:00:00Z');
    await svc.scanDeadlines();
    assert.deepEqual((await openWarnings(r.id)).map((w) => [w.stage, w.level]), [['verify', 'yellow']]);
    const inapp = await db.selectFrom('notify.outbox').select('recipient').where('dedupeKey', '=', `tipoffs:warn:${r.id}:verify:yellow:2026-11-06`).execute();
    const inspector = await db.selectFrom('identity.users').select('id').where('username', '=', 'inspector').executeTakeFirstOrThrow();
    assert.ok(inapp.some((m) => m.recipient === String(inspector.id)), 'the county handler is warned');
  });

  it('limits are configurable per subtree', async () => {
    await sql`insert into tipoffs.settings (org_path, stage_days) values ('cn.p52.c5203', '{"triage":3,"assign":2,"verify":10,"dispose":20,"feedback":5,"close":5}')
              on conflict (org_path) do update set stage_days = excluded.stage_days`.execute(db);
    at('2026-11-02T02:00:00Z');
    const r = await newReport('龙坑街道');
    assert.equal((await row(r.id)).stageDueDate, '2026-11-05');
    await sql`delete from tipoffs.settings where org_path = 'cn.p52.c5203'`.execute(db);
  });
});

describe('settings API', () => {
  it('the security admin sets the limits of their scope; staff read them; bad values are named', async () => {
    const sec = await loginAdmin(t, 'secadmin');
    const hotline = await loginAs(t, 'hotline');
    const cur = await call(t, hotline, 'GET', '/api/tipoffs/settings');
    assert.equal(cur.status, 200);
    assert.deepEqual(cur.body.stageDays, { triage: 1, assign: 2, verify: 10, dispose: 20, feedback: 5, close: 5 });
    assert.equal(cur.body.duplicateDistanceM, 200);
    const next = { ...cur.body, stageDays: { ...cur.body.stageDays, verify: 15 }, duplicateDistanceM: 300 };
    const denied = await call(t, hotline, 'PUT', '/api/tipoffs/settings', next);
    assert.equal(denied.status, 403);
    const bad = await call(t, sec, 'PUT', '/api/tipoffs/settings', { ...next, stageDays: { ...next.stageDays, triage: 0 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'stageDays.triage');
    const ok = await call(t, sec, 'PUT', '/api/tipoffs/settings', next);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const seen = await call(t, hotline, 'GET', '/api/tipoffs/settings');
    assert.equal(seen.body.stageDays.verify, 15);
    assert.equal(seen.body.duplicateDistanceM, 300);
    const audit = await db.selectFrom('audit.entries').select('orgPath').where('action', '=', 'tipoffs.settings.updated').execute();
    assert.equal(audit.length, 1);
    const scan = await call(t, hotline, 'POST', '/api/tipoffs/warnings/scan', {});
    assert.equal(scan.status, 200);
    assert.equal(typeof scan.body.scanned, 'number');
    const warnings = await call(t, hotline, 'GET', '/api/tipoffs/warnings?open=false');
    assert.equal(warnings.status, 200);
    assert.ok(warnings.body.items.length >= 3, 'the warnings raised above are listed in the city scope');
  });
});
