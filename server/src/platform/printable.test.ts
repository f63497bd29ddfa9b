/**
 * The check over every SMS, e-mail and PDF text (issue 10): notify.enqueue and documents.issue
 * refuse a text that would print "null" or "undefined" to a citizen, and nothing is queued or
 * numbered then. Each module's flow tests run its real templates through these two doors;
 * approvals.provisional-due.test.ts runs the acceptance and extension ones with a provisional date.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../../test/harness.ts';
import { withContext, type DbContext } from './db/context.ts';
import { formatDueDate } from './calendar/index.ts';
import { assertPrintable } from './printable.ts';

const t = await startTestApp();
const { documents, notify, orgs } = t.platform;
const window = (await orgs.findOrgUnitByCode('520304-WINDOW'))!;
const bozhou = (await orgs.findOrgUnitByCode('520304-B'))!;
const ctx: DbContext = { userId: 4242, scopes: [bozhou.scopePath] };
const clerk = { userId: 4242, username: 'window_clerk_test' };

const notice = (due: string | null | undefined) => ({
  kind: 'acceptance_notice' as const, orgUnitId: window.id, subject: { type: 'approvals.case', id: 1 },
  body: { recipient: '王小明', paragraphs: ['决定予以受理。'], fields: [{ label: '应办结日期', value: `${due}` }] },
});

describe('nothing prints null or undefined to a citizen', () => {
  it('refuses an SMS or e-mail that would, and queues nothing', async () => {
    for (const body of ['承诺办结日期null。', '办结日期undefined。', '剩余NaN个工作日']) {
      await assert.rejects(withContext(t.platform.db, ctx, (trx) => notify.enqueue(trx, { channel: 'sms', to: '13885200001', body })), /prints/);
    }
    await assert.rejects(withContext(t.platform.db, ctx, (trx) => notify.enqueue(trx, { channel: 'email', to: 'a@example.cn', subject: 'undefined', body: '正文' })), /prints/);
    const queued = await t.testDb.owner.selectFrom('notify.outbox').select('id').execute();
    assert.equal(queued.length, 0);
    // The real template text with a provisional date passes.
    await withContext(t.platform.db, ctx, (trx) => notify.enqueue(trx, { channel: 'sms', to: '13885200001', body: `承诺办结日期${formatDueDate('2027-01-04', true)}。` }));
    assert.equal((await t.testDb.owner.selectFrom('notify.outbox').select('body').executeTakeFirstOrThrow()).body, '承诺办结日期2027年1月4日（预计）。');
  });

  it('refuses a PDF whose fields would, and numbers nothing', async () => {
    for (const due of [null, undefined]) {
      await assert.rejects(withContext(t.platform.db, ctx, (trx) => documents.issue(trx, clerk, notice(due))), /prints "(null|undefined)"/);
      await assert.rejects(withContext(t.platform.db, ctx, (trx) => documents.issueAll(trx, clerk, [notice(due)])), /prints/);
    }
    assert.equal((await t.testDb.owner.selectFrom('documents.documents').select('id').execute()).length, 0);
    const ok = await withContext(t.platform.db, ctx, (trx) => documents.issue(trx, clerk, notice(formatDueDate('2027-01-04', true))));
    assert.ok(ok.id > 0);
  });

  it('finds a missing value anywhere in a nested text, but not inside a word', () => {
    assert.throws(() => assertPrintable({ table: { rows: [['a', 'null']] } }, 'doc'), /doc\.table\.rows\[0\]\[1\]/);
    assert.throws(() => assertPrintable(['[object Object]'], 'sms'), /prints/);
    assert.doesNotThrow(() => assertPrintable({ body: 'nullable annulled Undefinedness 待定' }, 'doc'));
    assert.equal(formatDueDate(null), '待定');
  });
});
