import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext } from '../db/context.ts';
import { call, loginAdmin, loginAs } from '../identity/test-helpers.ts';

const t: TestApp = await startTestApp();
let auditadmin = '';
let secadmin = '';
let window = '';

before(async () => {
  auditadmin = await loginAdmin(t, 'auditadmin');
  secadmin = await loginAdmin(t, 'secadmin');
  window = await loginAs(t, 'window');
  await withContext(t.platform.db, { userId: null, scopes: ['cn'] }, async (trx) => {
    for (let i = 0; i < 3; i++) {
      await t.platform.audit.record(trx, { userId: 1, username: 'api-test' }, {
        action: 'test.api.created', entityType: 'api', entityId: i, orgPath: 'cn.p52.c5203.x520304', details: { i },
      });
    }
    await t.platform.audit.record(trx, { userId: 1, username: 'api-test' }, {
      action: 'test.api.created', entityType: 'api', entityId: 'yunnan', orgPath: 'cn.p53',
    });
  });
});

describe('GET /api/audit/entries', () => {
  it('lets the audit admin page through the entries of their province, newest first', async () => {
    const first = await call(t, auditadmin, 'GET', '/api/audit/entries?action=test.api.created&limit=2');
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.items.map((i: { entityId: string }) => i.entityId), ['2', '1']);
    const second = await call(t, auditadmin, 'GET', `/api/audit/entries?action=test.api.created&limit=2&before=${first.body.nextBefore}`);
    assert.deepEqual(second.body.items.map((i: { entityId: string }) => i.entityId), ['0']);
    assert.equal(second.body.nextBefore, null);
    const prefix = await call(t, auditadmin, 'GET', '/api/audit/entries?action=test.*&actor=api-test&limit=50');
    assert.equal(prefix.body.items.length, 3, 'the 云南 entry is outside the 贵州 audit admin’s scope');
  });

  it('audits the audit admin’s own reading', async () => {
    await call(t, auditadmin, 'GET', '/api/audit/entries?entityType=api');
    const own = await call(t, auditadmin, 'GET', '/api/audit/entries?action=audit.entry.read&actor=auditadmin&limit=1');
    assert.equal(own.body.items[0].actorUsername, 'auditadmin');
    assert.deepEqual(own.body.items[0].details.filter.entityType, 'api');
  });

  it('names the bad field of a query', async () => {
    const bad = await call(t, auditadmin, 'GET', '/api/audit/entries?from=yesterday');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'from');
    const unknown = await call(t, auditadmin, 'GET', '/api/audit/entries?colour=red');
    assert.equal(unknown.body.error.field, 'colour');
  });

  it('is refused to everyone without platform.audit.read, the security admin included (三员)', async () => {
    assert.equal((await call(t, null, 'GET', '/api/audit/entries')).status, 401);
    assert.equal((await call(t, window, 'GET', '/api/audit/entries')).status, 403);
    assert.equal((await call(t, secadmin, 'GET', '/api/audit/entries')).status, 403);
  });
});

describe('POST /api/audit/verify', () => {
  it('verifies the whole chain for the audit admin and records that it did', async () => {
    const res = await call(t, auditadmin, 'POST', '/api/audit/verify');
    assert.equal(res.status, 200);
    assert.equal(res.body.ok, true);
    assert.ok(res.body.checked >= 4);
    assert.equal(res.body.algorithm, 'sm3');
    const rec = await call(t, auditadmin, 'GET', '/api/audit/entries?action=audit.chain.verified&limit=1');
    assert.equal(rec.body.items[0].details.ok, true);
  });

  it('is refused to others, and the audit admin may change nothing else', async () => {
    assert.equal((await call(t, secadmin, 'POST', '/api/audit/verify')).status, 403);
    assert.equal((await call(t, window, 'POST', '/api/audit/verify')).status, 403);
    const cal = await call(t, auditadmin, 'POST', '/api/calendar/overrides', { date: '2025-11-03', kind: 'holiday', name: 'x' });
    assert.equal(cal.status, 403);
  });
});
