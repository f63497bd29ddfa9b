import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, json, startTestApp } from '../../../test/harness.ts';
import { withContext, type DbContext } from '../db/context.ts';
import type { IssueInput } from './documents.service.ts';

const t = await startTestApp();
const { documents, orgs } = t.platform;
const bozhou = (await orgs.findOrgUnitByCode('520304-B'))!;
const window = (await orgs.findOrgUnitByCode('520304-WINDOW'))!;
const clerk = { userId: 4242, username: 'window_clerk_test' };
const ctx: DbContext = { userId: clerk.userId, scopes: [bozhou.scopePath] };

const PUBLIC_KEYS = ['docNo', 'issuedAt', 'issuer', 'kind', 'kindName', 'sha256', 'size', 'status', 'statusChangedAt', 'title', 'verifyToken'];

function notice(caseId: number): IssueInput {
  return {
    kind: 'supplement_notice', orgUnitId: window.id, subject: { type: 'approvals.case', id: caseId },
    body: {
      recipient: '赵敏华',
      paragraphs: ['你于2026年7月1日提交的临时用地审批申请，申请材料不齐全，请于收到本通知书之日起补正下列材料。'],
      fields: [{ label: '身份证号', value: '520321199001011234' }, { label: '联系电话', value: '13800138000' }],
      table: { columns: ['序号', '需补正的材料', '补正理由'], rows: [['1', '土地复垦方案', '未提交'], ['2', '临时用地合同', '缺少出租方签章']] },
      acknowledgement: true,
    },
  };
}
const issue = (input: IssueInput) => withContext(t.platform.db, ctx, (trx) => documents.issue(trx, clerk, input));
const verifyGet = (token: string) => t.inject({ method: 'GET', url: `/api/public/documents/verify/${token}` });

describe('GET /api/public/documents/verify/:token', () => {
  it('shows hash and status, nothing personal, and turns to revoked after revocation', async () => {
    const doc = await issue(notice(31415));
    const res = await verifyGet(doc.verifyToken);
    assert.equal(res.statusCode, 200);
    const body = json(res);
    assert.deepEqual(Object.keys(body).sort(), PUBLIC_KEYS);
    assert.equal(body.sha256, doc.sha256);
    assert.equal(body.size, doc.size);
    assert.equal(body.status, 'valid');
    assert.equal(body.docNo, doc.docNo);
    assert.equal(body.issuer, '遵义市播州区自然资源局');
    assert.equal(body.kindName, '补正材料通知书');
    assert.equal(body.statusChangedAt, null);
    for (const secret of ['赵敏华', '520321199001011234', '13800138000', '31415', 'approvals', '4242', window.path]) {
      assert.ok(!res.body.includes(secret), `public answer leaks ${secret}`);
    }

    await withContext(t.platform.db, ctx, (trx) => documents.revoke(trx, clerk, doc.id, '申请人赵敏华撤回申请'));
    const after = json(await verifyGet(doc.verifyToken));
    assert.equal(after.status, 'revoked');
    assert.ok(Date.parse(after.statusChangedAt) > Date.parse(after.issuedAt) - 1);
    assert.ok(!JSON.stringify(after).includes('撤回'), 'the revocation reason stays internal');

    const audit = await t.testDb.owner.selectFrom('audit.entries').selectAll()
      .where('action', '=', 'documents.document.revoked').where('entityId', '=', String(doc.id)).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actorUserId, clerk.userId);
    assert.equal((audit[0].details as { reason: string }).reason, '申请人赵敏华撤回申请');

    await assert.rejects(withContext(t.platform.db, ctx, (trx) => documents.revoke(trx, clerk, doc.id, 'again')), { code: 'documents.not_valid' });
  });

  it('marks a replaced document superseded', async () => {
    const first = await issue(notice(27182));
    const second = await issue({ ...notice(27182), supersedes: first.id });
    assert.equal(json(await verifyGet(first.verifyToken)).status, 'superseded');
    assert.equal(json(await verifyGet(second.verifyToken)).status, 'valid');
  });

  it('answers 404 for an unknown or malformed code', async () => {
    for (const token of ['AAAAAAAAAAAAAAAAAAAAAA', 'x', '%27%20or%201%3D1']) {
      const res = await verifyGet(token);
      assert.equal(res.statusCode, 404, token);
      assert.equal(json(res).error.code, 'documents.not_found');
    }
  });
});

describe('POST /api/public/documents/verify', () => {
  it('matches the real PDF and rejects a modified one', async () => {
    const doc = await issue(notice(16180));
    const ok = await t.inject({ method: 'POST', url: '/api/public/documents/verify', headers: { 'content-type': 'application/pdf' }, payload: doc.bytes });
    assert.equal(ok.statusCode, 200);
    assert.equal(json(ok).match, true);
    assert.equal(json(ok).document.docNo, doc.docNo);
    assert.ok(!ok.body.includes('赵敏华'));

    const changed = Buffer.from(doc.bytes);
    const at = changed.indexOf('/Subject');
    changed[at + 12] ^= 1;
    const bad = await t.inject({ method: 'POST', url: '/api/public/documents/verify', headers: { 'content-type': 'application/pdf' }, payload: changed });
    assert.equal(bad.statusCode, 200);
    assert.deepEqual(json(bad), { match: false, sha256: json(bad).sha256, document: null });
    assert.notEqual(json(bad).sha256, doc.sha256);
  });

  it('refuses a body that is not a PDF upload, naming the body', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/public/documents/verify', payload: { sha256: 'abc' } });
    assert.equal(res.statusCode, 400);
    assert.equal(json(res).error.field, 'body');
  });
});

describe('GET /api/documents/:id/pdf', () => {
  async function cookieOf(username: string): Promise<string> {
    const res = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    const c = res.cookies.find((k) => k.name === 'sunland_session');
    assert.ok(c, 'session cookie');
    return `${c.name}=${c.value}`;
  }

  it('serves the PDF to staff of the issuing county and to nobody else', async () => {
    const doc = await issue(notice(11235));
    const anonymous = await t.inject({ method: 'GET', url: `/api/documents/${doc.id}/pdf` });
    assert.equal(anonymous.statusCode, 401);
    assert.ok(!anonymous.body.startsWith('%PDF'));

    const own = await t.inject({ method: 'GET', url: `/api/documents/${doc.id}/pdf`, headers: { cookie: await cookieOf('window') } });
    assert.equal(own.statusCode, 200);
    assert.equal(own.headers['content-type'], 'application/pdf');
    assert.equal(own.headers['x-content-sha256'], doc.sha256);
    assert.ok(own.rawPayload.equals(doc.bytes));

    const other = await t.inject({ method: 'GET', url: `/api/documents/${doc.id}/pdf`, headers: { cookie: await cookieOf('hc_window') } });
    assert.equal(other.statusCode, 404);
    assert.equal(json(other).error.code, 'documents.not_found');
  });
});

describe('rate limit', () => {
  it('limits public verification per client', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 65; i++) codes.push((await verifyGet('AAAAAAAAAAAAAAAAAAAAAA')).statusCode);
    assert.ok(codes.includes(429));
  });
});
