import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import { loginAdmin, loginAs } from '../identity/test-helpers.ts';

const t: TestApp = await startTestApp();
let window = '';
let reviewer = '';
let otherCounty = '';
let auditadmin = '';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

function post(cookie: string, name: string, type: string, data: Buffer) {
  const boundary = `----sunland${crypto.randomBytes(6).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.inject({ method: 'POST', url: '/api/files', payload, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

before(async () => {
  window = await loginAs(t, 'window');
  reviewer = await loginAs(t, 'reviewer');
  otherCounty = await loginAs(t, 'hc_window');
  auditadmin = await loginAdmin(t, 'auditadmin');
});

describe('files over HTTP with real sessions', () => {
  it('a 播州区 window clerk uploads; a 播州区 colleague downloads; 汇川区 cannot see it', async () => {
    const up = await post(window, '不动产权籍调查表.pdf', 'application/pdf', PDF);
    assert.equal(up.statusCode, 201, up.body);
    const { id } = json(up);
    const mine = await t.inject({ method: 'GET', url: `/api/files/${id}`, headers: { cookie: reviewer } });
    assert.equal(mine.statusCode, 200);
    assert.deepEqual(mine.rawPayload, PDF);
    assert.equal(mine.headers['content-type'], 'application/pdf');
    const other = await t.inject({ method: 'GET', url: `/api/files/${id}`, headers: { cookie: otherCounty } });
    assert.equal(other.statusCode, 404);
    const anonymous = await t.inject({ method: 'GET', url: `/api/files/${id}` });
    assert.equal(anonymous.statusCode, 401);
  });

  it('the audit admin has no upload permission', async () => {
    const res = await post(auditadmin, 'a.pdf', 'application/pdf', PDF);
    assert.equal(res.statusCode, 403);
  });
});
