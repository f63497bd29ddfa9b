/**
 * Issue 9's fuzzing kept as a bounded property test: every operation of the OpenAPI document,
 * malformed variants of its path parameters, query and body (wrong types, NUL bytes, huge
 * strings, missing fields, deep nesting, bad multipart), anonymous and signed in:
 * no answer is a 5xx, and every error keeps the envelope. Deterministic (seeded), bounded in
 * requests per operation and in total time.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, json } from '../../../test/harness.ts';
import { loginAs } from '../identity/test-helpers.ts';

const t = await startTestApp();
const reviewer = await loginAs(t, 'reviewer');

interface Schema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
}
interface Parameter { name: string; in: 'path' | 'query' | 'header' | 'cookie'; schema?: Schema; required?: boolean }
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/** Small deterministic PRNG (mulberry32), so a failure replays. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(9);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const HUGE = 'a'.repeat(100_000);
const NUL = 'x\u0000y';

/** A plausible value of a schema (what a well-behaved client would send). */
function sample(s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 6) return 'x';
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return sample(alt.find((a) => a.type !== 'null') ?? alt[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'integer': return Math.max(1, s.minimum ?? 1);
    case 'number': return 1.5;
    case 'boolean': return true;
    case 'array': return [sample(s.items, depth + 1)];
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const k of s.required ?? []) o[k] = sample(s.properties?.[k], depth + 1);
      return o;
    }
    default:
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000001';
      if (s.format === 'date') return '2026-01-01';
      if (s.format === 'date-time') return '2026-01-01T00:00:00Z';
      if (s.format === 'email') return 'a@example.org';
      return 'x';
  }
}

/** Hostile values: wrong types, NUL bytes, huge and odd strings, deep nesting. */
const BAD_VALUES: unknown[] = [
  NUL, HUGE, -1, 1e308, 'NaN', '', null, true, [], {}, [[[[[[[[[[[[1]]]]]]]]]]]], '../../etc/passwd', "'; drop table x; --",
  '\ud800', '１２３', 'cn.' + 'a'.repeat(10_000), { __proto__: { x: 1 } }, '0'.repeat(400),
];
const BAD_PARAMS = ['%00', 'x%00y', 'a'.repeat(90), '-1', '99999999999999999999', 'abc', '%E0%A4%A', '..%2F..', '1e309', '%20'];

interface Variant { method: string; url: string; headers: Record<string, string>; payload?: string | Buffer }

function fillPath(path: string, params: Parameter[], bad: string | null): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (bad !== null) return bad;
    const p = params.find((x) => x.name === name);
    return encodeURIComponent(String(sample(p?.schema)));
  });
}

