/** A fixed-duration HTTP load with autocannon; returns requests/s and latency percentiles. */
import autocannon from 'autocannon';

export interface LoadResult { rps: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number }

export interface LoadOptions { headers?: Record<string, string>; seconds?: number; connections?: number }

/** How long a load lasts: its own `seconds`, else BENCH_SECONDS, else 5. */
export const loadSeconds = (opts: LoadOptions = {}): number => opts.seconds ?? Number(process.env.BENCH_SECONDS ?? 5);

export async function load(url: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const r = await autocannon({
    url,
    headers: opts.headers,
    duration: loadSeconds(opts),
    connections: opts.connections ?? 16,
  });
  return { rps: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}
