import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { normalisePhone, replyCode, smsSignature } from './sms-inbound.ts';

const SECRET = 'gateway-shared-secret-0123456789';
const t: TestApp = await startTestApp({ SMS_INBOUND_SECRET: SECRET });
let warningId = 0;

/** Posts an inbound SMS the way the gateway does (signed unless told otherwise). */
function inbound(m: { messageId: string; from: string; text: string }, o: { secret?: string; ts?: number; signature?: string } = {}) {
  const ts = String(o.ts ?? Math.floor(Date.now() / 1000));
  const signature = o.signature ?? smsSignature(o.secret ?? SECRET, ts, m);
  return t.inject({ method: 'POST', url: '/api/public/hazards/sms-inbound', headers: { 'x-sms-timestamp': ts, 'x-sms-signature': signature, 'content-type': 'application/json' }, payload: m });
}
const acked = async () => (await t.testDb.owner.selectFrom('hazards.dispatches').select('id').where('warningId', '=', warningId).where('ackedAt', 'is not', null).execute()).length;

before(async () => {
  const officer = await loginAs(t, 'hazard_office');
  const qx = await t.testDb.owner.selectFrom('orgs.org_units').select('id').where('code', '=', '520304-QXJ').executeTakeFirstOrThrow();
  const w = await call(t, officer, 'POST', '/api/hazards/warnings', {
    level: 3, headline: '播州区三岔镇地质灾害气象风险黄色预警', advice: '监测员加密巡查，发现险情立即撤离。', areaTownships: ['520304102'], areaDesc: '播州区三岔镇',
    validFrom: new Date(Date.now() - 3600_000).toISOString(), validTo: new Date(Date.now() + 23 * 3600_000).toISOString(), cosignOrgUnitId: qx.id,
  });
  assert.equal(w.status, 201, JSON.stringify(w.body));
  warningId = w.body.id;
  assert.equal((await call(t, await loginAs(t, 'weather'), 'POST', `/api/hazards/warnings/${warningId}/cosign`)).status, 200);
  assert.equal((await call(t, officer, 'POST', `/api/hazards/warnings/${warningId}/publish`)).status, 200);
});

describe('inbound SMS (上行短信): a signed reply with the code acknowledges the warning', () => {
  it('reads the code and the phone as people and gateways write them', () => {
    assert.equal(replyCode('收到 4821'), '4821');
    assert.equal(replyCode('４８２１收到'), '4821', '全角 digits');
    assert.equal(replyCode('13985203101'), null, 'a phone number is not a code');
    assert.equal(replyCode('收到'), null);
    assert.equal(normalisePhone('+86 139-8520-3101'), '13985203101');
    assert.equal(normalisePhone('008613985203101'), '13985203101');
    assert.equal(normalisePhone('10086'), null);
  });

  it('refuses an unsigned, wrongly signed or stale message, and a missing header by name; nothing is acknowledged', async () => {
    const d = await t.testDb.owner.selectFrom('hazards.dispatches').select(['phone', 'ackCode']).where('warningId', '=', warningId).orderBy('id').executeTakeFirstOrThrow();
    const m = { messageId: 'gw-1', from: d.phone, text: `收到${d.ackCode}` };
    const wrong = await inbound(m, { secret: 'another-secret-of-someone-else!!' });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.json().error.message, /x-sms-signature/);
    assert.equal((await inbound(m, { signature: 'abc' })).statusCode, 401);
    const stale = await inbound(m, { ts: Math.floor(Date.now() / 1000) - 3600 });
    assert.equal(stale.statusCode, 401);
    assert.match(stale.json().error.message, /x-sms-timestamp/);
    // The text altered after signing.
    const ts = String(Math.floor(Date.now() / 1000));
    const altered = await t.inject({ method: 'POST', url: '/api/public/hazards/sms-inbound', headers: { 'x-sms-timestamp': ts, 'x-sms-signature': smsSignature(SECRET, ts, m), 'content-type': 'application/json' }, payload: { ...m, from: '13900000000' } });
    assert.equal(altered.statusCode, 401);
    const noHeader = await t.inject({ method: 'POST', url: '/api/public/hazards/sms-inbound', headers: { 'content-type': 'application/json' }, payload: m });
    assert.equal(noHeader.statusCode, 400);
    assert.match(noHeader.body, /x-sms-timestamp/);
    assert.equal(await acked(), 0);
  });

  it('a signed reply from the recipient\'s phone (+86 form) acknowledges its dispatch once; the board shows it; a wrong code or another phone does nothing', async () => {
    const d = await t.testDb.owner.selectFrom('hazards.dispatches').select(['id', 'phone', 'ackCode']).where('warningId', '=', warningId).orderBy('id').execute();
    const first = d[0]!;
    const other = d.find((x) => x.phone !== first.phone)!;
    const codes = new Set(d.filter((x) => x.phone === first.phone).map((x) => x.ackCode));
    const wrongCode = ['1000', '1001', '1002', '1003'].find((c) => !codes.has(c))!;
    let res = await inbound({ messageId: 'gw-2', from: first.phone, text: `收到 ${wrongCode}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().acknowledged, 0);
    res = await inbound({ messageId: 'gw-3', from: other.phone, text: first.ackCode === other.ackCode ? '0000' : first.ackCode });
    assert.equal(res.json().acknowledged, 0, 'the code of another recipient');
    assert.equal(await acked(), 0);

    res = await inbound({ messageId: 'gw-4', from: `+86${first.phone}`, text: `收到${first.ackCode}，正在巡查` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().acknowledged, 1);
    const row = await t.testDb.owner.selectFrom('hazards.dispatches').select(['ackedVia', 'ackedAt']).where('id', '=', first.id).executeTakeFirstOrThrow();
    assert.equal(row.ackedVia, 'code');
    assert.equal((await inbound({ messageId: 'gw-4', from: first.phone, text: first.ackCode })).json().acknowledged, 0, 'a repeat acknowledges nothing more');
    const board = await call(t, await loginAs(t, 'hazard_office'), 'GET', `/api/hazards/warnings/${warningId}/board`);
    assert.equal(board.body.acknowledged, 1);
    const audit = await t.testDb.owner.selectFrom('audit.entries').select('details').where('action', '=', 'hazards.warning.acknowledged').execute();
    assert.equal(audit.length, 1);
  });
});
