/** The public account's own profile (pre-fills application forms): its own data only, public accounts only. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from './test-helpers.ts';

const t: TestApp = await startTestApp();

describe('GET /api/public/profile', () => {
  it('gives a person and a company their own name, kind, ID number and phone', async () => {
    const p = await call(t, await loginAs(t, '13885200001'), 'GET', '/api/public/profile');
    assert.equal(p.status, 200);
    assert.deepEqual(p.body, { kind: 'person', name: '王小明', idNumber: '52030419900307123X', phone: '13885200001' });
    const c = await call(t, await loginAs(t, '13885200002'), 'GET', '/api/public/profile');
    assert.equal(c.status, 200);
    assert.deepEqual(c.body, { kind: 'company', name: '遵义市播州区示例建材有限公司', idNumber: '91520304MA6H7K2L0A', phone: '13885200002' });
  });

  it('refuses staff accounts and visitors', async () => {
    assert.equal((await call(t, await loginAs(t, 'window'), 'GET', '/api/public/profile')).status, 403);
    assert.equal((await call(t, null, 'GET', '/api/public/profile')).status, 401);
  });
});
