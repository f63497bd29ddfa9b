/**
 * Issue 9, availability: decompression bombs and million-vertex bodies are refused under caps,
 * in the worker pool, while `/healthz` keeps answering; every upload path unpacks under the
 * same caps.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import zlib from 'node:zlib';
import { startTestApp, json } from '../../../test/harness.ts';
import { loginAs } from '../identity/test-helpers.ts';
import { buildZip, deflated, zeroBomb } from '../files/zip.fixtures.ts';
import { prjWkt } from './crs.ts';

const t = await startTestApp();
const reviewer = await loginAs(t, 'reviewer');
await t.http.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(t.http.server.address() as net.AddressInfo).port}`;

const MILLION = 1_000_000;

/** A zipped Shapefile (stored, not deflated) whose one polygon has `n` vertices. */
function millionVertexShapefile(n = MILLION): Buffer {
  const content = 44 + 4 + n * 16;
  const shp = Buffer.alloc(100 + 8 + content);
  shp.writeInt32BE(9994, 0); shp.writeInt32BE(shp.length / 2, 24); shp.writeInt32LE(1000, 28); shp.writeInt32LE(5, 32);
  shp.writeInt32BE(1, 100); shp.writeInt32BE(content / 2, 104);
  const c = 108;
  shp.writeInt32LE(5, c); shp.writeInt32LE(1, c + 36); shp.writeInt32LE(n, c + 40); shp.writeInt32LE(0, c + 44);
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    shp.writeDoubleLE(106.9 + 0.01 * Math.cos(a), c + 48 + i * 16);
    shp.writeDoubleLE(27.7 + 0.01 * Math.sin(a), c + 56 + i * 16);
  }
  const dbf = Buffer.alloc(32 + 32 + 1 + 1 + 10 + 1);
  dbf[0] = 3; dbf.writeUInt32LE(1, 4); dbf.writeUInt16LE(65, 8); dbf.writeUInt16LE(11, 10);
  dbf.write('ID', 32, 'latin1'); dbf[43] = 0x43; dbf[48] = 10; dbf[64] = 0x0d; dbf[65] = 0x20; dbf.write('1         ', 66, 'latin1'); dbf[76] = 0x1a;
  const stored = (name: string, data: Buffer) => ({ name, data, method: 0 as const, crc: zlib.crc32(data), size: data.length });
  return buildZip([stored('big.shp', shp), stored('big.dbf', dbf), stored('big.prj', Buffer.from(prjWkt(4490)))]);
}

/** GeoJSON with one ring of `n` vertices, written as compactly as JSON allows. */
function millionVertexGeoJson(n = MILLION): string {
  return `{"type":"Polygon","coordinates":[[${'[0,0],'.repeat(n - 1)}[0,0]]]}`;
}

/** The attacker thread: sends every request at once, answers their statuses and bodies. */
const ATTACKER = `
const { parentPort, workerData } = require('node:worker_threads');
let i = 0;
parentPort.once('message', () => Promise.all(workerData.requests.map(async (q) => {
  const res = await fetch(workerData.base + q.path, { method: 'POST', body: q.body,
    headers: { 'content-type': q.type, 'x-forwarded-for': '192.0.2.' + (++i), ...(q.cookie ? { cookie: q.cookie } : {}) } });
  return { status: res.status, body: (await res.text()).slice(0, 300) };
}).map((p) => p.catch((e) => ({ status: -1, body: String(e.cause?.code ?? e) })))).then((r) => parentPort.postMessage(r)));
`;

let client = 0;
async function post(path: string, body: Buffer | string, contentType: string, cookie?: string) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { 'content-type': contentType, 'x-forwarded-for': `203.0.113.${++client % 250}`, ...(cookie ? { cookie } : {}) },
  });
  return { status: res.status, body: await res.text() };
}

