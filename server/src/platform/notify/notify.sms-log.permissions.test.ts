/**
 * GET /api/admin/sms-messages (platform.sms_outbox.read, the system administrator): a reporter's
 * number, report number and tracking code, and verification codes, never show there; reading the
 * other messages is audited.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAdmin, loginAs } from '../identity/test-helpers.ts';
import { reportBody, submitPublic } from '../../modules/tipoffs/tipoffs.test-helpers.ts';
import { withContext } from '../db/context.ts';

const t: TestApp = await startTestApp();

describe('SMS log (GET /api/admin/sms-messages)', () => {
  it('keeps the text and full number of confidential messages out of the log, and audits each read', async () => {
    // A tip-off with the reporter's phone: the acknowledgement SMS carries report number and tracking code.
    const reporterPhone = '13800000456';
    const sub = await submitPublic(t, reportBody({ reporter: { anonymous: false, name: '张三', phone: reporterPhone } }));
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    const { reportNo, trackingCode } = sub.body;
    // An SMS login code for a registered public account.
    const code = await call(t, null, 'POST', '/api/public/sms-code', { phone: '13885200001', purpose: 'login' });
    assert.equal(code.status, 202);
    // An ordinary notice.
    await withContext(t.platform.db, { userId: null, scopes: ['cn'] }, (trx) =>
      t.platform.notify.enqueue(trx, { channel: 'sms', to: '13900000457', body: '【阳光国土】您的申请已受理。' }));
    await t.platform.notify.deliverDue();

    const cookie = await loginAdmin(t, 'sysadmin');
    const res = await call(t, cookie, 'GET', '/api/admin/sms-messages?limit=50');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const text = JSON.stringify(res.body);
    assert.ok(!text.includes(reporterPhone), 'reporter phone hidden');
    assert.ok(!text.includes(reportNo), 'report number hidden');
    assert.ok(!text.includes(trackingCode), 'tracking code hidden');
    const sent = await t.testDb.owner.selectFrom('notify.outbox').select('body').where('recipient', '=', '13885200001').executeTakeFirstOrThrow();
    const loginCode = /(\d{6})/.exec(sent.body)![1]!;
    assert.ok(!text.includes(loginCode), 'login code hidden');
    const items = res.body as Array<{ phone: string; body: string; confidential: boolean }>;
    assert.deepEqual(items.filter((i) => i.confidential).map((i) => i.phone).sort(), ['138****0456', '138****0001'].sort());
    const plain = items.find((i) => i.phone === '13900000457');
    assert.equal(plain?.body, '【阳光国土】您的申请已受理。');
    assert.equal(plain?.confidential, false);

    const { rows } = await sql<{ details: { returned: number } }>`
      select details from audit.entries where action = 'notify.sms_message.read' and actor_username = 'sysadmin'`.execute(t.testDb.owner);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.details.returned, items.length);
  });

  it('is refused without platform.sms_outbox.read', async () => {
    const cookie = await loginAs(t, 'window');
    const res = await call(t, cookie, 'GET', '/api/admin/sms-messages');
    assert.equal(res.status, 403);
  });
});
