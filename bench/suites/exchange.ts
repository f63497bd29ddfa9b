/**
 * Exchange packages (内外网数据交换), beside the bare-route baseline of the same run:
 *  - export and import of a package of BENCH_XCHG_RECORDS (10,000) records: records/s;
 *  - export and import of a package of BENCH_XCHG_MB (1024) MB of files (64 files, generated on
 *    the fly, never held whole): MB/s.
 * Export = digests (SM3 and SHA-256), signature, STREAM encryption (AES-256-GCM segments) straight
 * to a file; import = decryption, signature and digest checks, the files spooled to disk — the
 * package layer (platform/exchange/package.ts) the CLI runs, with its files in a temporary
 * directory deleted afterwards.
 *  - the same, end to end between two real sites: BENCH_XCHG_RECORDS online applications (each
 *    with its materials) exported by an internet-side app from its database and imported and
 *    APPLIED by an intranet-side app into a second database (kinds, savepoints, file store, receipt):
 *    records/s. Two databases are made on the bench's PostgreSQL (bootstrapped with the demo
 *    reference data) and dropped afterwards.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { SuiteContext } from '../suite.ts';
import { loadEnv } from '../../server/src/env.ts';
import { createDb, createPool, withDatabase } from '../../server/src/platform/db/database.ts';
import { bootstrapDatabase } from '../../server/src/platform/db/bootstrap.ts';
import { buildApp, type App } from '../../server/src/app.ts';
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

/** An app of one side on its own new database (demo reference data), with its data directory. */
async function site(ctx: SuiteContext, role: 'internet' | 'intranet', dbName: string, dataDir: string): Promise<App> {
  const appUrl = withDatabase(ctx.info.appDbUrl!, dbName);
  const env = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: 'false', DEMO: 'true', SITE_ROLE: role, EXCHANGE_SITE: `bench-${role}`, APP_DATABASE_URL: appUrl, MQTT_PORT: '0' });
  const boot = await bootstrapDatabase(env, withDatabase(ctx.info.ownerUrl, dbName), { demo: true });
  return buildApp({ env, appUrl: boot.appUrl });
}

