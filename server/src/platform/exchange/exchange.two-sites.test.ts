/**
 * Two sites, two databases (one SITE_ROLE=internet, one intranet), exchanging package files
 * through a directory like a USB stick: an online application crosses to the intranet, is
 * accepted, reviewed and decided there; the decision and the licence come back and the applicant
 * downloads the licence on the internet side. Then every attack is refused with nothing applied.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, makeReviewer, PERSON, PERSON_LOGIN } from '../../modules/approvals/approvals.test-helpers.ts';
import { createExchangeService } from './exchange.service.ts';
import { open, seal } from './package.ts';
import { AppError } from '../http/errors.ts';

const inet: TestApp = await startTestApp({ SITE_ROLE: 'internet', EXCHANGE_SITE: 'bozhou-internet' });
const intra: TestApp = await startTestApp({ SITE_ROLE: 'intranet', EXCHANGE_SITE: 'bozhou-intranet' });
await ensureMatters(inet);
await ensureMatters(intra);
await inet.exchange.addPeer(null, await intra.exchange.card());
await intra.exchange.addPeer(null, await inet.exchange.card());
// The demo's township reports would cross too (kind township.report, tested in the township
// module); these tests follow one application and its decision.
await sql`delete from township.entries`.execute(inet.testDb.owner);
// The internet side starts without the intranet's 行政处罚公示 (the demo seeds both alike): they cross.
await sql`delete from enforcement.disclosures`.execute(inet.testDb.owner);

const stick = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-stick-'));
/** Exports the next package of `from` to `to` onto the stick; returns its path. */
async function carry(from: TestApp, to: TestApp): Promise<string> {
  const p = await from.exchange.exportPackage(null, to.exchange.site);
  const file = path.join(stick, p.name);
  fs.writeFileSync(file, p.bytes);
  return file;
}
const read = (file: string) => fs.readFileSync(file);

async function refused(app: TestApp, bytes: Buffer, reason: string): Promise<void> {
  await assert.rejects(app.exchange.importPackage(null, bytes), (e: unknown) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.code, 'exchange.refused');
    assert.equal(e.details?.reason, reason, e.message);
    return true;
  });
}

