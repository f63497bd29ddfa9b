/**
 * `npm run exchange -- <command>`: the network administrator's tool for the USB stick
 * (内外网数据交换). Uses the settings of the site it runs on (SITE_ROLE, EXCHANGE_SITE, DATA_DIR or
 * DATABASE_URL); with a server running on DATA_DIR it goes through that server's database socket.
 *
 *   identity [--out card.json]            this site's card (site, role, public keys) for the other side
 *   peer add <card.json>                  register the other side's card
 *   peer revoke <site> <serial> [--reason R]  refuse the peer's certificate at once
 *   peer crl <site> <crl.pem>             store the peer CA's CRL (its /pki/crl.pem)
 *   export <peer> --dir <dir> [--part-mb N] [--limit N]
 *                                         write the next package (split into parts of N MB when larger)
 *   import <file|dir> [--apply]           check a package (or every package and part in a directory, in
 *                                         sequence order) and show what would change; --apply applies it
 *   status [peer]                         channels; with a peer: history, pending and rejected records
 *
 * Exit codes: 0 done, 1 a package was refused (the reason is printed), 2 usage or setup error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadEnv } from '../../env.ts';
import { withDatabase } from '../db/database.ts';
import { startEmbedded, type EmbeddedDatabase } from '../db/embedded.ts';
import { bootstrapDatabase } from '../db/bootstrap.ts';
import { lockDataDir } from '../lock.ts';
import { buildApp, type App } from '../../app.ts';
import { AppError } from '../http/errors.ts';
import os from 'node:os';
import { joinFiles, splitFile } from './package.ts';

const out = (m: string) => process.stdout.write(`${m}\n`);
const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--') && !['--apply'].includes(args[i - 1])));

async function open(): Promise<{ app: App; close: () => Promise<void> }> {
  const env = loadEnv({ ...process.env, LOG_LEVEL: 'silent', JOBS: 'false', MQTT_PORT: '0' });
  let embedded: EmbeddedDatabase | null = null;
  let release = () => {};
  let migrationUrl: string;
  if (env.DATABASE_URL) migrationUrl = env.DATABASE_URL;
  else {
    const pgDir = path.join(env.dataDir, 'pg');
    try {
      const lock = lockDataDir(env.dataDir);
      release = () => lock.release();
      embedded = await startEmbedded(env.dataDir);
      migrationUrl = withDatabase(embedded.adminUrl, 'sunland');
    } catch {
      // A server holds the data directory: use its PostgreSQL through the socket.
      const password = fs.readFileSync(path.join(env.dataDir, 'secrets', 'pg-superuser-password'), 'utf8').trim();
      migrationUrl = `postgres://postgres:${encodeURIComponent(password)}@localhost/sunland?host=${encodeURIComponent(pgDir)}`;
    }
  }
  const boot = await bootstrapDatabase(env, migrationUrl, { demo: env.DEMO });
  const app = await buildApp({ env, appUrl: boot.appUrl });
  return {
    app,
    close: async () => { await app.close(); if (embedded) await embedded.stop(); release(); },
  };
}

/** Package files of a directory in sequence order (names end in the zero-padded sequence); parts grouped. Paths only: files are streamed. */
function packagesIn(target: string): { name: string; files: string[] }[] {
  if (!fs.statSync(target).isDirectory()) return [{ name: path.basename(target), files: [target] }];
  const names = fs.readdirSync(target).filter((f) => /\.sxp(\.part\d+)?$/.test(f)).sort();
  const groups = new Map<string, string[]>();
  for (const f of names) {
    const key = f.replace(/\.part\d+$/, '');
    groups.set(key, [...(groups.get(key) ?? []), path.join(target, f)]);
  }
  return [...groups].map(([name, files]) => ({ name, files }));
}

/** A whole package file from a group: the file itself, or its parts joined (streamed) into a temporary file. */
async function wholeFile(group: { name: string; files: string[] }, tmp: string): Promise<string> {
  if (group.files.length === 1 && !/\.part\d+$/.test(group.files[0]!)) return group.files[0]!;
  const out = path.join(tmp, group.name);
  const j = await joinFiles(group.files, out);
  if ('missing' in j) throw new AppError('exchange.incomplete', `parts missing: ${j.missing.map((i) => i + 1).join(', ')} of ${j.total}`, { missing: j.missing, total: j.total });
  return out;
}