describe('decompression bombs are refused under the caps', () => {
  it('a 1 MB zip holding a 1 GiB .shp: 413 from its header (anonymous /api/geo/convert)', async () => {
    const bomb = buildZip([zeroBomb('parcels.shp', 1024), deflated('parcels.dbf', Buffer.alloc(10))]);
    const res = await post('/api/geo/convert?from=shapefile&to=geojson', bomb, 'application/zip');
    assert.equal(res.status, 413, res.body);
    assert.equal(JSON.parse(res.body).error.code, 'files.archive_too_large');
  });

  it('a bomb lying about its size: 413 once the lie shows', async () => {
    const liar = buildZip([zeroBomb('parcels.shp', 1024, 4096), deflated('parcels.dbf', Buffer.alloc(10))]);
    const res = await post('/api/geo/convert?from=shapefile&to=geojson', liar, 'application/zip');
    assert.equal(res.status, 413, res.body);
    assert.match(JSON.parse(res.body).error.message, /more than the 4096 bytes it declares/);
  });

  it('a DOCX bomb uploaded as a file (the path approvals materials and tip-off uploads share): 413, nothing stored', async () => {
    const docx = buildZip([zeroBomb('[Content_Types].xml', 1024), deflated('word/document.xml', Buffer.from('<w/>'))]);
    const boundary = 'bomb';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.docx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n`),
      docx, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.inject({ method: 'POST', url: '/api/files', headers: { cookie: reviewer, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(json(res).error.code, 'files.archive_too_large');
    assert.equal(json(res).error.field, 'file');
    const n = await t.testDb.owner.selectFrom('files.uploads').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 0);
  });
});

describe('a million vertices are refused', () => {
  it('as a GeoJSON body to /api/geo/area: 413 by size, before parsing', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/geo/area', headers: { 'content-type': 'application/json' }, payload: millionVertexGeoJson() });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(json(res).error.code, 'request.too_large');
  });

  it('as a GeoJSON file sent signed in to /api/geo/convert: 413 geo.too_complex', async () => {
    const res = await post('/api/geo/convert?from=geojson&to=redline-txt', millionVertexGeoJson(), 'application/geo+json', reviewer);
    assert.equal(res.status, 413, res.body);
    assert.equal(JSON.parse(res.body).error.code, 'geo.too_complex');
  });

  it('as a zipped Shapefile: 413 from the record header', async () => {
    const res = await post('/api/geo/convert?from=shapefile&to=geojson', millionVertexShapefile(), 'application/zip', reviewer);
    assert.equal(res.status, 413, res.body);
    assert.match(JSON.parse(res.body).error.message, /^big\.shp: more than 200000 vertices/);
  });

  it('nested a million deep in a GeoJSON file: 400', async () => {
    const deep = `{"type":"Polygon","coordinates":${'['.repeat(MILLION)}${']'.repeat(MILLION)}}`;
    const res = await post('/api/geo/convert?from=geojson&to=kml', deep, 'application/geo+json', reviewer);
    assert.equal(res.status, 400, res.body);
    assert.match(JSON.parse(res.body).error.message, /nested deeper than 64/);
  });
});

describe('/healthz keeps answering while bombs and million-vertex bodies are refused', () => {
  it('healthz answers within 100 ms (median, p90) and never near the old 3.4 s', async () => {
    const bomb = buildZip([zeroBomb('parcels.shp', 1024, 200 * 1024 * 1024), deflated('parcels.dbf', Buffer.alloc(10))]);
    const shapefile = millionVertexShapefile();
    const geojson = millionVertexGeoJson();
    const requests = [
      { path: '/api/geo/convert?from=shapefile&to=geojson', body: bomb, type: 'application/zip', cookie: reviewer },
      { path: '/api/geo/convert?from=shapefile&to=geojson', body: bomb, type: 'application/zip' },
      { path: '/api/geo/convert?from=shapefile&to=geojson', body: shapefile, type: 'application/zip', cookie: reviewer },
      { path: '/api/geo/convert?from=geojson&to=kml', body: Buffer.from(geojson), type: 'application/geo+json', cookie: reviewer },
      { path: '/api/geo/area', body: Buffer.from(geojson), type: 'application/json' },
    ];
    // The attacker is another thread, so that sending 40 MB does not count as the server's own delay.
    // Started (and its 60 MB of bodies copied) before measuring; it attacks on `go()`.
    const attacker = async () => {
      const w = new Worker(ATTACKER, { eval: true, workerData: { base, requests: [...requests, ...requests] } });
      await new Promise((r) => w.once('online', r));
      await new Promise((r) => setTimeout(r, 200));
      return () => new Promise<{ status: number; body: string }[]>((resolve, reject) => {
        w.once('message', (m) => { void w.terminate(); resolve(m as { status: number; body: string }[]); });
        w.once('error', reject);
        w.postMessage('go');
      });
    };
    // Warm up: the pool's workers start on first use.
    await (await attacker())();
    const attack = await attacker();

    const loop = monitorEventLoopDelay({ resolution: 5 });
    const probes: number[] = [];
    let attacking = true;
    const prober = (async () => {
      while (attacking) {
        const t0 = performance.now();
        const r = await fetch(`${base}/healthz`);
        assert.equal(r.status, 200);
        await r.text();
        probes.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    loop.enable();
    const results = await attack();
    loop.disable();
    attacking = false;
    await prober;

    // A body over the anonymous limit is refused from its Content-Length before it is read, so
    // the attacker may see the connection closed under its upload (EPIPE) instead of the 413.
    results.forEach((r, i) => assert.ok(r.status === 413 || (requests[i % requests.length]!.path === '/api/geo/area' && /EPIPE|ECONNRESET/.test(r.body)),
      `${requests[i % requests.length]!.path}: ${r.status} ${r.body.slice(0, 200)}`));
    const worstLoopMs = loop.max / 1e6;
    const sorted = [...probes].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const p90 = sorted[Math.floor(sorted.length * 0.9)]!;
    console.log(`# healthz under attack: ${probes.length} probes, median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, ` +
      `worst ${sorted.at(-1)!.toFixed(1)} ms; event loop p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, worst ${worstLoopMs.toFixed(1)} ms`);
    assert.ok(probes.length >= 5, `probes: ${probes.length}`);
    // The bound: healthz answers within 100 ms (median and 90th percentile) while the
    // attack is refused; on the old code one bomb alone held every request 3.4 s. The single
    // worst probe also carries this 2-core machine's scheduling (other processes, PostgreSQL,
    // the pool's worker and the attacker thread), so it is held to 1 s, still far below the old 3.4 s.
    assert.ok(median < 100, `median healthz ${median.toFixed(1)} ms`);
    assert.ok(p90 < 100, `p90 healthz ${p90.toFixed(1)} ms`);
    assert.ok(sorted.at(-1)! < 1000, `worst healthz ${sorted.at(-1)!.toFixed(1)} ms`);
  });
});
