import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import { challenge, nextIp, PNG_1PX, reportBody, setPowDifficulty, submitPublic, uploadPublic } from './tipoffs.test-helpers.ts';
import { leadingZeroBits, solveChallenge } from './pow.ts';

const t: TestApp = await startTestApp();
await setPowDifficulty(t, 8);
const db = t.testDb.owner;

describe('public intake with proof of work', () => {
  it('issues a signed challenge, accepts a solved one once, and acknowledges by SMS and e-mail', async () => {
    const c = await challenge(t);
    assert.equal(c.difficulty, 8);
    assert.match(c.challenge, /^[\w-]+\.[\w-]+$/);
    const nonce = solveChallenge(c.challenge, 8);
    assert.ok(leadingZeroBits(crypto.createHash('sha256').update(c.challenge + nonce).digest()) >= 8);
    const res = await submitPublic(t, reportBody(), { pow: { challenge: c.challenge, nonce } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.reportNo, /^JB\d{8}\d{6}$/);
    assert.match(res.body.trackingCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.equal(res.body.status, 'received');
    const row = await db.selectFrom('tipoffs.reports').selectAll().where('reportNo', '=', res.body.reportNo).executeTakeFirstOrThrow();
    assert.equal(row.channel, 'web');
    assert.equal(String(row.intakeOrgPath), 'cn.p52.c5203', 'public reports are received by the city bureau');
    assert.equal(row.stage, 'triage');
    const reporter = await db.selectFrom('tipoffs.reporters').selectAll().where('reportId', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(reporter.name, '张三');
    assert.equal(String(reporter.orgPath), 'cn.p52.c5203');
    const out = await db.selectFrom('notify.outbox').select(['channel', 'recipient', 'body']).where('dedupeKey', 'like', `tipoffs:ack:${row.id}:%`).orderBy('channel').execute();
    assert.deepEqual(out.map((o) => [o.channel, o.recipient]), [['email', 'zhangsan@example.com'], ['sms', '13800000001']]);
    assert.ok(out[1]!.body.includes(res.body.trackingCode));
    // The same challenge again: spent.
    const again = await submitPublic(t, reportBody(), { pow: { challenge: c.challenge, nonce } });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'tipoffs.pow_reused');
  });

  it('refuses a wrong nonce, a forged challenge and a missing one, naming the field', async () => {
    const c = await challenge(t);
    let nonce = 0;
    while (leadingZeroBits(crypto.createHash('sha256').update(c.challenge + String(nonce)).digest()) >= 8) nonce++;
    const bad = await submitPublic(t, reportBody(), { pow: { challenge: c.challenge, nonce: String(nonce) } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'tipoffs.pow_invalid');
    assert.equal(bad.body.error.field, 'pow.nonce');
    const [payload] = c.challenge.split('.');
    const forged = `${payload}.${crypto.randomBytes(32).toString('base64url')}`;
    const f = await submitPublic(t, reportBody(), { pow: { challenge: forged, nonce: solveChallenge(forged, 8) } });
    assert.equal(f.status, 400);
    assert.equal(f.body.error.field, 'pow.challenge');
    const ip = nextIp();
    const missing = await t.inject({ method: 'POST', url: '/api/public/tipoffs/reports', remoteAddress: ip, headers: { 'idempotency-key': crypto.randomUUID() }, payload: reportBody() });
    assert.equal(missing.statusCode, 400);
    assert.equal(json(missing).error.field, 'pow');
  });
});

describe('idempotency', () => {
  it('gives the same report for the same key, one row, and refuses the key with another body', async () => {
    const key = crypto.randomUUID();
    const body = reportBody({ facts: '同一幂等键重复提交的举报内容，测试用。' });
    const first = await submitPublic(t, body, { key });
    assert.equal(first.status, 201);
    const second = await submitPublic(t, body, { key });
    assert.equal(second.status, 200);
    assert.equal(second.body.reportNo, first.body.reportNo);
    assert.equal(second.body.trackingCode, first.body.trackingCode);
    const n = await db.selectFrom('tipoffs.reports').select((eb) => eb.fn.countAll<number>().as('n')).where('idempotencyKey', '=', key).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 1);
    const other = await submitPublic(t, reportBody({ facts: '换了内容但用了同一个幂等键，应被拒绝。' }), { key });
    assert.equal(other.status, 409);
    assert.equal(other.body.error.code, 'tipoffs.idempotency_conflict');
  });

  it('requires the Idempotency-Key header', async () => {
    const ip = nextIp();
    const c = await challenge(t, ip);
    const res = await t.inject({ method: 'POST', url: '/api/public/tipoffs/reports', remoteAddress: ip, payload: { ...reportBody(), pow: { challenge: c.challenge, nonce: solveChallenge(c.challenge, c.difficulty) } } });
    assert.equal(res.statusCode, 400);
    assert.equal(json(res).error.field, 'Idempotency-Key');
  });
});

describe('rate limit', () => {
  it('lets 5 submissions a minute through from one address, then answers 429', async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await challenge(t, nextIp());
      const res = await t.inject({
        method: 'POST', url: '/api/public/tipoffs/reports', remoteAddress: ip, headers: { 'idempotency-key': crypto.randomUUID() },
        payload: { ...reportBody({ facts: `限流测试第 ${i} 次提交，内容不同。` }), pow: { challenge: c.challenge, nonce: solveChallenge(c.challenge, c.difficulty) } },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) assert.equal(json(res).error.code, 'request.rate_limited');
    }
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429]);
  });
});