async function main(): Promise<number> {
  const [cmd, ...rest] = positional;
  if (!cmd || !['identity', 'peer', 'export', 'import', 'status'].includes(cmd)) {
    out('usage: npm run exchange -- identity|peer add <card.json>|export <peer> --dir <dir>|import <file|dir> [--apply]|status [peer]');
    return 2;
  }
  const { app, close } = await open();
  const x = app.exchange;
  try {
    if (cmd === 'identity') {
      const card = JSON.stringify(await x.card(), null, 2);
      const file = flag('out');
      if (file) { fs.writeFileSync(file, card); out(`card of ${x.site} written to ${file}`); } else out(card);
    } else if (cmd === 'peer') {
      if (rest[0] === 'revoke' && rest[1] && rest[2]) {
        await x.revokePeerCertificate(null, rest[1], rest[2], flag('reason') ?? 'keyCompromise');
        out(`certificate ${rest[2]} of ${rest[1]} revoked on this site: its packages are refused`);
        return 0;
      }
      if (rest[0] === 'crl' && rest[1] && rest[2]) {
        await x.addPeerCrl(null, rest[1], fs.readFileSync(rest[2], 'utf8'));
        out(`CRL of ${rest[1]} stored`);
        return 0;
      }
      if (rest[0] !== 'add' || !rest[1]) { out('usage: npm run exchange -- peer add <card.json> | peer revoke <site> <serial> [--reason R] | peer crl <site> <crl.pem>'); return 2; }
      const card = JSON.parse(fs.readFileSync(rest[1], 'utf8'));
      await x.addPeer(null, card);
      out(`peer ${card.site} (${card.role}) registered`);
    } else if (cmd === 'export') {
      const dir = flag('dir');
      if (!rest[0] || !dir) { out('usage: npm run exchange -- export <peer> --dir <dir> [--part-mb N] [--limit N]'); return 2; }
      fs.mkdirSync(dir, { recursive: true });
      const partMb = Number(flag('part-mb') ?? 0);
      const partBytes = partMb > 0 ? Math.max(1024, Math.floor(partMb * 1024 * 1024)) : 0;
      // Written as a stream straight into the directory; split (streamed) into parts when larger than --part-mb.
      const p = await x.exportPackage(null, rest[0], { limit: flag('limit') ? Number(flag('limit')) : undefined, dir });
      if (partBytes && p.size > partBytes) {
        const parts = await splitFile(p.file!, partBytes, dir);
        fs.rmSync(p.file!);
        out(`package ${p.seq} to ${rest[0]}: ${p.records} records, ${p.files} files, ${p.receipts} receipts, ${p.size} bytes in ${parts.length} parts → ${dir}`);
      } else {
        out(`package ${p.seq} to ${rest[0]}: ${p.records} records, ${p.files} files, ${p.receipts} receipts, ${p.size} bytes → ${p.file}`);
      }
      out(`hash ${p.hash}`);
    } else if (cmd === 'import') {
      if (!rest[0]) { out('usage: npm run exchange -- import <file|dir> [--apply]'); return 2; }
      const apply = args.includes('--apply');
      const state = (await x.status()).channels;
      const single = !fs.statSync(rest[0]).isDirectory();
      for (const group of packagesIn(rest[0])) {
        // In a directory, packages already received (by the sequence in their name) are skipped.
        const m = /^([a-z][a-z0-9-]+)--([a-z][a-z0-9-]+)--(\d+)\.sxp$/.exec(group.name);
        if (!single && m && (m[2] !== x.site || state.some((c) => c.peer === m[1] && Number(m[3]) <= c.receivedSeq))) continue;
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-join-'));
        let r;
        try {
          r = await x.importPackage(null, { file: await wholeFile(group, tmp) }, { dryRun: !apply });
        } finally {
          fs.rmSync(tmp, { recursive: true, force: true });
        }
        out(`${apply ? 'applied' : 'dry run'}: package ${r.seq} from ${r.peer} (${r.hash.slice(0, 16)}…)`);
        for (const rec of r.results) out(`  ${rec.status.padEnd(9)} ${rec.kind} ${rec.id} v${rec.version}${rec.reason ? ` — ${rec.reason}` : ''}`);
        for (const rc of r.receipts) out(`  receipt for our package ${rc.seq}: ${rc.applied} applied, ${rc.rejected} rejected`);
        if (!apply) { out('nothing applied; run again with --apply'); break; }
      }
    } else {
      const s = await x.status();
      out(`site ${s.site} (${s.role})`);
      for (const c of s.channels) {
        out(`  ${c.peer} (${c.role}): sent #${c.sentSeq}, received #${c.receivedSeq}; records pending ${c.pending}, delivered ${c.delivered}, rejected ${c.rejected}; receipts owed ${c.receiptsOwed}`);
      }
      if (rest[0]) {
        const h = await x.history(rest[0]);
        for (const p of h.packages) out(`  ${p.at} ${p.direction.padEnd(8)} #${p.seq} ${p.records} records ${p.bytes} bytes${p.reason ? ` — ${p.reason}` : ''}`);
        for (const r of h.rejected) out(`  rejected: #${r.seq} ${r.kind} ${r.id} — ${r.reason}`);
      }
    }
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      out(`${e.code}: ${e.message}`);
      return e.code === 'exchange.refused' ? 1 : 2;
    }
    throw e;
  } finally {
    await close();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`exchange: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