/** One online application through the public routes (as approvals.test-helpers' applyOnline does); returns its case number. */
async function applyOnline(app: App): Promise<string> {
  const inject = app.http.inject.bind(app.http);
  const login = await inject({ method: 'POST', url: '/api/auth/login', payload: { username: '13885200001', password: 'Sunland@2026' } });
  const c = login.cookies.find((x) => x.name === 'sunland_session');
  if (!c) throw new Error(`exchange bench: the demo applicant cannot log in (${login.statusCode})`);
  const cookie = `sunland_session=${c.value}`;
  const matter = '520304-XK-0001';
  const guide = JSON.parse((await inject({ method: 'GET', url: `/api/public/approvals/matters/${matter}` })).body) as { materials: { key: string; required: boolean; kind: string }[] };
  const materials: Record<string, string[]> = {};
  for (const m of guide.materials) {
    if (!m.required || m.kind !== 'file') continue;
    const boundary = 'benchboundary';
    const pdf = `%PDF-1.4\n% ${m.key}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${m.key}.pdf"\r\nContent-Type: application/pdf\r\n\r\n${pdf}\r\n--${boundary}--\r\n`;
    const up = await inject({ method: 'POST', url: '/api/public/approvals/uploads', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    if (up.statusCode !== 201) throw new Error(`exchange bench: upload ${up.statusCode} ${up.body}`);
    materials[m.key] = [JSON.parse(up.body).id];
  }
  const res = await inject({ method: 'POST', url: '/api/public/approvals/cases', headers: { cookie }, payload: {
    matterCode: matter, applicant: { kind: 'person', name: '王小明', idNumber: '52030419900307123X', phone: '13885200001' },
    formData: { project_name: '播州区示范产业园道路工程', location: '播州区三岔镇', area_ha: 3.2, purpose: '交通运输' }, materials,
  } });
  if (res.statusCode !== 201) throw new Error(`exchange bench: application ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body).caseNo as string;
}

/** BENCH_XCHG_RECORDS online applications crossing from one database to another, applied. */
async function twoSites(ctx: SuiteContext, dir: string): Promise<void> {
  if (!ctx.info.appDbUrl) return;
  const names = ['sunland_bench_xchg_inet', 'sunland_bench_xchg_intra'];
  const admin = createDb(createPool(ctx.info.ownerUrl, 1));
  for (const n of names) await sql`drop database if exists ${sql.id(n)} with (force)`.execute(admin);
  const inet = await site(ctx, 'internet', names[0]!, path.join(dir, 'inet'));
  const intra = await site(ctx, 'intranet', names[1]!, path.join(dir, 'intra'));
  const owner = createDb(createPool(withDatabase(ctx.info.ownerUrl, names[0]!), 2));
  try {
    await inet.exchange.addPeer(null, await intra.exchange.card());
    await intra.exchange.addPeer(null, await inet.exchange.card());
    // The demo's own rows cross first; then the measured package holds exactly the bench's applications.
    await intra.exchange.importPackage(null, (await inet.exchange.exportPackage(null, 'bench-intranet')).bytes);
    // RECORDS online applications cloned from a demo case with materials (its form, applicant and files), submitted online.
    // The template: one online application made through the internet side's public routes (the demo
    // applicant, 用地预审 with every required material as a small scanned PDF).
    const caseNo = await applyOnline(inet);
    const src = await owner.selectFrom('approvals.cases').select('id').where('caseNo', '=', caseNo).executeTakeFirstOrThrow();
    await sql`
      with n as (
        select i, nextval(pg_get_serial_sequence('approvals.cases', 'id')) as id from generate_series(1, ${RECORDS}) i
      ), c as (
        insert into approvals.cases overriding system value
        select (jsonb_populate_record(null::approvals.cases, to_jsonb(c) || jsonb_build_object(
          'id', n.id, 'case_no', 'BENCH' || lpad(n.i::text, 7, '0'), 'status', 'submitted', 'channel', 'online', 'updated_at', now(), 'row_version', 1))).*
        from approvals.cases c, n where c.id = ${src.id}
        returning id
      )
      insert into approvals.case_materials overriding system value
      select (jsonb_populate_record(null::approvals.case_materials, to_jsonb(m) || jsonb_build_object(
        'id', nextval(pg_get_serial_sequence('approvals.case_materials', 'id')), 'case_id', c.id))).*
      from approvals.case_materials m, c where m.case_id = ${src.id}`.execute(owner);
    const out = path.join(dir, 'stick');
    fs.mkdirSync(out, { recursive: true });
    let t = performance.now();
    const p = await inet.exchange.exportPackage(null, 'bench-intranet', { dir: out, limit: RECORDS });
    const exportS = (performance.now() - t) / 1000;
    t = performance.now();
    const res = await intra.exchange.importPackage(null, { file: p.file! });
    const applyS = (performance.now() - t) / 1000;
    const applied = res.results.filter((r) => r.status === 'applied').length;
    if (applied !== RECORDS) throw new Error(`exchange bench: ${applied} of ${RECORDS} applications applied (${JSON.stringify(res.results.find((r) => r.status !== 'applied'))})`);
    const materials = Number((await owner.selectFrom('approvals.case_materials').select((eb) => eb.fn.countAll<string>().as('n')).where('caseId', '=', src.id).executeTakeFirstOrThrow()).n);
    ctx.emit({ bench: 'exchange.applied', records: RECORDS, materialsPerRecord: materials, files: p.files, packageMb: +(p.size / MB).toFixed(1),
      exportRecordsPerS: Math.round(RECORDS / exportS), applyRecordsPerS: Math.round(RECORDS / applyS), exportS: +exportS.toFixed(1), applyS: +applyS.toFixed(1),
      baselineBareRps: Math.round(ctx.bareRps) });
  } finally {
    await owner.destroy();
    await inet.close();
    await intra.close();
    for (const n of names) await sql`drop database if exists ${sql.id(n)} with (force)`.execute(admin);
    await admin.destroy();
  }
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

    await twoSites(ctx, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
