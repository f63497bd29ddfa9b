/**
 * Numbers made on the two sides never meet (numbering.ts): on the same day and in the same
 * division, an online application (internet side) and a walk-in case (intranet), a tip-off from
 * the public form (internet side) and one entered from the hotline (intranet), and the receipts
 * issued for them, all get different numbers in the public formats; the internet side's cross to
 * the intranet keeping their numbers, beside the intranet's own.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, PERSON, PERSON_LOGIN, uploadPdf } from '../../modules/approvals/approvals.test-helpers.ts';
import { loginAs, nextIp, reportBody, setPowDifficulty, submitPublic } from '../../modules/tipoffs/tipoffs.test-helpers.ts';
import { firstSideSerial, nextSideSerialSql, serialSide, sideSerial } from './numbering.ts';

const inet: TestApp = await startTestApp({ SITE_ROLE: 'internet', EXCHANGE_SITE: 'nb-internet' });
const intra: TestApp = await startTestApp({ SITE_ROLE: 'intranet', EXCHANGE_SITE: 'nb-intranet' });
await ensureMatters(inet);
await ensureMatters(intra);
await inet.exchange.addPeer(null, await intra.exchange.card());
await intra.exchange.addPeer(null, await inet.exchange.card());
await setPowDifficulty(inet, 1);
await sql`delete from township.entries`.execute(inet.testDb.owner);

const serialOf = (no: string, digits: number) => Number(no.slice(-digits));

describe('side-safe numbering (两侧编号不相撞)', () => {
  it('the rules: internet odd, intranet even, all every number; each only moves up from what was used', async () => {
    assert.deepEqual([1, 2, 3].map((n) => sideSerial('internet', n)), [1, 3, 5]);
    assert.deepEqual([1, 2, 3].map((n) => sideSerial('intranet', n)), [2, 4, 6]);
    assert.deepEqual([1, 2, 3].map((n) => sideSerial('all', n)), [1, 2, 3]);
    assert.deepEqual([firstSideSerial('internet'), firstSideSerial('intranet'), firstSideSerial('all')], [1, 2, 1]);
    // A counter that ran as `all` up to 4 or 5 continues with the side's next larger number.
    const next = async (side: 'internet' | 'intranet' | 'all', last: number) =>
      (await sql<{ n: number }>`select ${nextSideSerialSql(side, String(last))} as n`.execute(inet.testDb.owner)).rows[0]!.n;
    assert.deepEqual([await next('internet', 4), await next('internet', 5), await next('intranet', 4), await next('intranet', 5), await next('all', 5)], [5, 7, 6, 6, 6]);
    assert.deepEqual([serialSide(7), serialSide(8)], ['internet', 'intranet']);
  });

  it('cases, tip-offs and receipts made the same day on both sides never share a number; crossed ones keep theirs', async () => {
    // Internet side: an online application and a tip-off from the public form.
    const person = await login(inet, PERSON_LOGIN);
    const online = await applyOnline(inet, person);
    const pub = await submitPublic(inet, reportBody(), { ip: nextIp() });
    assert.equal(pub.status, 201, JSON.stringify(pub.body));
    // Intranet: a walk-in case at the window and a hotline call, same day, same division.
    const window = await login(intra, 'window');
    const f = (await uploadPdf(intra, window, '/api/files')).id;
    const materials = { approval_doc: [f], pre_review: [f], planning_cond: [f], survey_map: [f], applicant_id: [f] };
    const walkIn = await call(intra, window, 'POST', '/api/approvals/cases', {
      matterCode: '520304-XK-0003', applicant: PERSON, formData: { project_name: '镇卫生院', location: '鸭溪镇', area_ha: 0.8, purpose: '公共管理与公共服务' }, materials,
    });
    assert.equal(walkIn.status, 201, JSON.stringify(walkIn.body));
    const hotline = await loginAs(intra, 'hotline');
    const phoned = await call(intra, hotline, 'POST', '/api/tipoffs/reports', { ...reportBody({ reporter: { anonymous: true } }), channel: 'hotline' });
    assert.equal(phoned.status, 201, JSON.stringify(phoned.body));

    // Same counter space (division and day), different numbers, each of its side; the public formats kept.
    assert.equal(online.caseNo.slice(0, 14), walkIn.body.caseNo.slice(0, 14), 'same division and day: the numbers come from the same serial space');
    assert.notEqual(online.caseNo, walkIn.body.caseNo);
    assert.match(online.caseNo, /^520304\d{8}\d{5}$/);
    assert.equal(serialSide(serialOf(online.caseNo, 5)), 'internet');
    assert.equal(serialSide(serialOf(walkIn.body.caseNo, 5)), 'intranet');
    assert.notEqual(pub.body.reportNo, phoned.body.reportNo);
    assert.match(pub.body.reportNo, /^JB\d{8}\d{6}$/);
    assert.equal(serialSide(serialOf(pub.body.reportNo, 6)), 'internet');
    assert.equal(serialSide(serialOf(phoned.body.reportNo, 6)), 'intranet');
    // The receipts (收件回执) of the two cases: same issuer, kind and year, numbers of their side.
    const receipt = (t: TestApp, caseNo: string) => t.testDb.owner.selectFrom('approvals.case_documents as cd').innerJoin('approvals.cases as c', 'c.id', 'cd.caseId')
      .innerJoin('documents.documents as d', 'd.id', 'cd.documentId').select(['d.issuerOrgUnitId', 'd.kind', 'd.year', 'd.seq', 'd.docNo']).where('c.caseNo', '=', caseNo).orderBy('d.id').executeTakeFirst();
    const [r1, r2] = [await receipt(inet, online.caseNo), await receipt(intra, walkIn.body.caseNo)];
    assert.ok(r1 && r2, 'both cases have their receipt');
    assert.deepEqual([r2.issuerOrgUnitId, r2.kind, r2.year], [r1.issuerOrgUnitId, r1.kind, r1.year], 'same issuer, kind and year: the same number space');
    assert.notEqual(r1.docNo, r2.docNo);
    assert.deepEqual([serialSide(r1.seq), serialSide(r2.seq)], ['internet', 'intranet']);

    // Crossing: both internet records are applied (not taken for the intranet's own), keeping their numbers.
    const res = await intra.exchange.importPackage(null, (await inet.exchange.exportPackage(null, 'nb-intranet')).bytes);
    const mine = res.results.filter((r) => r.id === online.caseNo || r.id === pub.body.reportNo).map((r) => [r.kind, r.id, r.status]);
    assert.deepEqual(mine, [['approvals.application', online.caseNo, 'applied'], ['tipoffs.report', pub.body.reportNo, 'applied']]);
    const cases = await intra.testDb.owner.selectFrom('approvals.cases').select(['caseNo', 'channel']).where('caseNo', 'in', [online.caseNo, walkIn.body.caseNo]).orderBy('caseNo').execute();
    assert.deepEqual(cases.map((c) => [c.caseNo, c.channel]).sort(), [[online.caseNo, 'online'], [walkIn.body.caseNo, 'walk_in']].sort());
    const reports = await intra.testDb.owner.selectFrom('tipoffs.reports').select(['reportNo', 'channel']).where('reportNo', 'in', [pub.body.reportNo, phoned.body.reportNo]).execute();
    assert.deepEqual(reports.map((r) => [r.reportNo, r.channel]).sort(), [[pub.body.reportNo, 'web'], [phoned.body.reportNo, 'hotline']].sort());

    // The next numbers on the intranet still never take one the internet side may make.
    const again = await call(intra, hotline, 'POST', '/api/tipoffs/reports', { ...reportBody({ reporter: { anonymous: true } }), channel: 'hotline' });
    assert.equal(serialSide(serialOf(again.body.reportNo, 6)), 'intranet');
  });
});
