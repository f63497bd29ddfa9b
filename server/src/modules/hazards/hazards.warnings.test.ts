import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs, makeStaff } from '../../platform/identity/test-helpers.ts';
import { createWarningsService } from './warnings.service.ts';
import { capProblems } from './cap-shape.ts';

const t: TestApp = await startTestApp();
let officer = '';
let weather = '';
let qxId = 0;

const hour = 3600_000;
const draft = (over: Record<string, unknown> = {}) => ({
  level: 3, headline: '播州区三岔镇地质灾害气象风险黄色预警', advice: '受威胁群众注意防范，监测员加密巡查，发现险情立即撤离。',
  areaTownships: ['520304102'], areaDesc: '播州区三岔镇', validFrom: new Date(Date.now() - hour).toISOString(), validTo: new Date(Date.now() + 23 * hour).toISOString(),
  cosignOrgUnitId: qxId, ...over,
});
const sms = (like: string) => t.testDb.owner.selectFrom('notify.outbox').select(['recipient', 'body']).where('channel', '=', 'sms').where('body', 'like', like).orderBy('id').execute();

before(async () => {
  officer = await loginAs(t, 'hazard_office');
  weather = await loginAs(t, 'weather');
  qxId = (await t.testDb.owner.selectFrom('orgs.org_units').select('id').where('code', '=', '520304-QXJ').executeTakeFirstOrThrow()).id;
});

