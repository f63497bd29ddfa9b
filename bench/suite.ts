/** What a module's bench suite (bench/suites/<module>.ts, `export async function run(ctx)`) gets. */
import fs from 'node:fs';
import type { load } from './http.ts';

export interface TargetInfo {
  /** The real app (embedded PostgreSQL, demo data, JOBS=false). */
  appUrl: string;
  /** A bare Fastify route at `${bareUrl}/bare`: the ceiling. */
  bareUrl: string;
  /** Session cookie of the demo `window` account, or null when login failed. */
  cookie: string | null;
  /** The scoped read's messages to PostgreSQL, as statements per message (bench/target.ts /scoped-db-only). */
  scopedReadStatements: number[];
  /** The migration role on the app's database: bulk-load data with it (it bypasses RLS). */
  ownerUrl: string;
  /** The application role on the app's database: more server processes connect with it (scaleout suite). */
  appDbUrl?: string;
  /** Process id of the system under benchmark (for reading its CPU time from /proc). */
  targetPid?: number;
  /** Port of the hazards module's embedded MQTT broker in the target (devices publish there). */
  mqttPort?: number;
}

export interface SuiteContext {
  info: TargetInfo;
  /** Prints one JSON line; give every figure a `bench` name `<suite>.<figure>` and its baseline. */
  emit: (o: Record<string, unknown>) => void;
  /** autocannon load: rps, p50Ms, p99Ms, errors, non2xx. */
  load: typeof load;
  /** requests/s of the bare route measured at the start of this run. */
  bareRps: number;
  suite: string;
}

type CpuSnapshot = { procs: Map<number, { postgres: boolean; t: number }>; self: number };

function snapshot(): CpuSnapshot {
  const hz = 100; // USER_HZ on Linux
  const procs = new Map<number, { postgres: boolean; t: number }>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat: string;
    try { stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8'); } catch { continue; }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    procs.set(Number(d), { postgres: comm.startsWith('postgres'), t: (Number(f[11]) + Number(f[12])) / hz }); // utime + stime
  }
  const u = process.cpuUsage();
  return { procs, self: (u.user + u.system) / 1e6 };
}

/**
 * Splits the CPU time of a stretch of work by process: the server (the system under benchmark),
 * PostgreSQL (every process named postgres) and this load generator. Call it before the work;
 * the function it returns gives the seconds used since. A process that ended in between is left
 * out (its time is lost, never counted negative). Linux /proc only; undefined elsewhere.
 */
export function cpuMeter(targetPid: number | undefined): (() => { server: number; postgres: number; loadGenerator: number }) | undefined {
  if (!targetPid || !fs.existsSync('/proc/stat')) return undefined;
  const before = snapshot();
  return () => {
    const now = snapshot();
    let server = 0, postgres = 0;
    for (const [pid, p] of now.procs) {
      const d = p.t - (before.procs.get(pid)?.t ?? 0);
      if (pid === targetPid) server += d;
      else if (p.postgres) postgres += d;
    }
    return { server, postgres, loadGenerator: now.self - before.self };
  };
}
