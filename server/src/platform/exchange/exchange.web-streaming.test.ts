/**
 * The workbench page's export and import stream (as the CLI does): a package larger than the
 * memory bound set here (a 128 MB file, like a map layer, generated on the fly and never held)
 * is downloaded from the internet site's page over real HTTP and uploaded to the intranet's page,
 * and the process's heap plus Buffer memory grows by far less than the package. The package
 * goes through a temporary file on each side, removed once the answer has gone.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { loginAdmin } from '../identity/test-helpers.ts';
import type { SpooledFiles } from './package.ts';
import { generatedBytes } from '../../../test/generated-bytes.ts';

const MB = 1024 * 1024;
const SIZE = 128 * MB;
/** The memory bound: live heap + Buffers may grow by this much at most while 128 MB pass (half the package). */
const BOUND_MB = 64;

const inet: TestApp = await startTestApp({ SITE_ROLE: 'internet', EXCHANGE_SITE: 'ws-internet' });
const intra: TestApp = await startTestApp({ SITE_ROLE: 'intranet', EXCHANGE_SITE: 'ws-intranet' });
await inet.exchange.addPeer(null, await intra.exchange.card());
await intra.exchange.addPeer(null, await inet.exchange.card());
await sql`delete from township.entries`.execute(inet.testDb.owner);
// The demo's own rows cross first (small); the test follows the large file.
await intra.exchange.importPackage(null, (await inet.exchange.exportPackage(null, 'ws-intranet')).bytes);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-webstream-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const { open: generated } = generatedBytes(SIZE / MB);
const h = crypto.createHash('sha256');
for await (const c of generated()) h.update(c as Buffer);
const SHA = h.digest('hex');

// A kind carrying one large file (the shape a map layer will have), streamed from its source.
let sent = false;
inet.exchange.register({
  kind: 'test.layer', direction: 'to-intranet', tables: ['files.uploads'],
  async collect() {
    if (sent) return { records: [], cursor: 'done' };
    sent = true;
    return { records: [{ id: 'layer-1', version: '1', data: { sha256: SHA }, files: [SHA] }], cursor: 'done' };
  },
  async apply() { throw new Error('not on this side'); },
  openFile: async (sha) => (sha === SHA ? generated() : undefined),
  readFile: async () => { throw new Error('a package for the page is written from streams, never from whole files'); },
});
let arrived = '';
intra.exchange.register({
  kind: 'test.layer', direction: 'to-intranet', tables: ['files.uploads'],
  async collect() { return { records: [], cursor: null }; },
  async apply(_trx, record, files) {
    const p = (files as SpooledFiles).pathOf(SHA);
    assert.ok(p, 'the file is spooled');
    const d = crypto.createHash('sha256');
    for await (const c of fs.createReadStream(p)) d.update(c as Buffer);
    arrived = `${record.id}:${d.digest('hex')}`;
    return 'applied';
  },
});

// Live memory, not garbage waiting for the collector: each sample collects first.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * Peak growth of LIVE heap + Buffer (external) memory while `fn` runs, in MB: sampled every
 * second after a full collection (more often would starve the run: two apps live in this process). A page holding the package
 * whole keeps it alive for seconds and shows at least its size.
 */
async function peak<T>(fn: () => Promise<T>): Promise<{ result: T; mb: number }> {
  const used = () => { gc(); const m = process.memoryUsage(); return m.heapUsed + m.external; };
  const base = used();
  let top = 0;
  const timer = setInterval(() => { top = Math.max(top, used() - base); }, 1000);
  try {
    const result = await fn();
    top = Math.max(top, used() - base);
    return { result, mb: top / MB };
  } finally {
    clearInterval(timer);
  }
}

async function listen(t: TestApp): Promise<string> {
  await t.http.listen({ port: 0, host: '127.0.0.1' });
  const a = t.http.server.address();
  assert.ok(a && typeof a === 'object');
  return `http://127.0.0.1:${a.port}`;
}

describe('the exchange page streams packages', () => {
  it('downloads and uploads a package larger than the memory bound without holding it', async () => {
    const [inetUrl, intraUrl] = [await listen(inet), await listen(intra)];
    const inetAdmin = await loginAdmin(inet, 'sysadmin');
    const intraAdmin = await loginAdmin(intra, 'sysadmin');
    const file = path.join(dir, 'download.sxp');

    const down = await peak(() => new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request(`${inetUrl}/api/exchange/channels/ws-intranet/export`, { method: 'POST', headers: { cookie: inetAdmin, origin: inetUrl } }, (res) => {
        pipeline(res, fs.createWriteStream(file)).then(() => resolve({ status: res.statusCode ?? 0, headers: res.headers }), reject);
      });
      req.on('error', reject);
      req.end();
    }));
    assert.equal(down.result.status, 200, fs.readFileSync(file, 'utf8').slice(0, 300));
    const size = fs.statSync(file).size;
    assert.ok(size > SIZE, `the package holds the file (${size} bytes)`);
    assert.equal(Number(down.result.headers['content-length']), size);
    assert.match(String(down.result.headers['content-disposition']), /ws-internet--ws-intranet--000002\.sxp/);
    process.stdout.write(`# page export: +${down.mb.toFixed(1)} MB (live heap + buffers) for a ${(size / MB).toFixed(0)} MB package\n`);
    assert.ok(down.mb < BOUND_MB, `export grew ${down.mb.toFixed(1)} MB`);

    const up = await peak(() => new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${intraUrl}/api/exchange/import?dryRun=false`, {
        method: 'POST', headers: { cookie: intraAdmin, origin: intraUrl, 'content-type': 'application/octet-stream', 'content-length': String(size) },
      }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { body += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      fs.createReadStream(file).pipe(req);
    }));
    assert.equal(up.result.status, 200, up.result.body.slice(0, 300));
    const res = JSON.parse(up.result.body);
    assert.deepEqual(res.results.map((r: any) => [r.kind, r.id, r.status]), [['test.layer', 'layer-1', 'applied']]);
    assert.equal(arrived, `layer-1:${SHA}`, 'the very file arrived');
    process.stdout.write(`# page import: +${up.mb.toFixed(1)} MB (live heap + buffers) for a ${(size / MB).toFixed(0)} MB package\n`);
    assert.ok(up.mb < BOUND_MB, `import grew ${up.mb.toFixed(1)} MB`);
  });

  it('refuses an empty upload naming the body, and junk with the reason', async () => {
    const admin = await loginAdmin(intra, 'sysadmin');
    const empty = await intra.inject({ method: 'POST', url: '/api/exchange/import?dryRun=true', headers: { cookie: admin, 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(0) });
    assert.equal(empty.statusCode, 400, empty.body);
    assert.equal(JSON.parse(empty.body).error.field, 'body');
    const junk = await intra.inject({ method: 'POST', url: '/api/exchange/import?dryRun=true', headers: { cookie: admin, 'content-type': 'application/octet-stream' }, payload: Buffer.from('not a package') });
    assert.equal(junk.statusCode, 422, junk.body);
    assert.equal(JSON.parse(junk.body).error.details?.reason ?? JSON.parse(junk.body).error.reason, 'not-a-package');
  });
});
