/**
 * The overlay report of a 用地预审 case: the red line is the case's `red_line` material (the 部
 * standard coordinate text file); the report is issued as a PDF through platform.documents and
 * linked to the case. Also the stand-alone PDF endpoint.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call } from '../../platform/identity/test-helpers.ts';
import { ellipsoidalAreaM2, writeGeoFile } from '../../platform/geo/index.ts';
import { applyOnline, CONVERSION, ensureMatters, login, PERSON_LOGIN, uploadPdf } from '../approvals/approvals.test-helpers.ts';
import { rect } from './map.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const person = await login(t, PERSON_LOGIN);
const reviewer = await login(t, 'reviewer');

// A red line over the demo grid (three plan-zone blocks wide), as the 部 standard text file in zone 36.
const RED = rect(106.826, 27.536, 106.834, 27.544);
const redlineTxt = Buffer.from(writeGeoFile('redline-txt', [{ type: 'Feature', geometry: RED, properties: { name: '地块1' } }], { zone: 36 }).body);

async function attachRedline(caseNo: string, bytes: Buffer<ArrayBuffer>, name = 'redline.txt', type = 'text/plain') {
  const up = await uploadPdf(t, reviewer, '/api/files', name, bytes, type);
  const c = await t.testDb.owner.selectFrom('approvals.cases').select(['id', 'orgPath', 'applicantUserId']).where('caseNo', '=', caseNo).executeTakeFirstOrThrow();
  await t.testDb.owner.insertInto('approvals.case_materials').values({
    caseId: c.id, orgPath: c.orgPath, applicantUserId: c.applicantUserId, materialKey: 'red_line', fileId: up.id, round: 1, uploadedBy: null,
  }).execute();
}

describe('overlay report attached to a 用地预审 case', () => {
  it('reads the red line from the case, issues the PDF and links it to the case', async () => {
    const { caseNo } = await applyOnline(t, person);
    await attachRedline(caseNo, redlineTxt);
    const json = await call(t, reviewer, 'POST', '/api/map/overlay', { caseNo });
    assert.equal(json.status, 200, JSON.stringify(json.body));
    // The text file keeps millimetres in zone 36: the area matches the drawn square to < 1 m².
    assert.ok(Math.abs(json.body.redline.areaM2 - ellipsoidalAreaM2(RED)) < 1, String(json.body.redline.areaM2));
    assert.ok(json.body.parcels.count > 50);

    const r = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/overlay`, {});
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.match(r.body.docNo, /析〔\d{4}〕\d+号$/);
    assert.equal(r.body.report.parcels.count, json.body.parcels.count);
    const view = await call(t, reviewer, 'GET', `/api/approvals/cases/${caseNo}`);
    const doc = view.body.documents.find((d: any) => d.kind === 'overlay_report');
    assert.equal(doc.documentId, r.body.documentId);
    const pdf = await t.inject({ method: 'GET', url: `/api/documents/${r.body.documentId}/pdf`, headers: { cookie: reviewer } });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    if (process.env.MAP_PDF_OUT) fs.writeFileSync(process.env.MAP_PDF_OUT, pdf.rawPayload);
  });

  it('reads a red line attached in any format the geo platform reads: GBK or UTF-16 text, GeoJSON, zipped Shapefile, KML, KMZ', async () => {
    const { caseNo } = await applyOnline(t, person);
    const features = [{ type: 'Feature' as const, geometry: RED, properties: { name: '地块1' } }];
    const kml = writeGeoFile('kml', features).body;
    const utf16 = (b: Buffer) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]);
    const files: [string, string, Buffer][] = [
      ['红线.txt', 'text/plain', iconv.encode(redlineTxt.toString('utf8'), 'gbk')],
      ['红线-unicode.txt', 'text/plain', utf16(redlineTxt)],
      ['红线.geojson', 'application/octet-stream', utf16(writeGeoFile('geojson', features).body)],
      ['红线.zip', 'application/x-zip-compressed', writeGeoFile('shapefile', features, { encoding: 'gbk' }).body],
      ['红线.kml', 'application/vnd.google-earth.kml+xml', kml],
      ['红线.kmz', 'application/octet-stream', Buffer.from(zipSync({ 'doc.kml': kml }))],
    ];
    for (const [name, type, bytes] of files) {
      await attachRedline(caseNo, Buffer.from(bytes), name, type);
      const r = await call(t, reviewer, 'POST', '/api/map/overlay', { caseNo });
      assert.equal(r.status, 200, `${name}: ${JSON.stringify(r.body)}`);
      assert.ok(Math.abs(r.body.redline.areaM2 - ellipsoidalAreaM2(RED)) < 1, `${name}: ${r.body.redline.areaM2}`);
    }
    // The applicant's own upload route takes them too.
    const own = await uploadPdf(t, person, '/api/public/approvals/uploads', '红线.kmz', Buffer.from(zipSync({ 'doc.kml': kml })), 'application/vnd.google-earth.kmz');
    assert.equal(own.body.mime, 'application/vnd.google-earth.kmz');
  });

  it('a red line that is only a scanned PDF is named as such; a drawn geometry still works', async () => {
    const { caseNo } = await applyOnline(t, person); // every material, red_line included, is a PDF scan
    const r = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/overlay`, {});
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, 'map.redline_missing');
    assert.match(r.body.error.message, /scan/);
    const drawn = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/overlay`, { geometry: RED });
    assert.equal(drawn.status, 201);
  });

  it('a case without a red line is told so; another county cannot attach to a 播州区 case', async () => {
    const { caseNo } = await applyOnline(t, person, { matter: CONVERSION });
    const r = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/overlay`, {});
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, 'map.redline_missing');
    const hc = await login(t, 'hc_window');
    const other = await call(t, hc, 'POST', `/api/approvals/cases/${caseNo}/overlay`, { geometry: RED });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'approvals.case_not_found');
    const docs = await t.testDb.owner.selectFrom('documents.documents').select('id').where('kind', '=', 'overlay_report').where('subjectId', '=', caseNo).execute();
    assert.equal(docs.length, 0);
  });

  it('the stand-alone PDF of a drawn red line', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/map/overlay/pdf', headers: { cookie: reviewer }, payload: { geometry: RED } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.match(decodeURIComponent(String(res.headers['x-document-no'])), /析/);
  });
});
