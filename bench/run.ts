/**
 * `npm run bench`: prints one JSON line per figure. Every figure is measured in the same run as
 * its baseline (a bare Fastify route), because this machine is shared and noisy: read the
 * ratio, not the absolute number.
 *
 * After the platform figures, every module suite in bench/suites/*.ts runs in name order
 * (`BENCH_SUITES=approvals,tipoffs` picks some). A suite exports `run(ctx: SuiteContext)`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { load, loadSeconds, type LoadOptions } from './http.ts';
import { cpuMeter, type SuiteContext, type TargetInfo } from './suite.ts';

const emit = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');

// BENCH_TARGET_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the system under benchmark.
const targetArgs = (process.env.BENCH_TARGET_NODE_ARGS ?? '').split(' ').filter(Boolean);
const target = spawn(process.execPath, [...targetArgs, path.join(import.meta.dirname, 'target.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const info: TargetInfo = await new Promise((resolve, reject) => {
  let buf = '';
  target.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    const line = buf.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve({ ...JSON.parse(line), targetPid: target.pid });
  });
  target.on('exit', (code) => reject(new Error(`bench target exited ${code}`)));
});

/**
 * A load with the CPU it cost per answered request, in microseconds: the server process and
 * PostgreSQL (every postgres process on the machine: read it on a quiet one). Where a database
 * route's time goes, beside the raw driver's.
 */
async function loadWithCpu(url: string, opts: LoadOptions = {}) {
  const meter = cpuMeter(info.targetPid);
  const r = await load(url, opts);
  const cpu = meter?.();
  const n = r.rps * loadSeconds(opts);
  return cpu && n > 0 ? { ...r, serverCpuUsPerReq: Math.round((cpu.server * 1e6) / n), postgresCpuUsPerReq: Math.round((cpu.postgres * 1e6) / n) } : r;
}

try {
  const bare = await loadWithCpu(`${info.bareUrl}/bare`);
  emit({ bench: 'http.bare_route', ...bare, baseline: true });
  // The raw driver ceiling: a prepared `select 1` through pg on the bare server (no context, no app hooks).
  const raw = await loadWithCpu(`${info.bareUrl}/raw-db`);
  emit({ bench: 'http.raw_driver_route', route: 'GET /raw-db (pg prepared select 1)', ...raw, vsBareRps: +(raw.rps / bare.rps).toFixed(3) });
  const db = await load(`${info.appUrl}/api/divisions?parent=520304`);
  emit({ bench: 'http.db_route', route: 'GET /api/divisions?parent=520304', ...db, vsBareRps: +(db.rps / bare.rps).toFixed(3) });
  if (info.cookie) {
    const me = await loadWithCpu(`${info.appUrl}/api/auth/me`, { headers: { cookie: info.cookie } });
    emit({ bench: 'http.authenticated_route', route: 'GET /api/auth/me', ...me, vsBareRps: +(me.rps / bare.rps).toFixed(3) });
    // A simple scoped read: session, RLS context, two indexed queries (the workbench polls it).
    const scoped = await loadWithCpu(`${info.appUrl}/api/notifications?limit=20`, { headers: { cookie: info.cookie } });
    // Its database work alone: the same messages to PostgreSQL, sent from the bare server.
    const dbOnly = await loadWithCpu(`${info.bareUrl}/scoped-db-only`);
    emit({ bench: 'http.scoped_read_db_only', route: 'the statements of GET /api/notifications?limit=20, from the bare server', statementsPerMessage: info.scopedReadStatements, ...dbOnly, vsBareRps: +(dbOnly.rps / bare.rps).toFixed(3), baseline: true });
    emit({ bench: 'http.scoped_read', route: 'GET /api/notifications?limit=20', ...scoped, vsBareRps: +(scoped.rps / bare.rps).toFixed(3), vsRawDriverRps: +(scoped.rps / raw.rps).toFixed(3), vsDbOnlyRps: +(scoped.rps / dbOnly.rps).toFixed(3), target: 0.25 });
  } else {
    emit({ bench: 'http.authenticated_route', skipped: 'demo login failed' });
  }
  const suitesDir = path.join(import.meta.dirname, 'suites');
  const only = process.env.BENCH_SUITES?.split(',').map((x) => x.trim()).filter(Boolean);
  const suites = fs.readdirSync(suitesDir).filter((f) => f.endsWith('.ts')).sort()
    .filter((f) => !only || only.includes(f.replace(/\.ts$/, '')));
  for (const f of suites) {
    const mod = (await import(pathToFileURL(path.join(suitesDir, f)).href)) as { run: (ctx: SuiteContext) => Promise<void> };
    const ctx: SuiteContext = { info, emit, load, bareRps: bare.rps, suite: f.replace(/\.ts$/, '') };
    try {
      await mod.run(ctx);
    } catch (e) {
      emit({ bench: `${ctx.suite}.failed`, error: String((e as Error).stack ?? e) });
      process.exitCode = 1;
    }
  }
  const bare2 = await load(`${info.bareUrl}/bare`);
  emit({ bench: 'http.bare_route.again', ...bare2, baseline: true, note: 'drift of the baseline during this run' });
} finally {
  target.kill('SIGINT');
}
