/**
 * Tip-offs cross between the two sites (platform/exchange): a report filed on the internet side,
 * with its attachment, goes to the intranet with the reporter's identity sealed (a decrypted
 * package shows no name, phone, e-mail or ID number, nor the tracking code); only the intranet's
 * intake clerk reads it there; the handling comes back so the citizen tracks it on the internet
 * side, and what comes back carries nothing of the findings, the disposal summary or the reporter.
 * The side that handles a report owns its deadlines (no clock, no warning on the internet side);
 * a dispute the citizen files on the internet side crosses to the intranet, which reopens it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { open } from '../../platform/exchange/package.ts';
import { createTipoffsService } from './tipoffs.service.ts';
import { call, chinaToday, loginAs, nextIp, PNG_1PX, reportBody, reportIdOf, setPowDifficulty, submitPublic, uploadEvidence, uploadPublic } from './tipoffs.test-helpers.ts';

const inet: TestApp = await startTestApp({ SITE_ROLE: 'internet', EXCHANGE_SITE: 'tp-internet' });
const intra: TestApp = await startTestApp({ SITE_ROLE: 'intranet', EXCHANGE_SITE: 'tp-intranet' });
await inet.exchange.addPeer(null, await intra.exchange.card());
await intra.exchange.addPeer(null, await inet.exchange.card());
await setPowDifficulty(inet, 1);
// Only this test's report crosses: the demo's rows stay where they are.
await sql`delete from township.entries`.execute(inet.testDb.owner);
// A first round trip carries the demo's rows (the same on both sides here: unchanged).
await intra.exchange.importPackage(null, (await inet.exchange.exportPackage(null, 'tp-intranet')).bytes);
await inet.exchange.importPackage(null, (await intra.exchange.exportPackage(null, 'tp-internet')).bytes);

const REPORTER = reportBody().reporter as { name: string; phone: string; email: string; idNumber: string };

/** Decrypts a package as its recipient would (its exchange key), for looking inside. */
async function inside(to: TestApp, from: TestApp, bytes: Buffer): Promise<string> {
  const key = (await to.testDb.owner.selectFrom('platform.secrets').select('value').where('name', '=', 'exchange-x25519').executeTakeFirstOrThrow()).value;
  const encryptKey = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), key]), format: 'der', type: 'pkcs8' });
  const card = await from.exchange.card();
  const opened = open(bytes, { site: to.exchange.site, encryptKey }, () => new crypto.X509Certificate(card.certificate!).publicKey);
  return JSON.stringify(opened.body) + opened.manifestBytes.toString('utf8');
}

