/**
 * Who manages the layer registry: map.layer.manage inside the layer's owning subtree (the demo
 * layers belong to 播州区). The security administrator (province scope) may; a reviewer may not;
 * a map manager of 汇川区 holds the permission but not the scope.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAdmin, loginAs, makeStaff } from '../../platform/identity/test-helpers.ts';

const t: TestApp = await startTestApp();
const owner = t.testDb.owner;
const role = await owner.insertInto('access.roles').values({ code: 'map_manager_test', name: '图层管理（测试）', nameEn: 'Map manager (test)', adminKind: null, builtIn: false })
  .returning('id').executeTakeFirstOrThrow();
await owner.insertInto('access.role_permissions').values([{ roleId: role.id, permission: 'map.layer.manage' }, { roleId: role.id, permission: 'platform.workbench.view' }]).execute();
await makeStaff(t, 'hc_mapper', '520303-B', 'map_manager_test');

const style = { field: 'gzqlx', default: { fill: '#eeeeee', stroke: '#333333' } };

describe('PATCH /api/map/layers/:code', () => {
  it('anonymous 401, reviewer 403, 汇川区 manager 403; the security admin changes the legend, bumps the version, audited', async () => {
    const before = (await call(t, null, 'GET', '/api/map/layers/plan_zones')).body;
    assert.equal((await call(t, null, 'PATCH', '/api/map/layers/plan_zones', { version: before.version, style })).status, 401);
    const rv = await call(t, await loginAs(t, 'reviewer'), 'PATCH', '/api/map/layers/plan_zones', { version: before.version, style });
    assert.equal(rv.status, 403, JSON.stringify(rv.body));
    const hc = await call(t, await loginAs(t, 'hc_mapper'), 'PATCH', '/api/map/layers/plan_zones', { version: before.version, style });
    assert.equal(hc.status, 403);
    const sec = await loginAdmin(t, 'secadmin');
    const ok = await call(t, sec, 'PATCH', '/api/map/layers/plan_zones', { version: before.version, style, name: '国土空间规划分区（管制）' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.version, before.version + 1);
    assert.deepEqual(ok.body.style, style);
    assert.equal(ok.body.name, '国土空间规划分区（管制）');
    const stale = await call(t, sec, 'PATCH', '/api/map/layers/plan_zones', { version: before.version, style });
    assert.equal(stale.status, 409);
    const { rows } = await sql<{ action: string }>`select action from audit.entries where entity_type = 'map.layer' order by seq`.execute(owner);
    assert.deepEqual(rows.map((r) => r.action), ['map.layer.updated']);
  });
});
