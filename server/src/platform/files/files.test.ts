import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { unzipSync, zipSync, strToU8 } from 'fflate';
import iconv from 'iconv-lite';
import { writeGeoFile } from '../geo/index.ts';
import { REDLINE_ZONE35, sampleFeatures } from '../geo/geo.fixtures.ts';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import { createHttp, type HttpApp } from '../http/server.ts';
import type { Actor } from '../http/actor.ts';
import { filesRoutes, contentDisposition } from './files.routes.ts';

const MAX = 64 * 1024;
const t: TestApp = await startTestApp({ FILE_MAX_BYTES: String(MAX) });
const filesDir = path.join(t.env.dataDir, 'files');

const BOZHOU = 'cn.p52.c5203.x520304';
const HONGHUAGANG = 'cn.p52.c5203.x520302';

function actor(userId: number, scopePath: string | null, permissions = ['platform.file.upload']): Actor {
  return {
    userId, username: `u${userId}`, displayName: `用户${userId}`, kind: 'staff', sessionId: 's', postId: 1, orgUnitId: 1,
    scopePath, roles: ['window_clerk'], permissions: new Set(permissions),
  };
}
const clerk = actor(501, BOZHOU);
const colleague = actor(502, BOZHOU);
const otherCounty = actor(503, HONGHUAGANG);
const noUpload = actor(504, BOZHOU, ['platform.workbench.view']);

/**
 * The real files routes on a Fastify instance whose actor comes from a test header: the
 * identity module's sessions are not part of what this file proves.
 */
let http: HttpApp;
before(async () => {
  http = await createHttp({ logLevel: 'silent', bodyLimit: 1024 * 1024 });
  http.addHook('onRequest', async (req) => {
    const id = req.headers['x-test-actor'];
    req.actor = [clerk, colleague, otherCounty, noUpload].find((a) => String(a.userId) === id) ?? null;
  });
  await http.register(filesRoutes, { platform: t.platform });
  await http.ready();
});

