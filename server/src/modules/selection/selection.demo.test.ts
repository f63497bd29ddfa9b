/**
 * The demo seed of random selection (selection.demo.ts): the registry and one completed draw,
 * made through the real use cases, so the demo's draw pages and public result are not empty;
 * made once (a second start adds nothing); the draw record verifies like any other.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { createTransparencyService } from '../transparency/index.ts';
import { seedDemoSelectionOnFirstStart } from './index.ts';
import { verifyDraw, type DrawRecord } from '../../../../tools/verifier.ts';

const t: TestApp = await startTestApp();
const deps = { db: t.platform.db, audit: t.platform.audit, transparency: createTransparencyService({ db: t.platform.db }) };

describe('demo agencies and a completed draw (演示数据)', () => {
  it('the first demo start fills the registry and completes one draw; the pages and public result show it; a second start adds nothing', async () => {
    const leader = await loginAs(t, 'leader');
    assert.deepEqual((await call(t, leader, 'GET', '/api/selection/draws')).body, [], 'the test template has no demo draw');
    const drawNo = await seedDemoSelectionOnFirstStart(deps);
    assert.ok(drawNo);

    const agencies = (await call(t, leader, 'GET', '/api/selection/agencies')).body as { id: number; status: string }[];
    assert.equal(agencies.length, 8);
    assert.equal(agencies.filter((a) => a.status === 'suspended').length, 1);
    const draws = (await call(t, leader, 'GET', '/api/selection/draws')).body as { drawNo: string; status: string }[];
    assert.deepEqual(draws.map((d) => [d.drawNo, d.status]), [[drawNo, 'confirmed']]);

    const pub = await call(t, null, 'GET', `/api/public/selection/draws/${drawNo}`);
    assert.equal(pub.status, 200);
    assert.equal(pub.body.status, 'confirmed');
    assert.equal(pub.body.pool.length, 3, 'the suspended, related (回避) and expired agencies are not in the pool');
    assert.equal(pub.body.excluded.length, 3);
    assert.deepEqual(pub.body.events.map((e: { kind: string }) => e.kind), ['frozen', 'drawn', 'declined', 'confirmed']);
    assert.equal(pub.body.selectedAgencyId, pub.body.order[1]);
    const evals = await call(t, leader, 'GET', `/api/selection/agencies/${pub.body.selectedAgencyId}/evaluations`);
    assert.equal(evals.body.length, 1);

    const record = JSON.parse((await t.inject({ method: 'GET', url: `/api/public/selection/draws/${drawNo}/record.json` })).body) as DrawRecord;
    const vkey = (await t.inject({ method: 'GET', url: '/log/vkey' })).body;
    assert.equal(verifyDraw(record, vkey).first, pub.body.order[0]);

    assert.equal(await seedDemoSelectionOnFirstStart(deps), null);
    assert.equal((await call(t, leader, 'GET', '/api/selection/agencies')).body.length, 8);
  });
});