async function intraCases(): Promise<number> {
  return Number((await intra.testDb.owner.selectFrom('approvals.cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

describe('exchange between an internet and an intranet site', () => {
  let caseNo = '';

  it('carries an application to the intranet (dry run first, then applied once), and the receipt back', async () => {
    const person = await login(inet, PERSON_LOGIN);
    caseNo = (await applyOnline(inet, person)).caseNo;
    const before = await intraCases();
    const file = await carry(inet, intra);

    const dry = await intra.exchange.importPackage(null, read(file), { dryRun: true });
    assert.equal(dry.dryRun, true);
    assert.deepEqual(dry.results.map((r) => [r.kind, r.id, r.status]), [['approvals.application', caseNo, 'applied']]);
    assert.equal(await intraCases(), before, 'a dry run applies nothing');
    assert.equal((await intra.exchange.status()).channels[0].receivedSeq, 0);

    const res = await intra.exchange.importPackage(null, read(file));
    assert.deepEqual(res.results.map((r) => r.status), ['applied']);
    const c = await intra.testDb.owner.selectFrom('approvals.cases').selectAll().where('caseNo', '=', caseNo).executeTakeFirstOrThrow();
    assert.equal(c.status, 'submitted');
    assert.equal(c.applicantIdNumber, PERSON.idNumber);
    const mats = await intra.testDb.owner.selectFrom('approvals.case_materials').select('fileId').where('caseId', '=', c.id).execute();
    assert.ok(mats.length > 0, 'the materials arrived with their files');

    // Sent, not yet confirmed: pending on the internet side until the receipt comes back.
    assert.equal((await inet.exchange.status()).channels[0].pending, 1);
    const back = await carry(intra, inet);
    const r = await inet.exchange.importPackage(null, read(back));
    assert.deepEqual(r.receipts, [{ seq: 1, applied: 1, rejected: 0 }]);
    const st = (await inet.exchange.status()).channels[0];
    assert.deepEqual([st.sentSeq, st.receivedSeq, st.pending, st.delivered, st.rejected], [1, 1, 0, 1, 0]);
  });

  it('is reviewed and decided on the intranet; the decision and licence come back and the applicant downloads the licence', async () => {
    const window = await login(intra, 'window');
    const landuse = await login(intra, 'reviewer');
    const planning = await makeReviewer(intra, 'rv_planning', '520304-PLANNING');
    const farmland = await makeReviewer(intra, 'rv_farmland', '520304-FARMLAND');
    const legal = await makeReviewer(intra, 'rv_legal', '520304-LEGAL');
    const leader = await login(intra, 'leader');
    const acc = await call(intra, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    assert.equal(acc.status, 200, JSON.stringify(acc.body));
    for (const [cookie, text] of [[landuse, '同意'], [planning, '符合规划'], [farmland, '不占永久基本农田'], [legal, '程序合法']] as const) {
      const o = await call(intra, cookie, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: text });
      assert.equal(o.status, 200, JSON.stringify(o.body));
    }
    const d = await call(intra, leader, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'granted', reason: '同意预审' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    const licence = d.body.documents.find((x: any) => x.kind === 'licence');
    assert.ok(licence);
    const licenceSha = (await intra.testDb.owner.selectFrom('documents.documents').select('sha256').where('id', '=', licence.documentId).executeTakeFirstOrThrow()).sha256;

    const person = await login(inet, PERSON_LOGIN);
    assert.equal((await call(inet, person, 'GET', `/api/public/approvals/cases/${caseNo}`)).body.status, 'submitted');

    const file = await carry(intra, inet);
    const res = await inet.exchange.importPackage(null, read(file));
    assert.deepEqual(res.results.filter((r) => r.kind.startsWith('approvals.')).map((r) => [r.kind, r.id, r.status]),
      [['approvals.decision', caseNo, 'applied'], ['approvals.disclosure', caseNo, 'applied']]);

    // 审批结果公示: the internet side's public list shows the decision, the applicant redacted.
    const list = await inet.inject({ method: 'GET', url: `/api/public/approvals/disclosures?q=${caseNo}` });
    assert.equal(list.statusCode, 200, list.body);
    const shown = list.json().items;
    assert.equal(shown.length, 1);
    assert.equal(shown[0].caseNo, caseNo);
    assert.equal(shown[0].decision, 'granted');
    assert.equal(shown[0].applicantName, PERSON.name[0] + '*'.repeat([...PERSON.name].length - 1));
    assert.equal(shown[0].documentNo, (await intra.testDb.owner.selectFrom('approvals.disclosures').select('documentNo').where('caseNo', '=', caseNo).executeTakeFirstOrThrow()).documentNo);

    const view = await call(inet, person, 'GET', `/api/public/approvals/cases/${caseNo}`);
    assert.equal(view.body.status, 'decided');
    const doc = view.body.documents.find((x: any) => x.kind === 'licence');
    assert.ok(doc, JSON.stringify(view.body.documents));
    const pdf = await inet.inject({ method: 'GET', url: `/api/public/approvals/cases/${caseNo}/documents/${doc.documentId}/pdf`, headers: { cookie: person } });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(crypto.createHash('sha256').update(pdf.rawPayload).digest('hex'), licenceSha, 'the very licence issued on the intranet');

    // Nothing confidential went out: decrypted with the internet side's key, the package names no ID number.
    const key = (await inet.testDb.owner.selectFrom('platform.secrets').select('value').where('name', '=', 'exchange-x25519').executeTakeFirstOrThrow()).value;
    const encryptKey = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), key]), format: 'der', type: 'pkcs8' });
    const card = await intra.exchange.card();
    const opened = open(read(file), { site: inet.exchange.site, encryptKey }, () => crypto.createPublicKey(card.signPublicKey));
    const text = JSON.stringify(opened.body) + opened.manifestBytes.toString();
    assert.ok(text.includes(caseNo));
    assert.ok(!text.includes(PERSON.idNumber) && !text.includes(PERSON.idNumber.slice(6, 14)), 'no ID number in an outbound package');
  });

  it('carries a walk-in decision’s 公示 to the internet side once: applying it again changes nothing', async () => {
    // A walk-in case decided on the intranet never crosses itself; its disclosure does.
    const walkIn = `${caseNo.slice(0, -5)}99998`;
    const base = await intra.testDb.owner.selectFrom('approvals.disclosures').selectAll().where('caseNo', '=', caseNo).executeTakeFirstOrThrow();
    await intra.testDb.owner.insertInto('approvals.disclosures').values({
      caseId: null, orgPath: base.orgPath, caseNo: walkIn, matterCode: base.matterCode, matterName: base.matterName, applicantKind: 'company',
      applicantName: '亳州市恒信置业有限公司', decision: 'denied', decidedAt: new Date(), orgName: base.orgName, documentNo: null,
    }).execute();
    const file = await carry(intra, inet);
    const res = await inet.exchange.importPackage(null, read(file));
    assert.deepEqual(res.results.filter((r) => r.kind === 'approvals.disclosure').map((r) => [r.id, r.status]), [[walkIn, 'applied']]);
    const list = await inet.inject({ method: 'GET', url: `/api/public/approvals/disclosures?q=${walkIn}` });
    assert.deepEqual(list.json().items.map((x: any) => [x.caseNo, x.applicantName, x.decision]), [[walkIn, '亳州市恒信置业有限公司', 'denied']]);

    // Applying the same records again (the kind's apply, as a resent package would) changes nothing.
    const kind = inet.exchange.kinds().find((k) => k.kind === 'approvals.disclosure')!;
    const before = await inet.testDb.owner.selectFrom('approvals.disclosures').selectAll().orderBy('id').execute();
    const again = await intra.exchange.kinds().find((k) => k.kind === 'approvals.disclosure')!.collect(intra.testDb.owner as never, null, 100);
    assert.ok(again.records.some((r) => r.id === walkIn) && again.records.some((r) => r.id === caseNo));
    for (const r of again.records) assert.equal(await kind.apply(inet.testDb.owner as never, r), 'unchanged');
    assert.deepEqual(await inet.testDb.owner.selectFrom('approvals.disclosures').selectAll().orderBy('id').execute(), before);
  });

  it('carries the 行政处罚结果公示 to the internet side’s public list, and a withdrawal after it; applying again changes nothing', async () => {
    // The demo's published penalty decisions crossed with the decision's package above.
    const intraRows = await intra.testDb.owner.selectFrom('enforcement.disclosures').selectAll().orderBy('id').execute();
    assert.ok(intraRows.length > 0, 'the demo has published penalty decisions');
    const list = async () => (await inet.inject({ method: 'GET', url: '/api/public/enforcement/disclosures?pageSize=100' })).json().items as any[];
    const shown = await list();
    assert.deepEqual(shown.map((x) => x.caseNo).sort(), intraRows.map((r) => r.caseNo).sort());
    const first = intraRows[0];
    const same = shown.find((x) => x.caseNo === first.caseNo);
    assert.deepEqual([same.partyName, same.penalty, same.facts, same.status], [first.partyName, first.penalty, first.facts, 'published']);
    assert.equal((await inet.testDb.owner.selectFrom('enforcement.disclosures').select('caseId').where('caseNo', '=', first.caseNo).executeTakeFirstOrThrow()).caseId, null,
      'the case itself stays on the intranet');

    // Withdrawn on review (复议撤销) on the intranet: the public list on the internet side follows.
    await intra.testDb.owner.updateTable('enforcement.disclosures').set({ status: 'withdrawn', statusReason: '行政复议撤销', statusChangedAt: new Date() }).where('id', '=', first.id).execute();
    const res = await inet.exchange.importPackage(null, read(await carry(intra, inet)));
    assert.deepEqual(res.results.filter((r) => r.kind === 'enforcement.disclosure').map((r) => [r.id, r.status]), [[first.caseNo, 'applied']]);
    const after = (await list()).find((x) => x.caseNo === first.caseNo);
    assert.deepEqual([after.status, after.statusReason], ['withdrawn', '行政复议撤销']);

    // Every record applied again changes nothing.
    const kind = inet.exchange.kinds().find((k) => k.kind === 'enforcement.disclosure')!;
    const before = await inet.testDb.owner.selectFrom('enforcement.disclosures').selectAll().orderBy('id').execute();
    const again = await intra.exchange.kinds().find((k) => k.kind === 'enforcement.disclosure')!.collect(intra.testDb.owner as never, null, 100);
    assert.equal(again.records.length, intraRows.length);
    for (const r of again.records) assert.equal(await kind.apply(inet.testDb.owner as never, r), 'unchanged');
    assert.deepEqual(await inet.testDb.owner.selectFrom('enforcement.disclosures').selectAll().orderBy('id').execute(), before);
  });

  it('refuses tampered, truncated, misaddressed, forged, replayed, out-of-order and expired packages, applying nothing', async () => {
    const person = await login(inet, PERSON_LOGIN);
    const second = (await applyOnline(inet, person)).caseNo;
    const p2 = read(await carry(inet, intra));
    const third = (await applyOnline(inet, person)).caseNo;
    const p3 = read(await carry(inet, intra));
    const before = await intraCases();
    const seqBefore = (await intra.exchange.status()).channels[0].receivedSeq;

    // One byte changed, in the encrypted content and in the clear header.
    const flipped = Buffer.from(p2); flipped[flipped.length - 100] ^= 1;
    await refused(intra, flipped, 'tampered');
    const header = Buffer.from(p2); header[20] ^= 1;
    await assert.rejects(intra.exchange.importPackage(null, header), (e: any) => ['tampered', 'misaddressed', 'unknown-sender'].includes(e.details?.reason));
    // Cut short (an interrupted copy).
    await refused(intra, p2.subarray(0, p2.length - 1), 'truncated');
    // Addressed to another site (encrypted for this one's key, but naming another recipient).
    await inet.exchange.addPeer(null, { ...(await intra.exchange.card()), site: 'other-intranet' });
    await refused(intra, (await inet.exchange.exportPackage(null, 'other-intranet')).bytes, 'misaddressed');
    // Signed by a key that is not the sender's.
    const impostor = crypto.generateKeyPairSync('ed25519');
    const card = await intra.exchange.card();
    const forged = seal({
      manifest: { sender: inet.exchange.site, recipient: intra.exchange.site, channel: 'x', seq: seqBefore + 1, previousHash: null, createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(), receipts: [], checkpoint: null, signer: { publicKey: '' } },
      body: { records: [], receipts: [] }, files: [], signKey: impostor.privateKey, recipientEncryptKey: crypto.createPublicKey(card.encryptPublicKey),
    });
    await refused(intra, forged.bytes, 'bad-signature');
    // Skipped: package 3 before package 2.
    await refused(intra, p3, 'out-of-order');
    // Expired: the intranet reads package 2 eight days later (packages live EXCHANGE_PACKAGE_DAYS=7).
    const later = createExchangeService({
      db: intra.platform.db, audit: intra.platform.audit, site: intra.exchange.site, role: 'intranet', packageDays: 7,
      readBlob: async () => undefined, now: () => new Date(Date.now() + 8 * 86_400_000),
    });
    await refused({ ...intra, exchange: later } as TestApp, p2, 'expired');

    assert.equal(await intraCases(), before, 'no refused package applied anything');
    assert.equal((await intra.exchange.status()).channels[0].receivedSeq, seqBefore);
    const hist = await intra.exchange.history(inet.exchange.site);
    for (const reason of ['tampered', 'truncated', 'bad-signature', 'out-of-order', 'expired']) {
      assert.ok(hist.packages.some((p) => p.direction === 'refused' && p.reason?.startsWith(reason)), `history lists the ${reason} refusal`);
    }

    // In order they apply; the same package again is a replay. The materials of these applications are the same files
    // as the first one's, already stored on the intranet: they are not classified and written again, only named.
    const putContent = intra.platform.files.putContent;
    let stores = 0;
    intra.platform.files.putContent = async (...args) => { stores += 1; return putContent(...args); };
    try {
      assert.equal((await intra.exchange.importPackage(null, p2)).results[0].id, second);
    } finally {
      intra.platform.files.putContent = putContent;
    }
    assert.equal(stores, 0, 'stored content is reused');
    const mats = await intra.testDb.owner.selectFrom('approvals.case_materials as cm').innerJoin('approvals.cases as c', 'c.id', 'cm.caseId')
      .innerJoin('files.uploads as u', 'u.id', 'cm.fileId').select(['c.caseNo', 'u.sha256', 'u.detectedMime']).where('c.caseNo', 'in', [caseNo, second]).execute();
    assert.ok(mats.some((m) => m.caseNo === second), 'the second application has its materials');
    for (const m of mats.filter((x) => x.caseNo === second)) {
      assert.ok(mats.some((x) => x.caseNo === caseNo && x.sha256 === m.sha256 && x.detectedMime === m.detectedMime), 'each names a file already stored');
    }
    await refused(intra, p2, 'replayed');
    assert.equal((await intra.exchange.importPackage(null, p3)).results[0].id, third);
    await refused(intra, p3, 'replayed');
    assert.equal(await intraCases(), before + 2);
  });

  it('carries the sender’s log checkpoint and refuses a package whose log did not only grow', async () => {
    const seen = (await intra.exchange.status()).channels[0].peerLogSize;
    const real = await inet.platform.db.selectFrom('transparency.checkpoints').select(['size', 'root']).orderBy('size', 'desc').executeTakeFirst();
    assert.equal(seen, Number(real?.size ?? 0), 'the intranet recorded the internet log size the packages carried');
    // The internet side (or whoever holds its key) presents a log of the same size with another root: a rewritten history.
    const liar = createExchangeService({
      db: inet.platform.db, audit: inet.platform.audit, site: inet.exchange.site, role: 'internet', packageDays: 7, readBlob: async () => undefined, pki: inet.pki,
      transparency: {
        latestCheckpoint: async () => ({ size: seen ?? 0, root: crypto.randomBytes(32).toString('base64'), note: 'forged' }),
        consistencyProof: async () => ({ proof: [], firstRoot: '' }),
        verifyConsistency: () => false,
      },
    });
    const before = (await intra.exchange.status()).channels[0].receivedSeq;
    await refused(intra, (await liar.exportPackage(null, intra.exchange.site)).bytes, 'log-shrunk');
    assert.equal((await intra.exchange.status()).channels[0].receivedSeq, before);
  });

  it('shows the channel to the exchange administrator only', async () => {
    // The system administrator (sys_admin) holds exchange.manage; here the leader is given it, as a security admin would.
    const perm = await inet.testDb.owner.selectFrom('access.roles').select('id').where('code', '=', 'leader').executeTakeFirstOrThrow();
    await inet.testDb.owner.insertInto('access.role_permissions').values({ roleId: perm.id, permission: 'exchange.package.manage' }).execute();
    const admin = await login(inet, 'leader');
    const window = await login(inet, 'window');
    assert.equal((await call(inet, window, 'GET', '/api/exchange/status')).status, 403);
    const s = await call(inet, admin, 'GET', '/api/exchange/status');
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.equal(s.body.role, 'internet');
    assert.ok(s.body.channels.some((c: any) => c.peer === 'bozhou-intranet' && c.sentSeq >= 3));
    const h = await call(inet, admin, 'GET', '/api/exchange/channels/bozhou-intranet/history');
    assert.equal(h.status, 200);
    assert.ok(h.body.packages.some((p: any) => p.direction === 'sent'));
    const bad = await inet.inject({ method: 'POST', url: '/api/exchange/import?dryRun=true', headers: { cookie: admin, 'content-type': 'application/octet-stream' }, payload: Buffer.from('not a package') });
    assert.equal(bad.statusCode, 422);
    assert.equal(JSON.parse(bad.body).error.code, 'exchange.refused');
  });
});
