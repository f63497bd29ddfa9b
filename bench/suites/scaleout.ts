/**
 * Scale-out (issue 20): the same reads served by one server process and by two on one
 * PostgreSQL and one S3-compatible store — a DB-backed scoped read (session + RLS + two indexed
 * queries) and a 256 KB file download streamed from the bucket — beside the bare route.
 * Two processes get two load generators at once (half the connections each) and their rates
 * add up. On a 2-core machine the second process competes with PostgreSQL, the S3 server and
 * the load generator for the same cores: read `vsOneProcess`, not the absolute rate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import type { SuiteContext } from '../suite.ts';
import type { LoadResult } from '../http.ts';

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; info: Record<string, string> }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'scale-target.ts')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, info: JSON.parse(line) });
    });
    child.on('exit', (code) => reject(new Error(`scale target exited ${code}`)));
  });
}

const stopChild = (c: ChildProcess) => new Promise<void>((r) => { c.once('exit', () => r()); c.kill('SIGINT'); });

function sum(a: LoadResult, b: LoadResult): LoadResult {
  return { rps: a.rps + b.rps, p50Ms: Math.max(a.p50Ms, b.p50Ms), p99Ms: Math.max(a.p99Ms, b.p99Ms), errors: a.errors + b.errors, non2xx: a.non2xx + b.non2xx };
}

export async function run({ info, emit, load, bareRps, suite }: SuiteContext): Promise<void> {
  if (!info.appDbUrl) {
    emit({ bench: `${suite}.skipped`, reason: 'the bench target did not give its application-role URL' });
    return;
  }
  const s3 = await startChild({ SCALE_S3: '1' });
  const fileEnv = { FILE_STORE_URL: 's3://bench-files/files', S3_ENDPOINT: s3.info.endpoint!, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', SCALE_APP_DB_URL: info.appDbUrl };
  const procs = [await startChild(fileEnv), await startChild(fileEnv)];
  try {
    const [u1, u2] = procs.map((p) => p.info.url!);
    const login = await fetch(`${u1}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'window', password: 'Sunland@2026' }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    if (login.status !== 200 || !cookie) throw new Error(`login failed: ${login.status}`);
    // A 256 KB PDF uploaded through process 1; both processes serve it from the bucket.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(256 * 1024), Buffer.from('\n%%EOF\n')]);
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'bench.pdf');
    const up = await fetch(`${u1}/api/files`, { method: 'POST', headers: { cookie }, body: form });
    if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${await up.text()}`);
    const fileId = ((await up.json()) as { id: string }).id;
    const headers = { cookie };

    for (const [name, route] of [['scoped_read', '/api/notifications?limit=20'], ['file_download', `/api/files/${fileId}`]] as const) {
      const one = await load(`${u1}${route}`, { headers });
      const two = sum(...(await Promise.all([load(`${u1}${route}`, { headers, connections: 8 }), load(`${u2}${route}`, { headers, connections: 8 })])) as [LoadResult, LoadResult]);
      const routeName = name === 'file_download' ? 'GET /api/files/:id (256 KB, from the bucket)' : `GET ${route}`;
      emit({ bench: `${suite}.${name}.one_process`, route: routeName, ...one, vsBareRps: +(one.rps / bareRps).toFixed(3) });
      emit({ bench: `${suite}.${name}.two_processes`, route: routeName, ...two, vsBareRps: +(two.rps / bareRps).toFixed(3), vsOneProcess: +(two.rps / Math.max(1, one.rps)).toFixed(3), cores: (await import('node:os')).availableParallelism() });
    }
  } finally {
    for (const p of procs) await stopChild(p.child);
    await stopChild(s3.child);
  }
}
