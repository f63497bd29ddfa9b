/** The demo seed of 政务公开 (openness.demo.ts): made through the real use cases, once. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call } from './openness.test-helpers.ts';
import { seedDemoOpennessOnFirstStart } from './index.ts';

const t: TestApp = await startTestApp();

describe('demo 政务公开 data (演示数据)', () => {
  it('publishes entries with 索引号, a masked letter and an open survey on the first start; a second start adds nothing', async () => {
    assert.equal((await call(t, null, 'GET', '/api/open/directory')).body.total, 0, 'the test template has no demo entry');
    assert.equal(await seedDemoOpennessOnFirstStart(t.platform), 5);
    const dir = (await call(t, null, 'GET', '/api/open/directory')).body;
    assert.equal(dir.total, 4, 'one entry still waits for review');
    assert.ok(dir.rows.every((r: { indexNo: string }) => /^520304-[A-Z]+-\d{4}-0001$/.test(r.indexNo)));
    const letters = (await call(t, null, 'GET', '/api/open/letters')).body;
    assert.equal(letters.length, 1);
    assert.ok(!JSON.stringify(letters).includes('13985201234') && !JSON.stringify(letters).includes('刘明华'));
    assert.equal((await call(t, null, 'GET', '/api/open/surveys')).body.length, 1);
    assert.equal(await seedDemoOpennessOnFirstStart(t.platform), 0);
    assert.equal((await call(t, null, 'GET', '/api/open/directory')).body.total, 4);
  });
});
