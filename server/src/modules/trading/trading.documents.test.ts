// A lot's documents (出让文件, 宗地图 …) and its start and completion dates (开工/竣工时间): attached to a
// draft, type-checked against the bytes, frozen with the announcement (each sha256 in the hashed text),
// public only after publication; the dates validated and announced.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startTestApp, declareNextCalendarYear, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { landLot, lotRow } from './trading.test-helpers.ts';
import { announcementOf } from './lots.ts';

const t: TestApp = await startTestApp();
let reviewer = '', leader = '', company = '';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

function upload(cookie: string, lotNo: string, kind: string, name: string, bytes: Buffer, mime = 'application/pdf') {
  const boundary = '----sunlandlotdoc';
  return t.inject({
    method: 'POST', url: `/api/trading/lots/${lotNo}/documents?kind=${kind}`,
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}
const docCount = async () => Number((await t.testDb.owner.selectFrom('trading.lot_documents').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  await declareNextCalendarYear(t.testDb.owner);
  [reviewer, leader, company] = await Promise.all(['reviewer', 'leader', '13885200002'].map((u) => loginAs(t, u)));
});

describe('出让宗地文件 (lot documents)', () => {
  it('attached to a draft, wrong type refused naming the field, frozen and hashed with the announcement, public only after', async () => {
    const c = await call(t, reviewer, 'POST', '/api/trading/lots', landLot());
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const lotNo = c.body.lotNo as string;

    const up = await upload(reviewer, lotNo, 'sale_documents', 'sale.pdf', PDF);
    assert.equal(up.statusCode, 201, up.body);
    const doc = up.json();
    assert.equal(doc.sha256, sha(PDF));
    assert.equal(doc.kind, 'sale_documents');

    // A text file named .pdf: refused, naming the field; nothing attached.
    const before = await docCount();
    const bad = await upload(reviewer, lotNo, 'parcel_map', 'map.pdf', Buffer.from('not a pdf at all, just text'));
    assert.equal(bad.statusCode, 415, bad.body);
    assert.equal(bad.json().error.field, 'file');
    const exe = await upload(reviewer, lotNo, 'parcel_map', 'map.exe', Buffer.from('MZ\x90\x00'), 'application/octet-stream');
    assert.equal(exe.statusCode, 415, exe.body);
    assert.equal(exe.json().error.field, 'file');
    // An unknown kind names `kind`.
    const kind = await upload(reviewer, lotNo, 'holiday_photos', 'x.pdf', PDF);
    assert.equal(kind.statusCode, 400, kind.body);
    assert.match(kind.body, /kind/);
    assert.equal(await docCount(), before);

    // The staff list; the public sees nothing of a draft.
    const list = await call(t, reviewer, 'GET', `/api/trading/lots/${lotNo}/documents`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body.documents.map((d: { name: string }) => d.name), ['sale.pdf']);
    assert.equal((await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`)).status, 404);
    assert.equal((await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}/documents/${doc.id}`)).status, 404);
    assert.equal((await call(t, company, 'GET', `/api/public/trading/lots/${lotNo}/documents/${doc.id}`)).status, 404);

    // A second one, and removing it while still a draft.
    const second = await upload(reviewer, lotNo, 'other', 'extra.pdf', PDF);
    assert.equal(second.statusCode, 201, second.body);
    assert.equal((await call(t, reviewer, 'DELETE', `/api/trading/lots/${lotNo}/documents/${second.json().id}`)).status, 200);
    const map = await upload(reviewer, lotNo, 'parcel_map', '宗地图.pdf', Buffer.concat([PDF, Buffer.from('% 界址\n')]));
    assert.equal(map.statusCode, 201, map.body);

    // Publication: the announcement text (logged, hashed) names each file's sha256.
    const a = await call(t, leader, 'POST', `/api/trading/lots/${lotNo}/approve`);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    const logged = JSON.parse((await call(t, null, 'GET', `/api/transparency/entries/${a.body.announcementEntryIdx}`)).body.data);
    assert.equal(logged.kind, 'trading.auction_announcement');
    assert.equal(logged.payload.announcementHash, a.body.announcementHash);
    assert.deepEqual(logged.payload.documents.map((d: { kind: string; name: string; sha256: string }) => [d.kind, d.name, d.sha256]), [['sale_documents', 'sale.pdf', sha(PDF)], ['parcel_map', '宗地图.pdf', map.json().sha256]]);
    // The hash is of the text with the files: recomputed from the stored lot and documents it matches, without them it does not.
    const row = await lotRow(t, lotNo);
    const docs = (await t.testDb.owner.selectFrom('trading.lot_documents').select(['id', 'kind', 'name', 'sha256', 'size', 'mime']).where('lotId', '=', row.id).orderBy('id').execute()).map((d) => ({ ...d, size: Number(d.size) }));
    const hashOf = (v: unknown) => crypto.createHash('sha256').update(JSON.stringify(v)).digest('hex');
    assert.equal(hashOf(announcementOf(row, docs)), a.body.announcementHash);
    assert.notEqual(hashOf(announcementOf(row)), a.body.announcementHash);

    // Frozen: adding or removing after publication is 409 naming lotNo, nothing changed.
    const count = await docCount();
    const late = await upload(reviewer, lotNo, 'other', 'late.pdf', PDF);
    assert.equal(late.statusCode, 409, late.body);
    assert.equal(late.json().error.field, 'lotNo');
    const del = await call(t, reviewer, 'DELETE', `/api/trading/lots/${lotNo}/documents/${doc.id}`);
    assert.equal(del.status, 409, JSON.stringify(del.body));
    assert.equal(await docCount(), count);

    // Public now: the list on the lot and the download, for anyone and for bidders.
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(pub.status, 200);
    assert.deepEqual(pub.body.documents.map((d: { name: string; sha256: string }) => [d.name, d.sha256]), [['sale.pdf', sha(PDF)], ['宗地图.pdf', map.json().sha256]]);
    for (const who of [null, company]) {
      const dl = await t.inject({ method: 'GET', url: `/api/public/trading/lots/${lotNo}/documents/${doc.id}`, headers: who ? { cookie: who } : {} });
      assert.equal(dl.statusCode, 200);
      assert.equal(dl.headers['content-type'], 'application/pdf');
      assert.equal(sha(dl.rawPayload), sha(PDF));
    }
  });
});

describe('开工时间 / 竣工时间 (start and completion dates)', () => {
  it('completion after start, a clear 400 naming the field; shown on the lot and in the announcement', async () => {
    const n = await t.testDb.owner.selectFrom('trading.lots').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow();
    for (const [over, field] of [
      [{ startBy: '2028-03-01', completeBy: '2028-02-01' }, 'completeBy'],
      [{ startBy: '2028-03-01', completeBy: '2028-03-01' }, 'completeBy'],
      [{ completeBy: '2028-03-01' }, 'startBy'],
      [{ startBy: '2028-02-30' }, 'startBy'],
      [{ startBy: '交地后6个月内' }, 'startBy'],
    ] as const) {
      const r = await call(t, reviewer, 'POST', '/api/trading/lots', landLot(over));
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.field, field, JSON.stringify(r.body));
    }
    const mining = await call(t, reviewer, 'POST', '/api/trading/lots', landLot({ kind: 'mining', landUse: null, mineral: '建筑用灰岩', startBy: '2028-03-01' }));
    assert.equal(mining.status, 400, JSON.stringify(mining.body));
    assert.equal(mining.body.error.field, 'startBy');
    assert.deepEqual(await t.testDb.owner.selectFrom('trading.lots').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(), n);

    const c = await call(t, reviewer, 'POST', '/api/trading/lots', landLot({ startBy: '2028-03-01', completeBy: '2031-02-28' }));
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const a = await call(t, leader, 'POST', `/api/trading/lots/${c.body.lotNo}/approve`);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${c.body.lotNo}`);
    assert.equal(pub.body.startBy, '2028-03-01');
    assert.equal(pub.body.completeBy, '2031-02-28');
    const logged = JSON.parse((await call(t, null, 'GET', `/api/transparency/entries/${a.body.announcementEntryIdx}`)).body.data);
    assert.deepEqual([logged.payload.startBy, logged.payload.completeBy], ['2028-03-01', '2031-02-28']);
  });
});
