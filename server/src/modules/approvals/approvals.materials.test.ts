/** The case page shows the applicant's form and scanned materials as they were submitted. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, PERSON_LOGIN, PREVIEW_FORM, uploadPdf } from './approvals.test-helpers.ts';

const t = await startTestApp();
await ensureMatters(t);

describe('case materials and form', () => {
  it('keeps e-form keys exactly as the matter defines them (area_ha, not areaHa)', async () => {
    const person = await login(t, PERSON_LOGIN);
    const window = await login(t, 'window');
    const { caseNo } = await applyOnline(t, person);
    const c = await call(t, window, 'GET', `/api/approvals/cases/${caseNo}`);
    assert.equal(c.status, 200);
    assert.deepEqual(c.body.formData, PREVIEW_FORM);
    assert.ok(Object.keys(PREVIEW_FORM).includes('area_ha'), 'the fixture has a snake_case key');
  });

  it('lets staff of the bureau open a material the applicant uploaded online; another county and a foreign file id get 404', async () => {
    const person = await login(t, PERSON_LOGIN);
    const window = await login(t, 'window');
    const { caseNo } = await applyOnline(t, person);
    const c = await call(t, window, 'GET', `/api/approvals/cases/${caseNo}`);
    const fileId = c.body.materials.flatMap((m: { files: { fileId: string }[] }) => m.files)[0]?.fileId;
    assert.ok(fileId, 'the case has an uploaded material');

    const res = await t.inject({ method: 'GET', url: `/api/approvals/cases/${caseNo}/materials/${fileId}`, headers: { cookie: window } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');

    const other = await login(t, 'hc_window');
    const foreign = await call(t, other, 'GET', `/api/approvals/cases/${caseNo}/materials/${fileId}`);
    assert.equal(foreign.status, 404);
    const second = await applyOnline(t, person);
    const notOfCase = await call(t, window, 'GET', `/api/approvals/cases/${second.caseNo}/materials/${fileId}`);
    assert.equal(notOfCase.status, 404);
    assert.equal(notOfCase.body.error.code, 'files.not_found');
  });

  it('takes a red-line coordinate text file as a material, and refuses a program dressed as one', async () => {
    const person = await login(t, PERSON_LOGIN);
    const txt = Buffer.from('[属性描述]\n格式版本号=1.01版本\n[地块坐标]\n4,0.0120,1,示例地块,面,,建设用地,,@\nJ1,1,3048000.000,36500000.000\nJ2,1,3048000.000,36500010.000\nJ3,1,3048010.000,36500010.000\nJ4,1,3048010.000,36500000.000\nJ1,1,3048000.000,36500000.000\n', 'utf8');
    const ok = await uploadPdf(t, person, '/api/public/approvals/uploads', '红线坐标.txt', txt, 'text/plain');
    assert.equal(ok.body.mime, 'text/plain');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
    const boundary = '----sunlandexe';
    const res = await t.inject({
      method: 'POST', url: '/api/public/approvals/uploads',
      headers: { cookie: person, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="红线坐标.txt"\r\nContent-Type: text/plain\r\n\r\n`), exe, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    });
    assert.equal(res.statusCode, 415, res.body);
  });
});
