import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { ensureMatters, login, staff } from '../approvals/approvals.test-helpers.ts';
import { planCase, rate, type Cast } from '../approvals/statistics.test-fixtures.ts';
import { call, loginAs } from './openness.test-helpers.ts';
import { submitPublic, reportBody } from '../tipoffs/tipoffs.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const base = { window: await staff(t, 'window'), windowCookie: await login(t, 'window'), leader: await staff(t, 'leader') };
const cast: Cast = { ...base, reviewer: await staff(t, 'reviewer') };
const officeCast: Cast = { ...base, reviewer: await staff(t, 'office') };

describe('阳光 performance board', () => {
  it('counts approvals per county and month from the cases themselves, with satisfaction', async () => {
    // 土地抵押登记, promised 5 working days: one on time (3 days), one late (7 days), one only received.
    const a1 = await planCase(t, cast, { matter: '520304-QR-0001', submit: '2025-03-03', accept: '2025-03-03', decide: '2025-03-06' });
    await planCase(t, cast, { matter: '520304-QR-0001', submit: '2025-03-05', accept: '2025-03-05', decide: '2025-03-14' });
    await planCase(t, cast, { matter: '520304-QR-0001', submit: '2025-03-12' });
    await rate(t, a1, 5, '2025-03-07T10:00:00+08:00');
    await rate(t, a1, 3, '2025-03-08T10:00:00+08:00', true); // a follow-up does not count
    const res = await call(t, null, 'GET', '/api/open/performance?from=2025-03&to=2025-03');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const bz = res.body.rows.find((r: { countyCode: string }) => r.countyCode === '520304');
    assert.ok(bz, JSON.stringify(res.body.rows));
    assert.equal(bz.countyName, '播州区');
    assert.deepEqual(bz.approvals, { received: 3, completed: 2, onTime: 1, early: 1, avgWorkdays: 5, ratingCount: 1, ratingAvg: 5 });
    const csv = await t.inject({ method: 'GET', url: '/api/open/performance?from=2025-03&to=2025-03&format=csv' });
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.match(csv.body, /2025-03,520304,播州区,3,2,1,1,5,1,5,0,0,0/);
    const page = await t.inject({ method: 'GET', url: '/sunshine?from=2025-03&to=2025-03' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<th scope="row">播州区<\/th>\s*<td>3<\/td><td>2<\/td><td>1<\/td>/);
  });

  it('counts tip-offs received this month in the county of the place', async () => {
    const r = await submitPublic(t, reportBody());
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
    const res = await call(t, null, 'GET', `/api/open/performance?from=${month}&to=${month}`);
    const bz = res.body.rows.find((x: { countyCode: string }) => x.countyCode === '520304');
    assert.equal(bz?.tipoffs.received, 1, JSON.stringify(res.body.rows));
  });

  it('refuses a bad period naming the field', async () => {
    for (const [q, field] of [['from=2025-13', 'from'], ['from=2025-05&to=2025-03', 'to'], ['from=2020-01&to=2025-03', 'from'], ['under=999999', 'under']] as const) {
      const res = await call(t, null, 'GET', `/api/open/performance?${q}`);
      assert.equal(res.status, 400, q);
      assert.match(JSON.stringify(res.body), new RegExp(field), q);
    }
  });
});

describe('政府信息公开工作年度报告', () => {
  it('counts the year\'s 政府信息公开申请 by outcome and issues the report as a PDF once', async () => {
    const M = '520304-GG-0002';
    await planCase(t, officeCast, { matter: M, submit: '2024-12-20', accept: '2024-12-20' }); // carried over, decided in 2025
    const carried = (await t.testDb.owner.selectFrom('approvals.cases').select('caseNo').orderBy('id', 'desc').executeTakeFirstOrThrow()).caseNo;
    void carried;
    await planCase(t, officeCast, { matter: M, submit: '2025-04-01', accept: '2025-04-01', decide: '2025-04-03' });
    await planCase(t, officeCast, { matter: M, submit: '2025-04-07', accept: '2025-04-07', decide: '2025-04-09', decision: 'denied' });
    await planCase(t, officeCast, { matter: M, submit: '2025-12-30' });
    const leader = await loginAs(t, 'leader');
    const f = await call(t, leader, 'GET', '/api/openness/reports/figures?year=2025');
    assert.equal(f.status, 200, JSON.stringify(f.body));
    assert.deepEqual(f.body.requests, { received: 3, carriedOver: 1, granted: 1, denied: 1, refused: 0, withdrawn: 0, pending: 2 });
    const bad = await call(t, leader, 'GET', '/api/openness/reports/figures?year=1999');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'year');
    assert.equal((await call(t, await loginAs(t, 'office'), 'POST', '/api/openness/reports', { year: 2025 })).status, 403);
    const issued = await call(t, leader, 'POST', '/api/openness/reports', { year: 2025 });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    assert.equal((await call(t, leader, 'POST', '/api/openness/reports', { year: 2025 })).status, 409);
    const page = await t.inject({ method: 'GET', url: '/gk/ndbg/520304/2025' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<th scope="row">予以公开<\/th><td>1<\/td>/);
    const pdf = await t.inject({ method: 'GET', url: '/gk/ndbg/520304/2025/pdf' });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const file = path.join(os.tmpdir(), `openness-report-${process.pid}.pdf`);
    fs.writeFileSync(file, pdf.rawPayload);
    try {
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      assert.match(text, /政府信息公开工作年度报告/);
      assert.match(text, /予以公开\s+1/);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // pdftotext (poppler-utils) absent: the bytes were checked
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