function multipart(file: { name: string; type: string; data: Buffer }, field = 'file') {
  const boundary = `----sunland${crypto.randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head, 'utf8'), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(as: Actor | null, file: { name: string; type: string; data: Buffer }, field?: string) {
  const { payload, headers } = multipart(file, field);
  return http.inject({ method: 'POST', url: '/api/files', payload, headers: { ...headers, ...(as ? { 'x-test-actor': String(as.userId) } : {}) } });
}

const download = (as: Actor, id: string, qs = '') =>
  http.inject({ method: 'GET', url: `/api/files/${id}${qs}`, headers: { 'x-test-actor': String(as.userId) } });

/** A real 4×4 RGBA PNG whose pixels depend on `seed`. */
function png(seed: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0);
  ihdr.writeUInt32BE(4, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const rows = Buffer.concat(Array.from({ length: 4 }, (_, y) =>
    Buffer.from([0, ...Array.from({ length: 16 }, (_, i) => (y * 16 + i) * 37 + seed)].map((v) => v % 256))));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
  'trailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Every stored blob (the staging directory must be empty too). */
function storedFiles(): string[] {
  if (!fs.existsSync(filesDir)) return [];
  return (fs.readdirSync(filesDir, { recursive: true }) as string[])
    .filter((p) => fs.statSync(path.join(filesDir, p)).isFile());
}

async function counts() {
  const o = await t.testDb.owner.selectFrom('files.objects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const u = await t.testDb.owner.selectFrom('files.uploads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { objects: Number(o.n), uploads: Number(u.n), files: storedFiles().length };
}

let pngId = '';
const pngBytes = png(1);

describe('uploading', () => {
  it('stores a real PNG under files/aa/bb/<sha256> and records object, upload and audit entry', async () => {
    const res = await upload(clerk, { name: '宗地图.png', type: 'image/png', data: pngBytes });
    assert.equal(res.statusCode, 201, res.body);
    const body = json(res);
    assert.equal(body.sha256, sha(pngBytes));
    assert.equal(body.size, pngBytes.length);
    assert.equal(body.mime, 'image/png');
    assert.equal(body.name, '宗地图.png');
    pngId = body.id;
    const onDisk = path.join(filesDir, body.sha256.slice(0, 2), body.sha256.slice(2, 4), body.sha256);
    assert.deepEqual(fs.readFileSync(onDisk), pngBytes);
    const row = await t.testDb.owner.selectFrom('files.uploads').selectAll().where('id', '=', pngId).executeTakeFirstOrThrow();
    assert.equal(row.orgPath, BOZHOU);
    assert.equal(row.uploadedBy, clerk.userId);
    assert.equal(row.declaredMime, 'image/png');
    const entry = await t.testDb.owner.selectFrom('audit.entries').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.equal(entry.action, 'files.upload.created');
    assert.equal(entry.entityId, pngId);
    assert.equal(entry.orgPath, BOZHOU);
  });

  it('stores the same bytes once however often they are uploaded', async () => {
    const before = await counts();
    const again = await upload(colleague, { name: 'copy.PNG', type: 'image/png', data: pngBytes });
    assert.equal(again.statusCode, 201);
    assert.equal(json(again).sha256, sha(pngBytes));
    assert.notEqual(json(again).id, pngId);
    assert.deepEqual(await counts(), { ...before, uploads: before.uploads + 1 });
  });

  it('accepts a PDF, DOCX, XLSX, OFD, TXT and CSV whose bytes match their names and types', async () => {
    const docx = Buffer.from(zipSync({
      '[Content_Types].xml': strToU8('<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
      'word/document.xml': strToU8('<w:document/>'),
    }));
    const xlsx = Buffer.from(zipSync({
      '[Content_Types].xml': strToU8('<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'),
      'xl/workbook.xml': strToU8('<workbook/>'),
    }));
    const ofd = Buffer.from(zipSync({ 'OFD.xml': strToU8('<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>'), 'Doc_0/Document.xml': strToU8('<d/>') }));
    const cases = [
      { name: '批复.pdf', type: 'application/pdf', data: PDF, mime: 'application/pdf' },
      { name: '申请书.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: docx, mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
      { name: '台账.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: xlsx, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      { name: '电子证照.ofd', type: 'application/octet-stream', data: ofd, mime: 'application/ofd' },
      { name: '说明.txt', type: 'text/plain', data: Buffer.from('界址点说明\n'), mime: 'text/plain' },
      { name: '坐标.csv', type: 'application/vnd.ms-excel', data: Buffer.from('点号,X,Y\nJ1,3000000.1,36500000.2\n'), mime: 'text/csv' },
    ];
    for (const c of cases) {
      const res = await upload(clerk, c);
      assert.equal(res.statusCode, 201, `${c.name}: ${res.body}`);
      assert.equal(json(res).mime, c.mime, c.name);
    }
  });

  it('refuses with 415 and stores nothing when the bytes are not what the name and type say', async () => {
    const before = await counts();
    const liars = [
      { name: 'photo.png', type: 'image/png', data: PDF, code: 'files.type_mismatch' }, // a PDF dressed as PNG
      { name: 'photo.png', type: 'image/png', data: Buffer.from('just text, not an image'), code: 'files.type_mismatch' },
      { name: 'photo.png', type: 'application/pdf', data: png(2), code: 'files.type_mismatch' },
      { name: 'report.pdf', type: 'application/pdf', data: png(3), code: 'files.type_mismatch' },
      { name: 'notes.txt', type: 'text/plain', data: Buffer.from([0x41, 0x00, 0xff, 0xfe]), code: 'files.type_mismatch' },
      { name: 'fake.ofd', type: 'application/ofd', data: Buffer.from(zipSync({ 'a.xml': strToU8('<a/>') })), code: 'files.type_mismatch' },
      { name: 'setup.exe', type: 'application/octet-stream', data: Buffer.from('MZ\x90\x00'), code: 'files.type_not_allowed' },
    ];
    for (const l of liars) {
      const res = await upload(clerk, l);
      assert.equal(res.statusCode, 415, `${l.name} ${l.type}: ${res.body}`);
      assert.equal(json(res).error.code, l.code, l.name);
      assert.equal(json(res).error.field, 'file');
    }
    assert.deepEqual(await counts(), before);
  });

  it('accepts a red line (用地红线) in every format the geo platform reads, checked by reading it', async () => {
    const kml = writeGeoFile('kml', sampleFeatures()).body;
    const utf16 = (text: string, be = false) => { const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]); return be ? le.swap16() : le; };
    const cases = [
      { name: '红线.txt', type: 'text/plain', data: iconv.encode(REDLINE_ZONE35, 'gbk'), mime: 'text/plain' },
      { name: '红线-unicode.txt', type: 'text/plain', data: utf16(REDLINE_ZONE35), mime: 'text/plain' },
      { name: '红线-unicode-be.txt', type: 'text/plain', data: utf16(REDLINE_ZONE35, true), mime: 'text/plain' },
      { name: '红线.geojson', type: 'application/octet-stream', data: writeGeoFile('geojson', sampleFeatures()).body, mime: 'application/geo+json' },
      { name: '红线.json', type: 'application/json', data: utf16(writeGeoFile('geojson', sampleFeatures()).body.toString('utf8')), mime: 'application/geo+json' },
      { name: '红线.zip', type: 'application/x-zip-compressed', data: writeGeoFile('shapefile', sampleFeatures(), { encoding: 'gbk' }).body, mime: 'application/zip' },
      { name: '红线.kml', type: 'application/vnd.google-earth.kml+xml', data: kml, mime: 'application/vnd.google-earth.kml+xml' },
      { name: '红线.kmz', type: 'application/octet-stream', data: Buffer.from(zipSync({ 'doc.kml': kml })), mime: 'application/vnd.google-earth.kmz' },
    ];
    for (const c of cases) {
      const res = await upload(clerk, c);
      assert.equal(res.statusCode, 201, `${c.name}: ${res.body}`);
      assert.equal(json(res).mime, c.mime, c.name);
    }
  });

  it('refuses a red-line format whose content does not read, naming the reason, and stores nothing', async () => {
    const before = await counts();
    const twoShapefiles = Buffer.from(zipSync({
      ...unzipSync(writeGeoFile('shapefile', sampleFeatures()).body),
      ...Object.fromEntries(Object.entries(unzipSync(writeGeoFile('shapefile', sampleFeatures()).body)).map(([k, v]) => [`b/${k}`, v])),
    }));
    const liars: { name: string; type: string; data: Buffer; message: RegExp }[] = [
      { name: '说明.txt', type: 'text/plain', data: iconv.encode('这是一份说明，不是坐标文件', 'gbk'), message: /not UTF-8 text nor a 部 red-line coordinate file: line 1: expected \[属性描述\]/ },
      { name: '红线.txt', type: 'text/plain', data: iconv.encode(REDLINE_ZONE35.replace('J2,1,2988500.000', 'J2,1,29885OO.000'), 'gbk'), message: /line 15: X "29885OO\.000" is not a number/ },
      { name: '资料.zip', type: 'application/zip', data: Buffer.from(zipSync({ 'a.pdf': PDF })), message: /not a readable zipped Shapefile: body: the zip holds no \.shp file/ },
      { name: '红线.zip', type: 'application/zip', data: twoShapefiles, message: /layer: the zip holds 2 Shapefiles \("parcels", "b\/parcels"\)/ },
      { name: '红线.kml', type: 'application/xml', data: Buffer.from('<kml><Document>'), message: /not a readable KML file: body: not well-formed KML/ },
      { name: '红线.kmz', type: 'application/zip', data: Buffer.from(zipSync({ 'a.txt': strToU8('x') })), message: /the KMZ holds no \.kml file/ },
      { name: 'config.json', type: 'application/json', data: Buffer.from('{"debug": true}'), message: /not a readable GeoJSON file: type: "undefined" is not a GeoJSON/ },
      { name: '红线.geojson', type: 'application/geo+json', data: PDF, message: /not valid JSON/ },
    ];
    for (const l of liars) {
      const res = await upload(clerk, l);
      assert.equal(res.statusCode, 415, `${l.name}: ${res.body}`);
      assert.equal(json(res).error.code, 'files.type_mismatch', l.name);
      assert.equal(json(res).error.field, 'file');
      assert.match(json(res).error.message, l.message, l.name);
    }
    assert.deepEqual(await counts(), before);
  });

  it('refuses an oversized upload with 413 while streaming and stores nothing', async () => {
    const before = await counts();
    const big = Buffer.concat([png(4), crypto.randomBytes(MAX)]);
    const res = await upload(clerk, { name: 'big.png', type: 'image/png', data: big });
    assert.equal(res.statusCode, 413);
    assert.equal(json(res).error.code, 'files.too_large');
    assert.deepEqual(await counts(), before);
    // Exactly at the limit is still accepted.
    const pad = Buffer.alloc(MAX - PDF.length, 0x20);
    const exact = await upload(clerk, { name: 'exact.pdf', type: 'application/pdf', data: Buffer.concat([PDF, pad]) });
    assert.equal(exact.statusCode, 201, exact.body);
    assert.equal(json(exact).size, MAX);
  });

  it('requires the upload permission and a multipart body with the field `file`', async () => {
    assert.equal((await upload(null, { name: 'a.png', type: 'image/png', data: pngBytes })).statusCode, 401);
    const denied = await upload(noUpload, { name: 'a.png', type: 'image/png', data: pngBytes });
    assert.equal(denied.statusCode, 403);
    const wrongField = await upload(clerk, { name: 'a.png', type: 'image/png', data: pngBytes }, 'attachment');
    assert.equal(wrongField.statusCode, 400);
    assert.equal(json(wrongField).error.field, 'attachment');
    const notMultipart = await http.inject({ method: 'POST', url: '/api/files', payload: { a: 1 }, headers: { 'x-test-actor': String(clerk.userId) } });
    assert.equal(notMultipart.statusCode, 415);
  });
});

describe('downloading', () => {
  it('returns the identical bytes with the detected type and a UTF-8 file name', async () => {
    const res = await download(colleague, pngId);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.rawPayload, pngBytes);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['content-disposition'], `attachment; filename="___.png"; filename*=UTF-8''${encodeURIComponent('宗地图.png')}`);
    const inline = await download(colleague, pngId, '?inline=1');
    assert.match(String(inline.headers['content-disposition']), /^inline;/);
  });

  it('hides a file of another county (RLS): 404 as if it did not exist', async () => {
    const res = await download(otherCounty, pngId);
    assert.equal(res.statusCode, 404);
    assert.equal(json(res).error.code, 'files.not_found');
    const unknown = await download(clerk, crypto.randomUUID());
    assert.equal(unknown.statusCode, 404);
    const bad = await download(clerk, 'not-a-uuid');
    assert.equal(bad.statusCode, 400);
    assert.equal(json(bad).error.field, 'id');
  });

  it('quotes awkward names safely in Content-Disposition', () => {
    assert.equal(contentDisposition('a "b" (1).pdf', 'attachment'), `attachment; filename="a _b_ (1).pdf"; filename*=UTF-8''a%20%22b%22%20%281%29.pdf`);
  });
});

// Last: it closes the Fastify instance.
describe('over a real socket', () => {
  it('answers 413 over a real socket without waiting for the rest of a large body', async () => {
    const before = await counts();
    const address = await http.listen({ port: 0, host: '127.0.0.1' });
    try {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png(5)), new Uint8Array(crypto.randomBytes(MAX * 8))], { type: 'image/png' }), 'huge.png');
      const res = await fetch(`${address}/api/files`, { method: 'POST', body: form, headers: { 'x-test-actor': String(clerk.userId) }, signal: AbortSignal.timeout(10_000) });
      assert.equal(res.status, 413);
      assert.equal((await res.json()).error.code, 'files.too_large');
    } finally {
      await http.close();
    }
    assert.deepEqual(await counts(), before);
  });
});
