/**
 * Large packages are built and read as streams: a 200 MB file (generated on the fly, never held)
 * goes into a package, the package is split into parts, a part damaged in the copy is named and
 * copied again alone, the parts are joined and the package opened — with the process's heap and
 * RSS staying far below the package's size. Cut or extended streams are refused.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { joinFiles, open, openFile, PackageRefused, sealToFile, splitFile } from './package.ts';
import { generatedBytes } from '../../../test/generated-bytes.ts';

const MB = 1024 * 1024;
const SIZE = 200 * MB;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-stream-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** 200 MB of pseudo-random bytes, made chunk by chunk (the same bytes on every read). */
const { seed, open: generated } = generatedBytes(SIZE / MB);

const sign = crypto.generateKeyPairSync('ed25519');
const recipient = crypto.generateKeyPairSync('x25519');
const me = { site: 'big-intranet', encryptKey: recipient.privateKey };
const senderKey = (site: string) => (site === 'big-internet' ? sign.publicKey : null);

/** Peak heap and RSS above the baseline while `fn` runs (sampled every 10 ms and at the end). */
async function peak<T>(fn: () => Promise<T>): Promise<{ result: T; heapMb: number; rssMb: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage();
  let heap = 0;
  let rss = 0;
  const sample = () => { const m = process.memoryUsage(); heap = Math.max(heap, m.heapUsed - base.heapUsed); rss = Math.max(rss, m.rss - base.rss); };
  const timer = setInterval(sample, 10);
  try {
    const result = await fn();
    sample();
    return { result, heapMb: heap / MB, rssMb: rss / MB };
  } finally {
    clearInterval(timer);
  }
}

