/**
 * SM2 signatures on checkpoints: every checkpoint carries one beside the Ed25519 signature; it is
 * a real SM2 signature (OpenSSL's SM2 verifier accepts it), the verifier checks it with the SM2
 * vkey, and an altered checkpoint or a wrong key fails.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { createTransparencyService } from './transparency.service.ts';
import { addSm2Signature, newSm2Key, sm2Available, sm2VkeyOf, verifySm2Note } from './sm2.ts';
import { checkpointOf, VerifyError } from '../../../../tools/verifier.ts';
import { splitNote } from './note.ts';

const t: TestApp = await startTestApp();
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-sm2-'));

function hasOpenssl(): boolean {
  try { execFileSync('openssl', ['version'], { stdio: 'ignore' }); return true; } catch { return false; }
}

describe('SM2 signatures on checkpoints (国密 SM2)', () => {
  it('this Node offers SM2 (curve SM2, digest SM3)', () => {
    assert.equal(sm2Available(), true);
  });

  it('every checkpoint carries an SM2 signature that verifies under /log/vkey-sm2, beside the Ed25519 one', async () => {
    const log = createTransparencyService({ db: t.platform.db });
    await log.publishNow('test.sm_two', { a: 1 });
    await log.issueCheckpoint();
    const note = (await t.inject({ method: 'GET', url: '/log/checkpoint' })).body;
    const vkey = (await t.inject({ method: 'GET', url: '/log/vkey' })).body.trim();
    const sm2 = (await t.inject({ method: 'GET', url: '/log/vkey-sm2' })).body.trim();
    assert.equal(splitNote(note).lines.length, 2, 'Ed25519 and SM2 signature lines');
    assert.equal(checkpointOf(note, vkey).size, 1);
    assert.equal(checkpointOf(note, sm2).size, 1);
    const forged = note.replace('\n1\n', '\n2\n');
    assert.throws(() => checkpointOf(forged, sm2), (e: VerifyError) => e.code === 'note.bad_signature');
    const other = sm2VkeyOf(sm2.split('+')[0]!, newSm2Key());
    assert.throws(() => checkpointOf(note, other), (e: VerifyError) => e.code === 'note.unknown_key');
    fs.writeFileSync(path.join(dir, 'cp'), note);
    fs.writeFileSync(path.join(dir, 'sm2'), sm2);
    const out = await new Promise<string>((resolve, reject) => execFile(process.execPath, ['tools/verify.ts', 'checkpoint', path.join(dir, 'cp'), '--vkey', path.join(dir, 'sm2')], { cwd: ROOT, encoding: 'utf8' }, (e, so, se) => (e ? reject(new Error(se)) : resolve(so))));
    assert.match(out, /^OK checkpoint of sunland\.local\/log: size 1/);
  });

  it('is a real SM2 signature (GB/T 32918, SM3, default ID): OpenSSL\'s SM2 verifier accepts it', { skip: !hasOpenssl() && 'no openssl CLI' }, () => {
    const key = newSm2Key();
    const text = 'sunland.test/log\n5\n' + Buffer.alloc(32, 3).toString('base64') + '\n';
    const note = addSm2Signature(`${text}\n\u2014 sunland.test/log AAAA\n`, 'sunland.test/log', key);
    assert.equal(verifySm2Note(note, sm2VkeyOf('sunland.test/log', key)), text);
    const sig = Buffer.from(note.trimEnd().split('\n').at(-1)!.split(' ')[2]!, 'base64').subarray(4);
    fs.writeFileSync(path.join(dir, 'msg'), text);
    fs.writeFileSync(path.join(dir, 'sig'), sig);
    fs.writeFileSync(path.join(dir, 'pub.pem'), crypto.createPublicKey(crypto.createPrivateKey({ key, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'pem' }));
    const ok = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', path.join(dir, 'pub.pem'), '-rawin', '-digest', 'sm3', '-in', path.join(dir, 'msg'), '-sigfile', path.join(dir, 'sig')], { encoding: 'utf8' });
    assert.match(ok, /Signature Verified Successfully/);
    // An ECDSA signature on the same curve (what an EC key straight from generateKeyPairSync makes) is not SM2: OpenSSL refuses it.
    const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'SM2' });
    fs.writeFileSync(path.join(dir, 'pub2.pem'), crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }));
    fs.writeFileSync(path.join(dir, 'sig2'), crypto.sign('sm3', Buffer.from(text), privateKey));
    assert.throws(() => execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', path.join(dir, 'pub2.pem'), '-rawin', '-digest', 'sm3', '-in', path.join(dir, 'msg'), '-sigfile', path.join(dir, 'sig2')], { stdio: 'pipe' }));
  });
});
