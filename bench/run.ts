/**
 * `npm run bench`: prints one JSON line per figure. Every figure is measured in the same run as
 * its baseline (a bare Fastify route), because this machine is shared and noisy: read the
 * ratio, not the absolute number.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { load } from './http.ts';

const emit = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');

const target = spawn(process.execPath, [path.join(import.meta.dirname, 'target.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const info: { appUrl: string; bareUrl: string; cookie: string | null } = await new Promise((resolve, reject) => {
  let buf = '';
  target.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    const line = buf.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve(JSON.parse(line));
  });
  target.on('exit', (code) => reject(new Error(`bench target exited ${code}`)));
});

try {
  const bare = await load(`${info.bareUrl}/bare`);
  emit({ bench: 'http.bare_route', ...bare, baseline: true });
  const db = await load(`${info.appUrl}/api/divisions?parent=520304`);
  emit({ bench: 'http.db_route', route: 'GET /api/divisions?parent=520304', ...db, vsBareRps: +(db.rps / bare.rps).toFixed(3) });
  if (info.cookie) {
    const me = await load(`${info.appUrl}/api/auth/me`, { headers: { cookie: info.cookie } });
    emit({ bench: 'http.authenticated_route', route: 'GET /api/auth/me', ...me, vsBareRps: +(me.rps / bare.rps).toFixed(3) });
  } else {
    emit({ bench: 'http.authenticated_route', skipped: 'demo login failed' });
  }
  const bare2 = await load(`${info.bareUrl}/bare`);
  emit({ bench: 'http.bare_route.again', ...bare2, baseline: true, note: 'drift of the baseline during this run' });
} finally {
  target.kill('SIGINT');
}
