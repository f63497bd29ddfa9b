import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { createDb, createPool } from '../../platform/db/database.ts';
import { withContext } from '../../platform/db/context.ts';
import { makeStaff } from '../../platform/identity/test-helpers.ts';
import { call, loginAs, reportBody, reportIdOf, setPowDifficulty, submitPublic } from './tipoffs.test-helpers.ts';

const t: TestApp = await startTestApp();
await setPowDifficulty(t, 0);
const db = t.testDb.owner;
const SECRET = { anonymous: false, name: '钱七保密', phone: '13812345678', email: 'qian@example.com', idNumber: '520304198805054321' };
const sub = await submitPublic(t, reportBody({ reporter: SECRET }));
const id = await reportIdOf(t, sub.body.reportNo);
const hotline = await loginAs(t, 'hotline');
await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept' });
await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer' });
const readAudits = async () => db.selectFrom('audit.entries').select(['actorUsername', 'details']).where('action', '=', 'tipoffs.reporter.read').where('entityId', '=', String(id)).orderBy('seq').execute();
const leaks = (body: unknown) => Object.values(SECRET).filter((v) => typeof v === 'string' && JSON.stringify(body).includes(v));

describe('reporter identity: tipoffs.reporter.read only, every read audited', () => {
  it('intake staff see it only when they ask for it, and each read leaves an audit entry', async () => {
    const plain = await call(t, hotline, 'GET', `/api/tipoffs/reports/${id}`);
    assert.equal(plain.status, 200);
    assert.equal(plain.body.reporters, null);
    assert.equal(plain.body.trackingCode, null);
    assert.deepEqual(leaks(plain.body), []);
    const before = (await readAudits()).length;
    const shown = await call(t, hotline, 'GET', `/api/tipoffs/reports/${id}?reveal=reporter`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.reporters.length, 1);
    assert.equal(shown.body.reporters[0].name, SECRET.name);
    assert.equal(shown.body.reporters[0].idNumber, SECRET.idNumber);
    assert.equal(shown.body.trackingCode, sub.body.trackingCode);
    await call(t, hotline, 'GET', `/api/tipoffs/reports/${id}?reveal=reporter`);
    const audits = await readAudits();
    assert.equal(audits.length, before + 2);
    assert.equal(audits.at(-1)!.actorUsername, 'hotline');
    assert.deepEqual((audits.at(-1)!.details as { fields: string[] }).fields, ['name', 'phone', 'email', 'idNumber']);
  });

  it('the county that handles it never sees it: not in its views, refused on request, hidden by RLS even with the permission', async () => {
    const inspector = await loginAs(t, 'inspector');
    const v = await call(t, inspector, 'GET', `/api/tipoffs/reports/${id}`);
    assert.equal(v.status, 200);
    assert.equal(v.body.reporters, null);
    assert.deepEqual(leaks(v.body), []);
    assert.equal(v.body.reporterCount, 1, 'how many, not who');
    const before = (await readAudits()).length;
    const asked = await call(t, inspector, 'GET', `/api/tipoffs/reports/${id}?reveal=reporter`);
    assert.equal(asked.status, 403);
    assert.equal(asked.body.error.permission, 'tipoffs.reporter.read');
    const list = await call(t, inspector, 'GET', '/api/tipoffs/reports');
    assert.ok(list.body.items.some((i: { id: number }) => i.id === id));
    assert.deepEqual(leaks(list.body), []);
    // A county post that holds the intake role still cannot read the city's reporter rows.
    await makeStaff(t, 'bz_intake', '520304-ENFORCE', 'tipoff_intake');
    const bz = await loginAs(t, 'bz_intake');
    const shown = await call(t, bz, 'GET', `/api/tipoffs/reports/${id}?reveal=reporter`);
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.body.reporters, []);
    assert.deepEqual(leaks(shown.body.reporters), []);
    assert.equal((await readAudits()).length, before + 1, 'the attempt is audited too');
    // And straight in SQL as the application role with the county's scope.
    const app = createDb(createPool(t.testDb.appUrl, 1));
    try {
      const rows = await withContext(app, { userId: null, scopes: ['cn.p52.c5203.x520304'] }, (trx) => trx.selectFrom('tipoffs.reporters').selectAll().where('reportId', '=', id).execute());
      assert.equal(rows.length, 0);
      const city = await withContext(app, { userId: null, scopes: ['cn.p52.c5203'] }, (trx) => trx.selectFrom('tipoffs.reporters').selectAll().where('reportId', '=', id).execute());
      assert.equal(city.length, 1);
    } finally {
      await app.destroy();
    }
  });

  it('the Excel export and the trends carry no reporter data', async () => {
    const x = await t.inject({ method: 'GET', url: '/api/tipoffs/trends/export.xlsx?by=type', headers: { cookie: hotline } });
    assert.equal(x.statusCode, 200);
    assert.match(x.headers['content-type'] as string, /spreadsheetml/);
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(new Uint8Array(x.rawPayload));
    const text = Object.values(files).map((f) => strFromU8(f)).join('\n');
    assert.ok(text.includes(sub.body.reportNo), 'the ledger sheet lists the report');
    assert.deepEqual(leaks(text), []);
  });
});