describe('a meteorological risk warning: drafted, co-signed by the weather bureau, published as CAP, dispatched and acknowledged', () => {
  let id = 0;
  let no = '';

  it('cannot be published without the co-signature, and only the weather bureau\'s co-signer may co-sign', async () => {
    const res = await call(t, officer, 'POST', '/api/hazards/warnings', draft());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    id = res.body.id;
    no = res.body.warningNo;
    const early = await call(t, officer, 'POST', `/api/hazards/warnings/${id}/publish`);
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, 'hazards.warning_not_cosigned');
    assert.match(early.body.error.message, /cosign/);
    assert.equal((await call(t, officer, 'POST', `/api/hazards/warnings/${id}/cosign`)).status, 403, 'the hazard office may not co-sign its own warning');
    // A second weather-bureau-role account in another organisation is not the named co-signer.
    await makeStaff(t, 'other_weather', '520303-B', 'weather_cosigner');
    assert.equal((await call(t, await loginAs(t, 'other_weather'), 'POST', `/api/hazards/warnings/${id}/cosign`)).status, 404, 'another organisation does not even see it');
    assert.equal((await call(t, weather, 'POST', `/api/hazards/warnings/${id}/publish`)).status, 403, 'the weather bureau co-signs, it does not publish');
    const w = await t.testDb.owner.selectFrom('hazards.warnings').select(['status', 'cosignedBy']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(w, { status: 'draft', cosignedBy: null });
    assert.equal((await sms('%预警%')).length, 0);
    const feed = await t.inject({ method: 'GET', url: '/cap/feed.atom' });
    assert.ok(!feed.body.includes(no));
  });

  it('is co-signed, published as a CAP 1.2 message in the Atom feed and on the portal, and texted to everyone responsible in the area', async () => {
    const co = await call(t, weather, 'POST', `/api/hazards/warnings/${id}/cosign`);
    assert.equal(co.status, 200, JSON.stringify(co.body));
    assert.equal(co.body.status, 'cosigned');
    const pub = await call(t, officer, 'POST', `/api/hazards/warnings/${id}/publish`);
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    assert.equal(pub.body.dispatched, 9, '3 demo sites of 三岔镇 × (monitor, village and township person): each acknowledges per site');

    const portal = await call(t, null, 'GET', '/api/public/hazards/warnings');
    assert.deepEqual(portal.body.map((w: { warningNo: string }) => w.warningNo), [no]);
    const feed = await t.inject({ method: 'GET', url: '/cap/feed.atom' });
    assert.equal(feed.statusCode, 200);
    assert.match(feed.headers['content-type'] as string, /atom\+xml/);
    assert.ok(feed.body.includes(`/cap/warnings/${no}.xml`));
    const cap = await t.inject({ method: 'GET', url: `/cap/warnings/${no}.xml` });
    assert.equal(cap.statusCode, 200);
    assert.deepEqual(capProblems(cap.body), []);
    assert.match(cap.body, /<status>Actual<\/status>/);
    assert.match(cap.body, /<severity>Moderate<\/severity>/);
    assert.match(cap.body, /<geocode><valueName>GB\/T 2260<\/valueName><value>520304102<\/value><\/geocode>/);
    // The validator itself catches a broken message.
    assert.ok(capProblems(cap.body.replace('<urgency>', '<urgencyX>').replace('</urgency>', '</urgencyX>')).length > 0);
    assert.ok(capProblems(cap.body.replace(/<sender>.*<\/sender>/, '')).some((p) => p.startsWith('alert/sender')));

    const texts = await sms('%地质灾害气象风险预警%');
    assert.equal(texts.length, 9);
    assert.ok(texts.some((x) => x.recipient === '13985203101'), 'the monitor of 大湾组滑坡');
    assert.match(texts[0]!.body, /三级（黄色）.*播州区三岔镇.*收到请回复\d{4}或点击 .*\/h\/ack\/[A-Za-z0-9_-]+ 签收/);
  });

  it('the board shows acknowledgements arriving by link; unacknowledged ones escalate to the township head, then the county duty officer', async () => {
    let board = await call(t, officer, 'GET', `/api/hazards/warnings/${id}/board`);
    assert.equal(board.body.total, 9);
    assert.equal(board.body.acknowledged, 0);
    const d = await t.testDb.owner.selectFrom('hazards.dispatches').select(['id', 'ackToken', 'phone', 'ackCode']).where('warningId', '=', id).orderBy('id').execute();
    const ack = await call(t, null, 'POST', `/api/public/hazards/ack/${d[0]!.ackToken}`);
    assert.equal(ack.status, 200);
    assert.equal(ack.body.already, false);
    assert.equal((await call(t, null, 'POST', '/api/public/hazards/ack/AAAAAAAAAAAAAAAAAAAAAA')).status, 404);
    board = await call(t, officer, 'GET', `/api/hazards/warnings/${id}/board`);
    assert.equal(board.body.acknowledged, 1);
    const rec = board.body.sites.flatMap((x: { recipients: { id: number; ackedAt: string | null }[] }) => x.recipients);
    assert.deepEqual(rec.filter((x: { ackedAt: string | null }) => x.ackedAt).map((x: { id: number }) => x.id), [d[0]!.id]);

    // An SMS reply with the code also acknowledges (the gateway's callback calls this).
    const svc = createWarningsService({ db: t.platform.db, audit: t.platform.audit, notify: t.platform.notify, publicUrl: () => 'http://x', now: () => new Date(Date.now() + 16 * 60_000) });
    assert.equal(await svc.acknowledgeByReply(d[1]!.phone, d[1]!.ackCode), 1);

    // 16 minutes later: step 1, the head of 三岔镇 is told of each of the 7 still unacknowledged.
    assert.equal(await svc.escalateDue(), 7);
    const head = await sms('%预警未签收督办%');
    assert.equal(head.length, 7);
    assert.ok(head.every((x) => x.recipient === '13985203900'));
    assert.equal(await svc.escalateDue(), 0, 'step 1 is not repeated');
    const later = createWarningsService({ db: t.platform.db, audit: t.platform.audit, notify: t.platform.notify, publicUrl: () => 'http://x', now: () => new Date(Date.now() + 31 * 60_000) });
    assert.equal(await later.escalateDue(), 7, 'step 2: the county duty officer');
    const duty = await sms('%预警未签收督办%');
    assert.equal(duty.filter((x) => x.recipient === '13985200110').length, 7);
    board = await call(t, officer, 'GET', `/api/hazards/warnings/${id}/board`);
    assert.equal(board.body.acknowledged, 2);
  });
});

describe('a published warning is cancelled (解除)', () => {
  it('becomes a CAP Cancel referencing the alert, leaves the portal and stays in the feed as cancelled', async () => {
    const w = await call(t, officer, 'POST', '/api/hazards/warnings', draft({ headline: '三岔镇橙色预警（待解除）', level: 2 }));
    assert.equal((await call(t, officer, 'POST', `/api/hazards/warnings/${w.body.id}/cancel`)).status, 409, 'a draft cannot be cancelled');
    await call(t, weather, 'POST', `/api/hazards/warnings/${w.body.id}/cosign`);
    await call(t, officer, 'POST', `/api/hazards/warnings/${w.body.id}/publish`);
    assert.ok((await call(t, null, 'GET', '/api/public/hazards/warnings')).body.some((x: { warningNo: string }) => x.warningNo === w.body.warningNo));
    assert.equal((await call(t, weather, 'POST', `/api/hazards/warnings/${w.body.id}/cancel`)).status, 403);
    const c = await call(t, officer, 'POST', `/api/hazards/warnings/${w.body.id}/cancel`);
    assert.equal(c.status, 200);
    assert.equal(c.body.status, 'cancelled');
    assert.ok(!(await call(t, null, 'GET', '/api/public/hazards/warnings')).body.some((x: { warningNo: string }) => x.warningNo === w.body.warningNo));
    const cap = await t.inject({ method: 'GET', url: `/cap/warnings/${w.body.warningNo}.xml` });
    assert.deepEqual(capProblems(cap.body), []);
    assert.match(cap.body, /<msgType>Cancel<\/msgType>/);
    assert.match(cap.body, new RegExp(`<references>[^<]*hazards\\.${w.body.warningNo},`));
    assert.ok((await t.inject({ method: 'GET', url: '/cap/feed.atom' })).body.includes('【解除】三岔镇橙色预警（待解除）'));
  });
});

