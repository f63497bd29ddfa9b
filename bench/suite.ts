/** What a module's bench suite (bench/suites/<module>.ts, `export async function run(ctx)`) gets. */
import type { load } from './http.ts';

export interface TargetInfo {
  /** The real app (embedded PostgreSQL, demo data, JOBS=false). */
  appUrl: string;
  /** A bare Fastify route at `${bareUrl}/bare`: the ceiling. */
  bareUrl: string;
  /** Session cookie of the demo `window` account, or null when login failed. */
  cookie: string | null;
  /** The migration role on the app's database: bulk-load data with it (it bypasses RLS). */
  ownerUrl: string;
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
