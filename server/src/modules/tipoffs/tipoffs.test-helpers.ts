/** Shared steps of the tip-off tests (not a test file itself). */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/harness.ts';
import { json } from '../../../test/harness.ts';
import { loginAs, call } from '../../platform/identity/test-helpers.ts';
import { solveChallenge } from './pow.ts';

export { loginAs, call };

/** 播州区 (county 520304), near 遵义: inside China and inside the demo org tree. */
export const BOZHOU_POINT = { lon: 106.83, lat: 27.54 };
/** 汇川区 (county 520303). */
export const HUICHUAN_POINT = { lon: 106.94, lat: 27.75 };

let ipCounter = 1;
/** A fresh client address for each public submission, so the per-IP rate limit stays out of the way. */
export function nextIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

/** Sets the PoW difficulty (country-wide row) through the owner connection. */
export async function setPowDifficulty(t: TestApp, bits: number): Promise<void> {
  await sql`insert into tipoffs.settings (org_path, pow_difficulty) values ('cn', ${bits})
            on conflict (org_path) do update set pow_difficulty = excluded.pow_difficulty`.execute(t.testDb.owner);
}

export function reportBody(over: Record<string, unknown> = {}) {
  return {
    violationType: 'land_illegal_occupation',
    place: { divisionCode: '520304', address: '播州区三岔镇某村村口', point: BOZHOU_POINT },
    party: '某建材公司',
    facts: '未经批准在基本农田上建设厂房，已经打好地基。',
    files: [],
    reporter: { anonymous: false, name: '张三', phone: '13800000001', email: 'zhangsan@example.com', idNumber: '520304199001011234' },
    ...over,
  };
}

export async function challenge(t: TestApp, ip = nextIp()) {
  const res = await t.inject({ method: 'GET', url: '/api/public/tipoffs/challenge', remoteAddress: ip });
  assert.equal(res.statusCode, 200, res.body);
  return json<{ challenge: string; difficulty: number; expiresAt: string }>(res);
}

/** Submits through the public form: a challenge, solved, then the report. */
export async function submitPublic(t: TestApp, body: Record<string, unknown> = reportBody(), opts: { ip?: string; key?: string; pow?: { challenge: string; nonce: string }; cookie?: string } = {}) {
  const ip = opts.ip ?? nextIp();
  let pow = opts.pow;
  if (!pow) {
    const c = await challenge(t, ip);
    pow = { challenge: c.challenge, nonce: solveChallenge(c.challenge, c.difficulty) };
  }
  const res = await t.inject({
    method: 'POST', url: '/api/public/tipoffs/reports',
    remoteAddress: ip, headers: { 'idempotency-key': opts.key ?? crypto.randomUUID(), ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    payload: { ...body, pow },
  });
  return { status: res.statusCode, body: res.body ? json(res) : null, res };
}

export async function reportIdOf(t: TestApp, reportNo: string): Promise<number> {
  const r = await t.testDb.owner.selectFrom('tipoffs.reports').select('id').where('reportNo', '=', reportNo).executeTakeFirstOrThrow();
  return r.id;
}

/** Uploads a small PNG as staff (POST /api/files) and returns its id. */
export async function uploadEvidence(t: TestApp, cookie: string, name = 'site.png'): Promise<string> {
  const boundary = '----sunland' + crypto.randomBytes(6).toString('hex');
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
    PNG_1PX,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.inject({ method: 'POST', url: '/api/files', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  assert.equal(res.statusCode, 201, res.body);
  return json<{ id: string }>(res).id;
}

/** Multipart upload to the public endpoint. */
export async function uploadPublic(t: TestApp, name: string, mime: string, bytes: Buffer) {
  const boundary = '----sunland' + crypto.randomBytes(6).toString('hex');
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.inject({ method: 'POST', url: '/api/public/tipoffs/uploads', remoteAddress: nextIp(), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  return { status: res.statusCode, body: res.body ? json(res) : null };
}

export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** Walks a report from the public form to `feedback_given`; returns its id and the cookies used. */
export async function toFeedback(t: TestApp, body = reportBody()) {
  const sub = await submitPublic(t, body);
  assert.equal(sub.status, 201, JSON.stringify(sub.body));
  const id = await reportIdOf(t, sub.body.reportNo);
  const hotline = await loginAs(t, 'hotline');
  const inspector = await loginAs(t, 'inspector');
  let r = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const photo = await uploadEvidence(t, inspector);
  r = await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/verify`, { verifiedOn: chinaToday(), findings: '现场核查属实，已打地基约 300 平方米。', violationFound: true, evidence: [photo] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/dispose`, { outcome: 'stopped_rectified', summary: '已责令停止建设并拆除地基，恢复耕种条件。' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/feedback`, { text: '经核查属实，已责令停止违法行为并拆除，恢复原状。' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { id, trackingCode: sub.body.trackingCode as string, reportNo: sub.body.reportNo as string, hotline, inspector };
}

export function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