describe('drills and low levels never reach the public; bad input is refused', () => {
  it('a drill is marked as an exercise and stays off the feed and the portal; 四级 stays off the portal', async () => {
    const drill = await call(t, officer, 'POST', '/api/hazards/warnings', draft({ drill: true, level: 1, headline: '演练：三岔镇红色预警' }));
    assert.equal(drill.status, 201);
    assert.equal((await call(t, weather, 'POST', `/api/hazards/warnings/${drill.body.id}/cosign`)).status, 200);
    assert.equal((await call(t, officer, 'POST', `/api/hazards/warnings/${drill.body.id}/publish`)).status, 200);
    const cap = await t.inject({ method: 'GET', url: `/api/hazards/warnings/${drill.body.id}/cap.xml`, headers: { cookie: officer } });
    assert.deepEqual(capProblems(cap.body), []);
    assert.match(cap.body, /<status>Exercise<\/status>/);
    assert.match(cap.body, /【演练】/);
    assert.equal((await t.inject({ method: 'GET', url: `/cap/warnings/${drill.body.warningNo}.xml` })).statusCode, 404);
    assert.ok(!(await t.inject({ method: 'GET', url: '/cap/feed.atom' })).body.includes(drill.body.warningNo));
    assert.ok((await sms('%演练·地质灾害气象风险预警%')).length > 0, 'the drill is texted, marked as a drill');

    const blue = await call(t, officer, 'POST', '/api/hazards/warnings', draft({ level: 4, headline: '三岔镇蓝色预警', areaTownships: [], areaPolygon: { type: 'Polygon', coordinates: [[[106.7, 27.4], [106.9, 27.4], [106.9, 27.6], [106.7, 27.6], [106.7, 27.4]]] } }));
    assert.equal(blue.status, 201, JSON.stringify(blue.body));
    await call(t, weather, 'POST', `/api/hazards/warnings/${blue.body.id}/cosign`);
    const pub = await call(t, officer, 'POST', `/api/hazards/warnings/${blue.body.id}/publish`);
    assert.equal(pub.body.dispatched, 9, 'the drawn polygon covers the three sites');
    const portal = await call(t, null, 'GET', '/api/public/hazards/warnings');
    assert.ok(!portal.body.some((w: { warningNo: string }) => w.warningNo === blue.body.warningNo), '四级 is not on the portal');
    assert.ok((await t.inject({ method: 'GET', url: '/cap/feed.atom' })).body.includes(blue.body.warningNo), 'but is in the CAP feed');
  });

  it('refuses a bad level, an open polygon, a period ending before it starts, another county\'s township, and the drafter\'s own organisation as co-signer', async () => {
    const n = (await t.testDb.owner.selectFrom('hazards.warnings').select('id').execute()).length;
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ level: 5 }, 400, /level/],
      [{ areaTownships: [], areaPolygon: { type: 'Polygon', coordinates: [[[106.7, 27.4], [106.9, 27.4], [106.9, 27.6], [106.7, 27.6]]] } }, 400, /areaPolygon/],
      [{ validTo: new Date(Date.now() - 2 * hour).toISOString() }, 400, /validTo/],
      [{ areaTownships: [] }, 400, /areaTownships/],
      [{ areaTownships: ['520303001'] }, 403, /areaTownships/],
      [{ cosignOrgUnitId: (await t.testDb.owner.selectFrom('orgs.org_units').select('id').where('code', '=', '520304-HAZARD').executeTakeFirstOrThrow()).id }, 400, /cosignOrgUnitId/],
    ];
    for (const [over, status, field] of cases) {
      const res = await call(t, officer, 'POST', '/api/hazards/warnings', draft(over));
      assert.equal(res.status, status, `${JSON.stringify(over)} → ${JSON.stringify(res.body)}`);
      assert.match(JSON.stringify(res.body), field);
    }
    assert.equal((await t.testDb.owner.selectFrom('hazards.warnings').select('id').execute()).length, n);
    assert.equal((await call(t, await loginAs(t, 'window'), 'POST', '/api/hazards/warnings', draft())).status, 403);
    assert.equal((await call(t, null, 'POST', '/api/hazards/warnings', draft())).status, 401);
  });
});
