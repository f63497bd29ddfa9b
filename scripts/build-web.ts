/**
 * Builds the web app into web/dist when its sources changed since the last build (a hash of
 * web/ sources is kept in web/dist/.source-hash), so `npm start` and `npm test` stay fast.
 * Every text file of at least 1 KB then gets precompressed twins, `.br` (brotli, quality 11)
 * and `.gz` (gzip -9), which the server sends to browsers that accept them (web-delivery.ts).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Bump when the build's output format changes, so an old dist is rebuilt. */
const BUILD_FORMAT = 'precompressed-1';
const PRECOMPRESS = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');

function sourceHash(): string {
  const h = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name === 'dist' || e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(path.relative(web, p)).update(fs.readFileSync(p));
    }
  };
  walk(web);
  h.update(fs.readFileSync(path.join(root, 'package-lock.json')));
  h.update(BUILD_FORMAT);
  return h.digest('hex');
}

export async function ensureWebBuilt(): Promise<void> {
  if (!fs.existsSync(path.join(web, 'index.html'))) return;
  const hash = sourceHash();
  const marker = path.join(web, 'dist', '.source-hash');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === hash) return;
  process.stdout.write('# building the web app (vite)\n');
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
  precompress(path.join(web, 'dist'));
  fs.writeFileSync(marker, hash);
}

/** Writes `<file>.br` and `<file>.gz` beside every compressible file of at least 1 KB under `dir`. */
export function precompress(dir: string): { files: number; bytes: number; brotliBytes: number } {
  const out = { files: 0, bytes: 0, brotliBytes: 0 };
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath, e.name);
    if (!e.isFile() || !PRECOMPRESS.test(e.name)) continue;
    const raw = fs.readFileSync(p);
    if (raw.length < 1024) continue;
    const br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
    fs.writeFileSync(`${p}.br`, br);
    fs.writeFileSync(`${p}.gz`, zlib.gzipSync(raw, { level: 9 }));
    out.files++;
    out.bytes += raw.length;
    out.brotliBytes += br.length;
  }
  return out;
}

if (import.meta.main) await ensureWebBuilt();