describe('tip-offs cross between the internet side and the intranet', () => {
  let reportNo = '';
  let trackingCode = '';

  it('carries a report and its attachment to the intranet with the reporter sealed', async () => {
    const up = await uploadPublic(inet, 'site.png', 'image/png', PNG_1PX);
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const sub = await submitPublic(inet, reportBody({ files: [up.body.id] }), { ip: nextIp() });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    reportNo = sub.body.reportNo;
    trackingCode = sub.body.trackingCode;

    const p = await inet.exchange.exportPackage(null, 'tp-intranet');
    const text = await inside(intra, inet, p.bytes);
    assert.ok(text.includes(reportNo) && text.includes('sealed1:'), 'the report crosses, its reporter sealed');
    for (const v of [REPORTER.name, REPORTER.phone, REPORTER.email, REPORTER.idNumber, trackingCode]) assert.ok(!text.includes(v), `no ${v} in the decrypted package`);

    const dry = await intra.exchange.importPackage(null, p.bytes, { dryRun: true });
    assert.ok(!JSON.stringify(dry).includes(REPORTER.name), 'the dry run shows no reporter');
    const res = await intra.exchange.importPackage(null, p.bytes);
    assert.deepEqual(res.results.filter((r) => r.kind === 'tipoffs.report').map((r) => [r.id, r.status]), [[reportNo, 'applied']]);

    const row = await intra.testDb.owner.selectFrom('tipoffs.reports').selectAll().where('reportNo', '=', reportNo).executeTakeFirstOrThrow();
    assert.equal(row.status, 'received');
    assert.equal(row.stage, 'triage', 'the ledger clock starts on the intranet');
    assert.notEqual(row.trackingCode, trackingCode, 'the tracking code stayed on the internet side');
    const files = await intra.testDb.owner.selectFrom('tipoffs.files as f').innerJoin('files.uploads as u', 'u.id', 'f.fileId').select('u.sha256').where('f.reportId', '=', row.id).execute();
    assert.deepEqual(files.map((f) => f.sha256), [crypto.createHash('sha256').update(PNG_1PX).digest('hex')]);

    // Readable on the intranet by those allowed: the intake clerk (audited), not the inspector.
    const hotline = await loginAs(intra, 'hotline');
    const seen = await call(intra, hotline, 'GET', `/api/tipoffs/reports/${row.id}?reveal=reporter`);
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    assert.equal(seen.body.reporters[0].name, REPORTER.name);
    assert.equal(seen.body.reporters[0].idNumber, REPORTER.idNumber);
    const inspector = await loginAs(intra, 'inspector');
    const hidden = await call(intra, inspector, 'GET', `/api/tipoffs/reports/${row.id}?reveal=reporter`);
    assert.ok(hidden.status === 403 || hidden.body.reporters === null, JSON.stringify(hidden.body).slice(0, 200));
    // The same package again changes nothing (a replay is refused before any record).
    await assert.rejects(intra.exchange.importPackage(null, p.bytes), (e: any) => e.details?.reason === 'replayed');
  });

  it('brings the handling back so the citizen tracks it, carrying nothing confidential', async () => {
    const id = await reportIdOf(intra, reportNo);
    const hotline = await loginAs(intra, 'hotline');
    const inspector = await loginAs(intra, 'inspector');
    let r = await call(intra, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    r = await call(intra, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const photo = await uploadEvidence(intra, inspector);
    const findings = '现场核查属实，已打地基约 300 平方米，系某村民组长牵头。';
    const summary = '已责令停止建设并拆除地基，内部意见：约谈村支书。';
    r = await call(intra, inspector, 'POST', `/api/tipoffs/reports/${id}/verify`, { verifiedOn: chinaToday(), findings, violationFound: true, evidence: [photo] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    r = await call(intra, inspector, 'POST', `/api/tipoffs/reports/${id}/dispose`, { outcome: 'stopped_rectified', summary });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const feedback = '经核查属实，已责令停止违法行为并拆除，恢复原状。';
    r = await call(intra, inspector, 'POST', `/api/tipoffs/reports/${id}/feedback`, { text: feedback });
    assert.equal(r.status, 200, JSON.stringify(r.body));

    const before = await inet.inject({ method: 'POST', url: '/api/public/tipoffs/track', payload: { trackingCode }, remoteAddress: nextIp() });
    assert.equal(JSON.parse(before.body).status, 'received');

    const p = await intra.exchange.exportPackage(null, 'tp-internet');
    const text = await inside(inet, intra, p.bytes);
    assert.ok(text.includes(feedback), 'the feedback the citizen reads crosses');
    const intraCode = (await intra.testDb.owner.selectFrom('tipoffs.reports').select('trackingCode').where('id', '=', id).executeTakeFirstOrThrow()).trackingCode;
    for (const v of [findings, summary, REPORTER.name, REPORTER.phone, REPORTER.email, REPORTER.idNumber, intraCode, '周丽']) {
      assert.ok(!text.includes(v), `no ${v} in the decrypted package back`);
    }
    const res = await inet.exchange.importPackage(null, p.bytes);
    assert.deepEqual(res.results.filter((x) => x.kind === 'tipoffs.status').map((x) => [x.id, x.status]), [[reportNo, 'applied']]);
    assert.ok(res.receipts.some((x) => x.applied >= 1), 'the receipt for the report came back');

    const tracked = await inet.inject({ method: 'POST', url: '/api/public/tipoffs/track', payload: { trackingCode }, remoteAddress: nextIp() });
    assert.equal(tracked.statusCode, 200, tracked.body);
    const view = JSON.parse(tracked.body);
    assert.equal(view.status, 'feedback_given');
    assert.equal(view.feedback.text, feedback);
    assert.deepEqual(view.events.map((e: any) => e.kind), ['received', 'accepted', 'assigned', 'verified', 'disposed', 'feedback_given']);
    const row = await inet.testDb.owner.selectFrom('tipoffs.reports').select(['findings', 'disposalSummary', 'stage']).where('reportNo', '=', reportNo).executeTakeFirstOrThrow();
    assert.deepEqual(row, { findings: null, disposalSummary: null, stage: null });
    // Nothing changed since: the next package carries no status record.
    const next = await intra.exchange.exportPackage(null, 'tp-internet');
    assert.ok(!(await inside(inet, intra, next.bytes)).includes(reportNo));
    await inet.exchange.importPackage(null, next.bytes); // carried all the same: the channel's sequence goes on
  });

  it('runs the stage clock only on the intranet: past the deadline the intranet warns, the internet side does not', async () => {
    const sub = await submitPublic(inet, reportBody({ reporter: { anonymous: true } }), { ip: nextIp() });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    const no = sub.body.reportNo as string;
    const here = () => inet.testDb.owner.selectFrom('tipoffs.reports').select(['id', 'stage', 'stageDueDate']).where('reportNo', '=', no).executeTakeFirstOrThrow();
    assert.deepEqual((({ stage, stageDueDate }) => ({ stage, stageDueDate }))(await here()), { stage: null, stageDueDate: null }, 'no triage clock on the internet side');
    const res = await intra.exchange.importPackage(null, (await inet.exchange.exportPackage(null, 'tp-intranet')).bytes);
    assert.deepEqual(res.results.filter((r) => r.kind === 'tipoffs.report').map((r) => [r.id, r.status]), [[no, 'applied']]);
    const there = await intra.testDb.owner.selectFrom('tipoffs.reports').select(['id', 'stage', 'stageDueDate']).where('reportNo', '=', no).executeTakeFirstOrThrow();
    assert.equal(there.stage, 'triage');
    assert.ok(there.stageDueDate);

    // Three weeks later, nobody triaged it: each side's deadline scan runs.
    const later = new Date(Date.now() + 21 * 86400_000);
    await createTipoffsService({ ...inet.platform, now: () => later, siteRole: 'internet' }).scanDeadlines();
    await createTipoffsService({ ...intra.platform, now: () => later, siteRole: 'intranet' }).scanDeadlines();
    const warnings = (t: TestApp, id: number) => t.testDb.owner.selectFrom('tipoffs.warnings').select(['stage', 'level']).where('reportId', '=', id).where('clearedAt', 'is', null).execute();
    assert.deepEqual(await warnings(inet, (await here()).id), [], 'no warning on the internet side');
    assert.ok((await warnings(intra, there.id)).some((w) => w.stage === 'triage' && w.level === 'red'), 'the intranet warns: overdue');
    const told = await inet.testDb.owner.selectFrom('notify.outbox').select('subject').where('subject', 'like', `%${no}%`).where('subject', 'like', '%预警%').execute();
    assert.deepEqual(told, [], 'nobody on the internet side is told');
  });

  it('a dispute filed on the internet side crosses to the intranet, which reopens it; the result comes back', async () => {
    const reason = '拆除不彻底，地基仍在，请重新核查。';
    const d = await inet.inject({ method: 'POST', url: '/api/public/tipoffs/track/dispute', payload: { trackingCode, reason }, remoteAddress: nextIp() });
    assert.equal(d.statusCode, 200, d.body);
    assert.equal(JSON.parse(d.body).status, 'assigned', 'the citizen sees it handled again at once');
    const local = await inet.testDb.owner.selectFrom('tipoffs.reports').select(['status', 'stage', 'reopenCount']).where('reportNo', '=', reportNo).executeTakeFirstOrThrow();
    assert.deepEqual(local, { status: 'assigned', stage: null, reopenCount: 1 }, 'no clock on the internet side');

    const p = await inet.exchange.exportPackage(null, 'tp-intranet');
    const res = await intra.exchange.importPackage(null, p.bytes);
    assert.deepEqual(res.results.filter((r) => r.kind === 'tipoffs.dispute').map((r) => [r.id, r.status]), [[`${reportNo}#1`, 'applied']]);
    const id = await reportIdOf(intra, reportNo);
    const row = await intra.testDb.owner.selectFrom('tipoffs.reports').select(['status', 'stage', 'reopenCount', 'findings', 'feedbackText']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'assigned', stage: 'verify', reopenCount: 1, findings: null, feedbackText: null }, 'reopened on the intranet: back to verification, its clock running');
    const ev = await intra.testDb.owner.selectFrom('tipoffs.events').select(['at', 'details']).where('reportId', '=', id).where('kind', '=', 'reopened').execute();
    assert.equal(ev.length, 1);
    assert.equal(ev[0]!.details.reason, reason);
    const told = await intra.testDb.owner.selectFrom('notify.outbox').select('subject').where('subject', '=', `【举报人异议，重新办理】${reportNo}`).execute();
    assert.ok(told.length >= 1, 'the handlers on the intranet are told');

    // The result comes back: the reopening (never the earlier findings), then the new handling.
    const back = await intra.exchange.exportPackage(null, 'tp-internet');
    const text = await inside(inet, intra, back.bytes);
    assert.ok(!text.includes('现场核查属实'), 'the earlier findings stay on the intranet');
    const r1 = await inet.exchange.importPackage(null, back.bytes);
    assert.ok(r1.receipts.some((x) => x.applied >= 1), 'the dispute was confirmed delivered');
    const inspector = await loginAs(intra, 'inspector');
    const photo = await uploadEvidence(intra, inspector);
    let r = await call(intra, inspector, 'POST', `/api/tipoffs/reports/${id}/verify`, { verifiedOn: chinaToday(), findings: '复查：地基已全部清除。', violationFound: true, evidence: [photo] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    r = await call(intra, inspector, 'POST', `/api/tipoffs/reports/${id}/dispose`, { outcome: 'stopped_rectified', summary: '复查整改到位。' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    r = await call(intra, inspector, 'POST', `/api/tipoffs/reports/${id}/feedback`, { text: '经复查，地基已全部清除，恢复原状。' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await inet.exchange.importPackage(null, (await intra.exchange.exportPackage(null, 'tp-internet')).bytes);
    const tracked = await inet.inject({ method: 'POST', url: '/api/public/tipoffs/track', payload: { trackingCode }, remoteAddress: nextIp() });
    const view = JSON.parse(tracked.body);
    assert.equal(view.status, 'feedback_given');
    assert.equal(view.feedback.text, '经复查，地基已全部清除，恢复原状。');
    assert.equal(view.events.filter((e: any) => e.kind === 'reopened').length, 1, 'one reopening on the timeline, not one per side');
    // Nothing more to carry: the reopening does not cross again.
    const next = await inet.exchange.exportPackage(null, 'tp-intranet');
    assert.ok(!(await inside(intra, inet, next.bytes)).includes(`${reportNo}#`));
  });
});