describe('streamed packages', () => {
  let sha = '';
  const pkg = path.join(dir, 'big-internet--big-intranet--000001.sxp');

  it('writes a package of a 200 MB file with bounded memory', async () => {
    const h = crypto.createHash('sha256');
    for await (const c of generated()) h.update(c as Buffer);
    sha = h.digest('hex');
    const { result, heapMb, rssMb } = await peak(() => sealToFile({
      manifest: { sender: 'big-internet', recipient: 'big-intranet', channel: 'x', seq: 1, previousHash: null, createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(), receipts: [], checkpoint: null, signer: { publicKey: '' } },
      body: { records: [{ kind: 'map.layer', id: 'dlg-2026', version: '1', data: { files: [sha] } }], receipts: [] },
      files: [{ sha256: sha, open: generated }], signKey: sign.privateKey, recipientEncryptKey: recipient.publicKey,
    }, pkg));
    assert.equal(fs.statSync(pkg).size, result.bytes);
    assert.ok(result.bytes > SIZE, `${result.bytes} bytes`);
    process.stdout.write(`# write: heap +${heapMb.toFixed(1)} MB, rss +${rssMb.toFixed(1)} MB for a ${(result.bytes / MB).toFixed(0)} MB package\n`);
    assert.ok(heapMb < 48, `heap grew ${heapMb.toFixed(1)} MB`);
    assert.ok(rssMb < 120, `rss grew ${rssMb.toFixed(1)} MB`);
  });

  it('splits it, names the part damaged in the copy, takes it again alone, and joins the parts', async () => {
    const sent = path.join(dir, 'sent');
    const stick = path.join(dir, 'stick');
    fs.mkdirSync(sent);
    fs.mkdirSync(stick);
    const parts = await splitFile(pkg, 64 * MB, sent);
    assert.equal(parts.length, 4);
    for (const p of parts) fs.copyFileSync(p, path.join(stick, path.basename(p)));
    // The third part's copy failed midway: one byte differs.
    const bad = path.join(stick, path.basename(parts[2]!));
    const fd = fs.openSync(bad, 'r+');
    fs.writeSync(fd, Buffer.from([0xff]), 0, 1, 10 * MB);
    fs.closeSync(fd);
    const onStick = () => fs.readdirSync(stick).map((f) => path.join(stick, f));
    const joined = path.join(dir, 'joined.sxp');
    assert.deepEqual(await joinFiles(onStick(), joined), { missing: [2], total: 4 });
    assert.ok(!fs.existsSync(joined), 'nothing joined from an incomplete set');
    // Only that part is copied again.
    fs.copyFileSync(parts[2]!, bad);
    const { result, heapMb } = await peak(() => joinFiles(onStick(), joined));
    assert.deepEqual(result, { ok: true });
    assert.ok(heapMb < 48, `heap grew ${heapMb.toFixed(1)} MB while joining`);
    assert.ok(fs.readFileSync(joined).subarray(0, 64).equals(fs.readFileSync(pkg).subarray(0, 64)));
    fs.rmSync(sent, { recursive: true });
    fs.rmSync(stick, { recursive: true });
    fs.rmSync(joined);
  });

  it('reads it back with bounded memory, the file spooled and checked', async () => {
    const spool = fs.mkdtempSync(path.join(dir, 'spool-'));
    const { result, heapMb, rssMb } = await peak(() => openFile(pkg, me, senderKey, spool));
    process.stdout.write(`# read: heap +${heapMb.toFixed(1)} MB, rss +${rssMb.toFixed(1)} MB\n`);
    assert.ok(heapMb < 48, `heap grew ${heapMb.toFixed(1)} MB`);
    assert.ok(rssMb < 120, `rss grew ${rssMb.toFixed(1)} MB`);
    assert.equal(result.body.records[0]!.id, 'dlg-2026');
    assert.equal(result.files.size, 1);
    assert.equal(fs.statSync(result.files.pathOf(sha)!).size, SIZE);
    const h = crypto.createHash('sha256');
    for await (const c of fs.createReadStream(result.files.pathOf(sha)!)) h.update(c as Buffer);
    assert.equal(h.digest('hex'), sha);
    fs.rmSync(spool, { recursive: true });
  });

  it('refuses the stream cut short, extended, with a segment changed, or with two segments swapped', async () => {
    const small = path.join(dir, 'small.sxp');
    const body = { records: [], receipts: [] };
    const files = [{ sha256: crypto.createHash('sha256').update(seed).digest('hex'), open: () => Readable.from([seed]) }];
    await sealToFile({
      manifest: { sender: 'big-internet', recipient: 'big-intranet', channel: 'x', seq: 2, previousHash: null, createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(), receipts: [], checkpoint: null, signer: { publicKey: '' } },
      body, files, signKey: sign.privateKey, recipientEncryptKey: recipient.publicKey,
    }, small);
    const bytes = fs.readFileSync(small);
    assert.equal(open(bytes, me, senderKey).files.size, 1, 'the in-memory reader reads the streamed format');
    const headerEnd = 8 + bytes.readUInt32BE(4);
    const seg = 64 * 1024 + 16;
    const swapped = Buffer.from(bytes);
    bytes.copy(swapped, headerEnd, headerEnd + seg, headerEnd + 2 * seg);
    bytes.copy(swapped, headerEnd + seg, headerEnd, headerEnd + seg);
    const flipped = Buffer.from(bytes); flipped[headerEnd + 5 * seg + 7] ^= 1;
    const cases: [Buffer, string][] = [
      [bytes.subarray(0, bytes.length - 1), 'truncated'], [Buffer.concat([bytes, Buffer.alloc(1)]), 'tampered'], [flipped, 'tampered'], [swapped, 'tampered'],
    ];
    for (const [b, reason] of cases) {
      const f = path.join(dir, 'case.sxp');
      fs.writeFileSync(f, b);
      const spool = fs.mkdtempSync(path.join(dir, 'spool-'));
      await assert.rejects(openFile(f, me, senderKey, spool), (e: unknown) => e instanceof PackageRefused && e.reason === reason);
      assert.throws(() => open(b, me, senderKey), (e: unknown) => e instanceof PackageRefused && e.reason === reason);
    }
  });
});