describe('bad input is named, and changes nothing', () => {
  const count = async () => Number((await db.selectFrom('tipoffs.reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('missing location', async () => {
    const before = await count();
    const { place: _p, ...noPlace } = reportBody();
    const res = await submitPublic(t, noPlace);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation.failed');
    assert.equal(res.body.error.field, 'place');
    assert.equal(await count(), before);
  });

  it('a point outside China (Tokyo), and a point with a city code instead of a county', async () => {
    const before = await count();
    const tokyo = await submitPublic(t, reportBody({ place: { divisionCode: '520304', address: '东京', point: { lon: 139.69, lat: 35.69 } } }));
    assert.equal(tokyo.status, 422);
    assert.equal(tokyo.body.error.code, 'tipoffs.point_outside_china');
    assert.equal(tokyo.body.error.field, 'place.point');
    const swapped = await submitPublic(t, reportBody({ place: { divisionCode: '520304', address: '经纬度写反', point: { lon: 27.54, lat: 106.83 } } }));
    assert.equal(swapped.status, 400, 'lat > 90 is refused by the schema');
    assert.equal(swapped.body.error.field, 'place.point.lat');
    const city = await submitPublic(t, reportBody({ place: { divisionCode: '520300', address: '遵义市', point: { lon: 106.93, lat: 27.72 } } }));
    assert.equal(city.status, 400);
    assert.equal(city.body.error.field, 'place.divisionCode');
    const nowhere = await submitPublic(t, reportBody({ place: { divisionCode: '529999', address: '不存在', point: { lon: 106.93, lat: 27.72 } } }));
    assert.equal(nowhere.status, 422);
    assert.equal(nowhere.body.error.code, 'tipoffs.division_not_found');
    assert.equal(await count(), before);
  });

  it('a file of the wrong type, and an attachment id that is not a public upload', async () => {
    const exe = await uploadPublic(t, 'virus.exe', 'application/octet-stream', Buffer.from('MZ\x90\x00 not really'));
    assert.equal(exe.status, 415);
    assert.equal(exe.body.error.code, 'files.type_not_allowed');
    const fakePng = await uploadPublic(t, 'photo.png', 'image/png', Buffer.from('%PDF-1.4 pretending to be a png'));
    assert.equal(fakePng.status, 415);
    assert.equal(fakePng.body.error.code, 'files.type_mismatch');
    const png = await uploadPublic(t, 'photo.png', 'image/png', PNG_1PX);
    assert.equal(png.status, 201, JSON.stringify(png.body));
    const ok = await submitPublic(t, reportBody({ files: [png.body.id] }));
    assert.equal(ok.status, 201);
    const att = await db.selectFrom('tipoffs.files').select(['stage', 'mime']).where('fileId', '=', png.body.id).executeTakeFirstOrThrow();
    assert.deepEqual(att, { stage: 'intake', mime: 'image/png' });
    const unknown = await submitPublic(t, reportBody({ files: [crypto.randomUUID()] }));
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.field, 'files[0]');
  });

  it('an oversized body', async () => {
    const res = await submitPublic(t, reportBody({ facts: '违'.repeat(30000) }));
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'request.too_large');
  });

  it('real-name without a name', async () => {
    const res = await submitPublic(t, reportBody({ reporter: { anonymous: false, phone: '13800000009' } }));
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'reporter.name');
    // The reason in Chinese too, for the citizen's zh-CN page (web/src/app/errors.ts).
    assert.equal(res.body.error.reasonZh, '实名举报须填写姓名（或选择匿名举报）');
  });
});

describe('tracking', () => {
  it('shows progress by tracking code without reporter data, in any spelling of the code', async () => {
    const sub = await submitPublic(t, reportBody({ reporter: { anonymous: true } }));
    assert.equal(sub.status, 201);
    const code = (sub.body.trackingCode as string).toLowerCase().replaceAll('-', '');
    const res = await t.inject({ method: 'POST', url: '/api/public/tipoffs/track', remoteAddress: nextIp(), payload: { trackingCode: code } });
    assert.equal(res.statusCode, 200, res.body);
    const v = json(res);
    assert.equal(v.reportNo, sub.body.reportNo);
    assert.equal(v.status, 'received');
    assert.equal(v.events[0].kind, 'received');
    assert.ok(!res.body.includes('张三'));
    const wrong = await t.inject({ method: 'POST', url: '/api/public/tipoffs/track', remoteAddress: nextIp(), payload: { trackingCode: 'AAAA-BBBB-CCCC' } });
    assert.equal(wrong.statusCode, 404);
    assert.equal(json(wrong).error.code, 'tipoffs.tracking_not_found');
    // The code never travels in a URL: the old path form is gone.
    const inPath = await t.inject({ method: 'GET', url: `/api/public/tipoffs/track/${code}`, remoteAddress: nextIp() });
    assert.equal(inPath.statusCode, 404);
  });
});
