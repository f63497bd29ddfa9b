/**
 * Exchange packages (内外网数据交换), beside the bare-route baseline of the same run:
 *  - export and import of a package of BENCH_XCHG_RECORDS (10,000) records: records/s;
 *  - export and import of a package of BENCH_XCHG_MB (1024) MB of files (64 files, generated on
 *    the fly, never held whole): MB/s.
 * Export = digests (SM3 and SHA-256), signature, STREAM encryption (AES-256-GCM segments) straight
 * to a file; import = decryption, signature and digest checks, the files spooled to disk — the
 * package layer (platform/exchange/package.ts) the CLI runs, with its files in a temporary
 * directory deleted afterwards. The database apply of the records is the kinds' and not measured here.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { SuiteContext } from '../suite.ts';
import { openFile, sealToFile, type FileSource } from '../../server/src/platform/exchange/package.ts';

const RECORDS = Number(process.env.BENCH_XCHG_RECORDS ?? 10_000);
const MB_TOTAL = Number(process.env.BENCH_XCHG_MB ?? 1024);
const FILES = 64;
const MB = 1024 * 1024;

const sign = crypto.generateKeyPairSync('ed25519');
const recipient = crypto.generateKeyPairSync('x25519');
const me = { site: 'bench-intranet', encryptKey: recipient.privateKey };
const manifest = () => ({
  sender: 'bench-internet', recipient: 'bench-intranet', channel: 'bench', seq: 1, previousHash: null, createdAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 86_400_000).toISOString(), receipts: [], checkpoint: null, signer: { publicKey: '' },
});

async function roundTrip(dir: string, name: string, body: { records: { kind: string; id: string; version: string; data: unknown }[]; receipts: [] }, files: FileSource[]) {
  const file = path.join(dir, `${name}.sxp`);
  let t = performance.now();
  const sealed = await sealToFile({ manifest: manifest(), body, files, signKey: sign.privateKey, recipientEncryptKey: recipient.publicKey }, file);
  const exportS = (performance.now() - t) / 1000;
  const spool = fs.mkdtempSync(path.join(dir, 'spool-'));
  t = performance.now();
  const opened = await openFile(file, me, () => sign.publicKey, spool);
  const importS = (performance.now() - t) / 1000;
  if (opened.body.records.length !== body.records.length || opened.files.size !== files.length) throw new Error('exchange bench: the package did not read back whole');
  fs.rmSync(spool, { recursive: true, force: true });
  fs.rmSync(file, { force: true });
  return { exportS, importS, bytes: sealed.bytes };
}

export async function run(ctx: SuiteContext): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-bench-xchg-'));
  try {
    // 10,000 records shaped like an online application (form, applicant, materials named by hash).
    const records = Array.from({ length: RECORDS }, (_, i) => ({
      kind: 'approvals.application', id: `520304-2026-${String(i).padStart(6, '0')}`, version: '1',
      data: {
        caseNo: `520304-2026-${String(i).padStart(6, '0')}`, matterCode: '520304-XK-0001', matterVersion: 1, divisionCode: '520304', applicantKind: 'person',
        applicantName: '王小明', applicantIdNumber: '52030419900307123X', applicantPhone: '13885200001', contactName: null,
        formData: { project_name: '播州区示范产业园道路工程', location: '播州区三岔镇', area_ha: 3.2, purpose: '交通运输' },
        submittedAt: new Date().toISOString(), receivedOn: '2026-12-06', promisedDays: 20, statutoryDays: 20,
        materials: [{ key: 'application_form', round: 1, sha256: crypto.createHash('sha256').update(String(i)).digest('hex'), name: '申请表.pdf', mime: 'application/pdf' }],
      },
    }));
    const r = await roundTrip(dir, 'records', { records, receipts: [] }, []);
    ctx.emit({ bench: 'exchange.records', records: RECORDS, packageMb: +(r.bytes / MB).toFixed(1),
      exportRecordsPerS: Math.round(RECORDS / r.exportS), importRecordsPerS: Math.round(RECORDS / r.importS), baselineBareRps: Math.round(ctx.bareRps) });

    // 1 GB of files, generated chunk by chunk (the same bytes on each read).
    const per = Math.max(1, Math.floor(MB_TOTAL / FILES));
    const seed = crypto.randomBytes(MB);
    const files: FileSource[] = [];
    for (let f = 0; f < FILES; f++) {
      const gen = () => Readable.from((function* () { for (let i = 0; i < per; i++) { const c = Buffer.from(seed); c.writeUInt32BE(f, 0); c.writeUInt32BE(i, 4); yield c; } })());
      const h = crypto.createHash('sha256');
      for await (const c of gen()) h.update(c as Buffer);
      files.push({ sha256: h.digest('hex'), open: gen });
    }
    const heap0 = process.memoryUsage().rss;
    const big = await roundTrip(dir, 'files', { records: [{ kind: 'map.layer', id: 'bench', version: '1', data: { files: files.map((x) => x.sha256) } }], receipts: [] }, files);
    const mb = (FILES * per * MB) / MB;
    ctx.emit({ bench: 'exchange.files', files: FILES, fileMb: mb, packageMb: +(big.bytes / MB).toFixed(1),
      exportMbPerS: +(mb / big.exportS).toFixed(1), importMbPerS: +(mb / big.importS).toFixed(1),
      rssGrowthMb: +((process.memoryUsage().rss - heap0) / MB).toFixed(1), baselineBareRps: Math.round(ctx.bareRps) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
