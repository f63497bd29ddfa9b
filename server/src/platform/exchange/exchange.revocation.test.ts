/**
 * A revoked certificate is refused at once: a package signed with the sending site's certificate
 * is refused (`certificate-refused`, nothing applied) as soon as that certificate is revoked on the
 * receiving side, or listed in the sender's CRL — copied over by hand or carried in the package.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, ensureMatters, login, PERSON_LOGIN } from '../../modules/approvals/approvals.test-helpers.ts';
import { AppError } from '../http/errors.ts';
import { makeForeignCa } from '../pki/test-helpers.ts';

const inet: TestApp = await startTestApp({ SITE_ROLE: 'internet', EXCHANGE_SITE: 'rv-internet' });
const intra: TestApp = await startTestApp({ SITE_ROLE: 'intranet', EXCHANGE_SITE: 'rv-intranet' });
await ensureMatters(inet);
await ensureMatters(intra);
await inet.exchange.addPeer(null, await intra.exchange.card());
await intra.exchange.addPeer(null, await inet.exchange.card());
await sql`delete from township.entries`.execute(inet.testDb.owner);

const card = await inet.exchange.card();
const serial = new crypto.X509Certificate(card.certificate!).serialNumber.toLowerCase().replace(/^0+(?=.)/, '');

async function cases(): Promise<number> {
  return Number((await intra.testDb.owner.selectFrom('approvals.cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

/** An application filed on the internet side and exported in the next package. */
async function nextPackage(): Promise<Buffer> {
  await applyOnline(inet, await login(inet, PERSON_LOGIN));
  return (await inet.exchange.exportPackage(null, 'rv-intranet')).bytes;
}

async function refusedForCertificate(bytes: Buffer, message: RegExp): Promise<void> {
  const before = await cases();
  const seq = (await intra.exchange.status()).channels[0].receivedSeq;
  for (const dryRun of [true, false]) {
    await assert.rejects(intra.exchange.importPackage(null, bytes, { dryRun }), (e: unknown) => {
      assert.ok(e instanceof AppError, String(e));
      assert.equal(e.details?.reason, 'certificate-refused', e.message);
      assert.match(e.message, message);
      return true;
    });
  }
  assert.equal(await cases(), before, 'nothing of a refused package is applied');
  assert.equal((await intra.exchange.status()).channels[0].receivedSeq, seq);
}

describe('exchange: a revoked certificate is refused at once', () => {
  it('accepts the sender’s packages while its certificate is good', async () => {
    const before = await cases();
    const r = await intra.exchange.importPackage(null, await nextPackage());
    assert.deepEqual(r.results.map((x) => x.status), ['applied']);
    assert.equal(await cases(), before + 1);
  });

  it('refuses a package signed with a certificate revoked on the receiving side', async () => {
    await assert.rejects(intra.exchange.revokePeerCertificate(null, 'rv-internet', 'not-hex', 'keyCompromise'), (e: any) => e.details?.field === 'serial');
    await assert.rejects(intra.exchange.revokePeerCertificate(null, 'nobody', serial, 'keyCompromise'), (e: any) => e.code === 'exchange.peer_not_found');
    const p = await nextPackage();
    await intra.exchange.revokePeerCertificate(null, 'rv-internet', serial, 'keyCompromise');
    await refusedForCertificate(p, new RegExp(`${serial} was revoked on this site`));
    // Lifted (by hand, for the test), the same package goes in: the revocation alone refused it.
    await intra.testDb.owner.deleteFrom('exchange.peer_revocations').execute();
    assert.deepEqual((await intra.exchange.importPackage(null, p)).results.map((x) => x.status), ['applied']);
  });

  it('refuses a package signed with a certificate the sender’s CRL lists, copied over or carried in the package', async () => {
    // The sender's CA revokes its site certificate (a stolen key); the thief still signs with it.
    const foreign = await (await makeForeignCa()).crl([serial]);
    await assert.rejects(intra.exchange.addPeerCrl(null, 'rv-internet', foreign.toString('pem')), (e: any) => e.details?.field === 'crl', 'only the peer CA’s CRL is taken');
    await assert.rejects(intra.exchange.addPeerCrl(null, 'rv-internet', 'junk'), (e: any) => e.details?.field === 'crl');
    await inet.testDb.owner.updateTable('pki.certificates').set({ revokedAt: new Date(), revocationReason: 'keyCompromise' }).where('serial', '=', serial).execute();
    const crl = await inet.pki.crlPem();
    const p = await nextPackage();
    await intra.exchange.addPeerCrl(null, 'rv-internet', crl);
    await refusedForCertificate(p, /certificate is revoked/);
    // Without the copied CRL, the one the package carries is enough.
    await intra.testDb.owner.deleteFrom('exchange.peer_crls').execute();
    await refusedForCertificate(p, /certificate is revoked/);
    const audit = await intra.testDb.owner.selectFrom('audit.entries').select('action').where('action', 'like', 'exchange.%').execute();
    assert.ok(audit.some((a) => a.action === 'exchange.peer.certificate_revoked'));
    assert.ok(audit.some((a) => a.action === 'exchange.peer.crl_updated'));
  });
});
