/**
 * Builds the web app into web/dist when its sources changed since the last build (a hash of
 * web/ sources is kept in web/dist/.source-hash), so `npm start` and `npm test` stay fast.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

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
  return h.digest('hex');
}

export async function ensureWebBuilt(): Promise<void> {
  if (!fs.existsSync(path.join(web, 'index.html'))) return;
  const hash = sourceHash();
  const marker = path.join(web, 'dist', '.source-hash');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === hash) return;
  process.stdout.write('# building the web app (vite)\n');
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
  fs.writeFileSync(marker, hash);
}

if (import.meta.main) await ensureWebBuilt();
