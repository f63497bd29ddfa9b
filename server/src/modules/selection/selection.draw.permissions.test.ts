import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';

const t: TestApp = await startTestApp();
const ids: number[] = [];

before(async () => {
  const res = await call(t, await loginAs(t, 'leader'), 'POST', '/api/selection/agencies', {
    code: '91520300MA6P000001', name: '权限测试评估所', serviceTypes: ['geohazard_assessment'], qualification: '甲级', qualificationValidUntil: '2030-12-31',
  });
  assert.equal(res.status, 201);
  ids.push(res.body.id);
});

describe('who may run draws and keep the registry (selection.*)', () => {
  it('the leader may run a draw; the window clerk, the public and the supervisor (read only) may not, and nothing changes', async () => {
    const ok = await call(t, await loginAs(t, 'leader'), 'POST', '/api/selection/draws', { projectName: '权限测试项目', projectOwner: '业主', serviceType: 'geohazard_assessment' });
    assert.equal(ok.status, 201);
    const body = { projectName: '权限测试项目', projectOwner: '业主', serviceType: 'geohazard_assessment' };
    assert.equal((await call(t, null, 'POST', '/api/selection/draws', body)).status, 401);
    assert.equal((await call(t, await loginAs(t, 'window'), 'POST', '/api/selection/draws', body)).status, 403);
    const sup = await loginAs(t, 'supervisor');
    assert.equal((await call(t, sup, 'POST', '/api/selection/draws', body)).status, 403);
    assert.equal((await call(t, sup, 'POST', `/api/selection/agencies/${ids[0]}/status`, { status: 'suspended', reason: 'x' })).status, 403);
    assert.equal((await call(t, sup, 'GET', '/api/selection/agencies')).status, 200);
    assert.equal((await call(t, await loginAs(t, 'window'), 'GET', '/api/selection/agencies')).status, 403);
    const a = await t.testDb.owner.selectFrom('selection.agencies').select('status').where('id', '=', ids[0]).executeTakeFirstOrThrow();
    assert.equal(a.status, 'active');
    const draws = await t.testDb.owner.selectFrom('selection.draws').select('drawNo').execute();
    assert.equal(draws.length, 1, 'only the leader\'s draw exists');
  });
});
