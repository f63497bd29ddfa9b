/** Issue 9: what every request passes where it enters (hardening.ts), checked through real routes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, json } from '../../../test/harness.ts';
import { loginAdmin, loginAs, userId } from '../identity/test-helpers.ts';
import { jsonDepthExceeds, templateOrigin } from './hardening.ts';
import { createHttp, toErrorResponse } from './server.ts';

const t = await startTestApp();
const reviewer = await loginAs(t, 'reviewer');
const sysadmin = await loginAdmin(t, 'sysadmin');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
function multipart(boundary: string, name = 'scan.pdf', mime = 'application/pdf', bytes = PDF): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

function assertEnvelope(res: LightMyRequestResponse, status: number, field?: string) {
  assert.equal(res.statusCode, status, res.body);
  const e = json(res).error;
  assert.equal(typeof e.code, 'string', res.body);
  assert.equal(typeof e.message, 'string', res.body);
  if (field !== undefined) assert.equal(e.field, field, res.body);
}

describe('NUL bytes are refused where requests enter, naming the field', () => {
  it('in a JSON body (login)', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'rev\u0000iewer', password: 'x' } });
    assertEnvelope(res, 400, 'username');
  });

  it('in a nested JSON body field', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/auth/password', payload: { username: 'reviewer', oldPassword: 'a', newPassword: 'b\u0000c' } });
    assertEnvelope(res, 400, 'newPassword');
  });

  it('in a query string and a path parameter', async () => {
    const q = await t.inject({ method: 'GET', url: '/ogc/collections/plan_zones/items/12%003' });
    assertEnvelope(q, 400, 'featureId');
    const ogc = await t.inject({ method: 'GET', url: '/ogc/collections/plan%00zones/items' });
    assertEnvelope(ogc, 400, 'collectionId');
    const s = await t.inject({ method: 'GET', url: '/api/org-units?under=cn%00', headers: { cookie: reviewer } });
    assertEnvelope(s, 400, 'under');
  });

  it('in a form-encoded Open311 body (description, api_key)', async () => {
    const res = await t.inject({
      method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'api_key=abc%00def&service_code=illegal_occupation&description=x%00y&lat=27.7&long=106.9',
    });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${res.body}`);
  });
});

describe('other bad input gets a 4xx in the envelope, never a 500', () => {
  it('a 10,000-character `under` names under', async () => {
    const res = await t.inject({ method: 'GET', url: `/api/org-units?under=cn.${'a'.repeat(10_000)}`, headers: { cookie: reviewer } });
    assertEnvelope(res, 400, 'under');
  });

  it('JSON nested a million deep is a 400 naming the body', async () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    const res = await t.inject({ method: 'POST', url: '/api/geo/area', headers: { 'content-type': 'application/json' }, payload: `{"type":"Polygon","coordinates":${deep}}` });
    assertEnvelope(res, 400, 'body');
    assert.equal(json(res).error.code, 'request.too_deep');
    // Ordinary GeoJSON depth is well inside the limit.
    assert.equal(jsonDepthExceeds('{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[1,2]]]]}}', 64), false);
    assert.equal(jsonDepthExceeds('{"a":"[[[[[[[[["}', 3), false, 'brackets inside strings do not count');
  });

  it('multipart without a boundary, and cut short, are 400', async () => {
    const noBoundary = await t.inject({ method: 'POST', url: '/api/files', headers: { cookie: reviewer, 'content-type': 'multipart/form-data' }, payload: multipart('b0undary') });
    assertEnvelope(noBoundary, 400, 'body');
    const full = multipart('b0undary');
    const truncated = await t.inject({
      method: 'POST', url: '/api/files', headers: { cookie: reviewer, 'content-type': 'multipart/form-data; boundary=b0undary' },
      payload: full.subarray(0, full.length - 30),
    });
    assertEnvelope(truncated, 400, 'body');
    const anonTruncated = await t.inject({
      method: 'POST', url: '/api/public/tipoffs/uploads', headers: { 'content-type': 'multipart/form-data; boundary=b0undary' },
      payload: full.subarray(0, 60),
    });
    assertEnvelope(anonTruncated, 400, 'body');
  });

  it('a value PostgreSQL refuses as a data error (class 22) is a 400, other database faults stay 500', () => {
    const tooLong = toErrorResponse(Object.assign(new Error('value too long for type character varying(20)'), { code: '22001', severity: 'ERROR' }));
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.error.code, 'request.invalid_value');
    assert.equal(toErrorResponse(Object.assign(new Error('label string is too long'), { code: '42622', severity: 'ERROR' })).status, 400);
    assert.equal(toErrorResponse(Object.assign(new Error('deadlock detected'), { code: '40P01', severity: 'ERROR' })).status, 500);
  });

  it('a too long path parameter (414) keeps the envelope', async () => {
    // POST: no catch-all route (the web app's GET /* takes long GET paths, with a 404 envelope).
    const res = await t.inject({ method: 'POST', url: `/api/public/approvals/cases/${'x'.repeat(500)}/rating`, payload: {} });
    assertEnvelope(res, 414, 'url');
    assert.equal(json(res).error.code, 'request.uri_too_long');
  });

  it('headers too large (431, written by Node) keep the envelope', async () => {
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.http.server.address() as net.AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`);
      });
      let data = '';
      s.on('data', (d) => { data += d.toString(); });
      s.on('close', () => resolve(data));
      s.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 431 /);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'request.headers_too_large');
  });
});

describe('browser defences on every answer', () => {
  const HEADERS = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy'];

  it('API answers, errors and pages carry CSP, frame, sniffing and referrer headers', async () => {
    for (const [url, headers] of [['/api/auth/me', {}], ['/api/auth/me', { cookie: reviewer }], ['/api/nothing-here', {}], ['/healthz', {}], ['/', {}]] as const) {
      const res = await t.inject({ method: 'GET', url, headers });
      for (const h of HEADERS) assert.ok(res.headers[h], `${url}: ${h} missing`);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/, 'no inline script allowed');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin');
    }
  });

  it('signed-in API answers and the full ID number are never cached', async () => {
    const me = await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: reviewer } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.headers['cache-control'], 'no-store');
    const id = await userId(t, 'reviewer');
    const reveal = await t.inject({ method: 'GET', url: `/api/admin/users/${id}?reveal=idNumber`, headers: { cookie: sysadmin } });
    assert.equal(reveal.statusCode, 200, reveal.body);
    assert.equal(reveal.headers['cache-control'], 'no-store');
  });

  it('the basemap origin of a tile template is allowed as an image source', () => {
    assert.equal(templateOrigin('https://t{0-7}.tianditu.gov.cn/vec_w/wmts?x={x}'), 'https://*.tianditu.gov.cn');
    assert.equal(templateOrigin('https://tiles.example.org/{z}/{x}/{y}.png'), 'https://tiles.example.org');
    assert.equal(templateOrigin(undefined), null);
  });
});

describe('CSRF: signed-in changes must come from this site', () => {
  const upload = (headers: Record<string, string>) => t.inject({
    method: 'POST', url: '/api/files', headers: { cookie: reviewer, 'content-type': 'multipart/form-data; boundary=xyz', ...headers }, payload: multipart('xyz'),
  });

  it('a multipart POST /api/files from a foreign origin with the cookie is refused', async () => {
    const res = await upload({ origin: 'https://evil.example' });
    assertEnvelope(res, 403, 'origin');
    assert.equal(json(res).error.code, 'request.cross_origin');
    const byReferer = await upload({ referer: 'https://evil.example/page' });
    assertEnvelope(byReferer, 403, 'referer');
    const opaque = await upload({ origin: 'null' });
    assertEnvelope(opaque, 403, 'origin');
    const n = await t.testDb.owner.selectFrom('files.uploads').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 0, 'nothing stored');
  });

  it('the same origin passes', async () => {
    const res = await upload({ origin: 'http://localhost:80', host: 'localhost:80' });
    assert.equal(res.statusCode, 201, res.body);
  });

  it('requests without the session cookie are not affected (anonymous forms, Open311 keys)', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'https://elsewhere.example' }, payload: { username: 'reviewer', password: 'wrong' } });
    assert.equal(res.statusCode, 401, res.body);
  });
});

describe('CSRF behind a proxy: PUBLIC_URL and X-Forwarded-Host', () => {
  it('accepts the PUBLIC_URL origin and a trusted proxy\'s host, refuses others', async () => {
    const http = await createHttp({ logLevel: 'silent', bodyLimit: 1024, trustProxy: ['127.0.0.1'], publicUrl: 'https://gis.example.gov.cn/' });
    http.post('/api/x', async () => ({ ok: true }));
    try {
      const post = (headers: Record<string, string>) => http.inject({ method: 'POST', url: '/api/x', headers: { cookie: 'sunland_session=abc', host: '10.0.0.5:3000', ...headers }, payload: {} });
      assert.equal((await post({ origin: 'https://gis.example.gov.cn' })).statusCode, 200);
      assert.equal((await post({ origin: 'https://portal.example.org', 'x-forwarded-host': 'portal.example.org' })).statusCode, 200);
      const refused = await post({ origin: 'https://gis.example.gov.cn.evil.example' });
      assert.equal(refused.statusCode, 403);
      assert.equal(json(refused).error.code, 'request.cross_origin');
    } finally {
      await http.close();
    }
  });
});