function variants(method: string, path: string, op: Operation): Variant[] {
  const params = op.parameters ?? [];
  const query = params.filter((p) => p.in === 'query');
  const hasPathParams = /\{/.test(path);
  const content = op.requestBody?.content ?? {};
  const jsonSchema = content['application/json']?.schema;
  const multipart = 'multipart/form-data' in content || /upload|\/api\/files$/.test(path) && method === 'POST';
  const goodQuery = new URLSearchParams();
  for (const q of query.filter((x) => x.required)) goodQuery.set(q.name, String(sample(q.schema)));
  const url = (p: string, qs: URLSearchParams) => (qs.size ? `${p}?${qs}` : p);
  const out: Variant[] = [];
  const base = fillPath(path, params, null);
  const jsonHeaders = { 'content-type': 'application/json' };
  const good = jsonSchema ? sample(jsonSchema) : undefined;
  const withBody = method !== 'GET' && method !== 'DELETE' && method !== 'HEAD';

  // Path parameters: malformed in every way.
  if (hasPathParams) for (let i = 0; i < 3; i++) out.push({ method, url: url(fillPath(path, params, pick(BAD_PARAMS)), goodQuery), headers: {} });
  // Query: each parameter hostile, unknown parameters, repeated ones.
  for (const q of query.slice(0, 4)) {
    const qs = new URLSearchParams(goodQuery);
    qs.set(q.name, String(pick(BAD_VALUES)));
    out.push({ method, url: url(base, qs), headers: {}, ...(withBody && good !== undefined ? { payload: JSON.stringify(good), headers: jsonHeaders } : {}) });
  }
  out.push({ method, url: `${url(base, goodQuery)}${goodQuery.size ? '&' : '?'}unknown=%00&unknown=2`, headers: {} });
  if (withBody) {
    // JSON bodies: the plausible one, each field hostile, required fields missing, wrong shapes.
    if (good !== undefined) out.push({ method, url: url(base, goodQuery), headers: jsonHeaders, payload: JSON.stringify(good) });
    const props = Object.keys(jsonSchema?.properties ?? {});
    for (const k of props.slice(0, 5)) {
      const body = { ...(typeof good === 'object' && good ? good : {}), [k]: pick(BAD_VALUES) };
      out.push({ method, url: url(base, goodQuery), headers: jsonHeaders, payload: JSON.stringify(body) });
    }
    for (const k of (jsonSchema?.required ?? []).slice(0, 2)) {
      const body = { ...(typeof good === 'object' && good ? good : {}) } as Record<string, unknown>;
      delete body[k];
      out.push({ method, url: url(base, goodQuery), headers: jsonHeaders, payload: JSON.stringify(body) });
    }
    for (const raw of ['null', '[]', '"x"', '{', `{"a":"${NUL}"}`, '[['.repeat(5000), JSON.stringify({ x: HUGE })]) {
      out.push({ method, url: url(base, goodQuery), headers: jsonHeaders, payload: raw });
    }
    out.push({ method, url: url(base, goodQuery), headers: { 'content-type': 'text/plain' }, payload: 'x\u0000' });
    out.push({ method, url: url(base, goodQuery), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=%00&b=' + 'c'.repeat(5000) });
    if (multipart) {
      const part = '--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n';
      out.push({ method, url: url(base, goodQuery), headers: { 'content-type': 'multipart/form-data' }, payload: `${part}\r\n--b--\r\n` });
      out.push({ method, url: url(base, goodQuery), headers: { 'content-type': 'multipart/form-data; boundary=b' }, payload: part.slice(0, 50) });
      out.push({ method, url: url(base, goodQuery), headers: { 'content-type': 'multipart/form-data; boundary=b' }, payload: part.replace('name="file"', 'name="fi\u0000le"') + '\r\n--b--\r\n' });
      out.push({ method, url: url(base, goodQuery), headers: { 'content-type': 'multipart/form-data; boundary=b' }, payload: '--b--\r\n' });
    }
  }
  // Headers: a NUL-bearing API key and an oversized Accept-Language.
  out.push({ method, url: url(base, goodQuery), headers: { 'x-api-key': 'k\u0000', 'accept-language': 'zh'.repeat(2000) } });
  return out;
}

describe('fuzzing the OpenAPI document: no 5xx', () => {
  it('every operation, malformed variants, anonymous and signed in', async () => {
    const doc = json<{ paths: Record<string, Record<string, Operation>> }>(await t.inject({ method: 'GET', url: '/api/openapi.json' }));
    const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map(([m, op]) => ({ path, method: m.toUpperCase(), op })))
      // The event stream never ends by design; signing out would end the signed-in pass early.
      .filter((o) => !o.path.endsWith('/stream') && o.path !== '/api/auth/logout');
    assert.ok(ops.length > 100, `operations: ${ops.length}`);

    const deadline = Date.now() + 45_000;
    const failures: string[] = [];
    let sent = 0;
    let ip = 0;
    for (const who of [null, reviewer]) {
      for (const { path, method, op } of ops) {
        for (const v of variants(method, path, op)) {
          if (Date.now() > deadline) break;
          ip++;
          const res = await t.inject({
            method: v.method as 'GET', url: v.url, payload: v.payload,
            headers: { ...v.headers, 'x-forwarded-for': `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`, ...(who ? { cookie: who } : {}) },
          });
          sent++;
          if (res.statusCode >= 500) failures.push(`${res.statusCode} ${who ? 'signed-in' : 'anonymous'} ${v.method} ${v.url.slice(0, 120)} ${String(v.payload ?? '').slice(0, 80)} → ${res.body.slice(0, 200)}`);
          else if (res.statusCode >= 400 && /json/.test(String(res.headers['content-type'])) && !path.startsWith('/open311')) {
            const e = json(res).error;
            if (!e || typeof e.code !== 'string') failures.push(`no envelope: ${res.statusCode} ${v.method} ${v.url.slice(0, 120)} → ${res.body.slice(0, 200)}`);
          }
        }
      }
    }
    console.log(`# fuzz: ${ops.length} operations, ${sent} requests`);
    assert.ok(sent > 1500, `only ${sent} requests were sent before the time bound`);
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures`);
  });
});
