/**
 * Background jobs and schedules: a thin typed wrapper over pg-boss. pg-boss runs as the
 * application role with `migrate: false` (its schema is installed by the bootstrap), so the
 * app role still owns no table.
 */
import { fromKysely, PgBoss, type Job, type SendOptions } from 'pg-boss';
import type { Env } from '../../env.ts';
import type { Tx } from '../db/context.ts';
import { JOBS_SCHEMA } from './jobs.install.ts';

export interface JobSendOptions {
  /** Do not run before this time (or after this many seconds). */
  startAfter?: Date | number;
  /** At most one queued job per key. */
  singletonKey?: string;
  priority?: number;
  /** Retries after the first attempt fails (pg-boss default 2). */
  retryLimit?: number;
  /** Seconds before the first retry; doubled on each retry when `retryBackoff`. */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** Seconds a run may take before it counts as failed. */
  expireInSeconds?: number;
  /** Insert the job in the caller's transaction: it exists only if that transaction commits. */
  trx?: Tx;
}

export interface JobContext {
  id: string;
  queue: string;
  /** Times this job was retried before this run. */
  retryCount: number;
  /** Aborted when the run expires or the process stops. */
  signal: AbortSignal;
}

/** Throwing fails the run; pg-boss retries it per the queue's retry options. */
export type JobHandler<T> = (data: T, job: JobContext) => Promise<void>;

export interface WorkOptions {
  /** Parallel runs of this queue in this process (default 1). */
  concurrency?: number;
  /**
   * Seconds between polls (default 2, and 10 while LISTEN/NOTIFY is up). New jobs wake the
   * worker at once through NOTIFY; polling picks up retries and deferred jobs.
   */
  pollingIntervalSeconds?: number;
}

export interface Jobs {
  /** Starts the workers and the cron clock (background processes only). */
  start(): Promise<void>;
  /** Stops fetching, waits up to 30 s for running handlers, then closes. Idempotent. */
  stop(): Promise<void>;
  /** Queues a job; returns its id, or null when a singleton key suppressed it. */
  send<T extends object>(queue: string, data: T, opts?: JobSendOptions): Promise<string | null>;
  /** Registers the handler of a queue; it runs once `start()` has been called. */
  work<T extends object>(queue: string, handler: JobHandler<T>, opts?: WorkOptions): Promise<void>;
  /** Sends `data` to `queue` on a cron expression (UTC unless `tz`), cluster-wide once per tick. */
  schedule(queue: string, cron: string, data?: object, opts?: { tz?: string }): Promise<void>;
  /** True after `start()` until `stop()`. */
  readonly running: boolean;
}

const QUEUE_NAME = /^[a-z][a-z0-9_.-]*$/;
const STOP_TIMEOUT_MS = 30_000;

export function createJobs({ connectionString, env }: { connectionString: string; env: Env }): Jobs {
  let boss: PgBoss | null = null;
  let opening: Promise<PgBoss> | null = null;
  let running = false;
  const knownQueues = new Set<string>();
  const workers: { queue: string; handler: JobHandler<object>; opts: WorkOptions }[] = [];
  const schedules: { queue: string; cron: string; data: object | undefined; tz: string | undefined }[] = [];

  function checkName(queue: string): void {
    if (!QUEUE_NAME.test(queue)) throw new Error(`jobs: invalid queue name "${queue}" (use a-z, 0-9, _ . -)`);
  }

  /** Opens pg-boss on first use, so a web-only process (JOBS=false) can still send jobs. */
  function open(): Promise<PgBoss> {
    if (boss) return Promise.resolve(boss);
    opening ??= (async () => {
      const b = new PgBoss({
        connectionString,
        schema: JOBS_SCHEMA,
        application_name: 'sunland-jobs',
        max: 5,
        // The schema belongs to the migration role; see jobs.install.ts.
        migrate: false,
        createSchema: false,
        // REINDEX needs ownership of the indexes, which the app role does not have.
        reindex: false,
        // Maintenance and the cron clock run only in background processes.
        supervise: env.JOBS,
        schedule: env.JOBS,
        useListenNotify: true,
      });
      b.on('error', (err: unknown) => {
        if (env.LOG_LEVEL !== 'silent') process.stderr.write(`[sunland] jobs: ${String((err as Error)?.message ?? err)}\n`);
      });
      await b.start();
      boss = b;
      return b;
    })();
    opening.catch(() => { opening = null; });
    return opening;
  }

  async function ensureQueue(b: PgBoss, queue: string): Promise<void> {
    if (knownQueues.has(queue)) return;
    // Never `partition: true`: that would make pg-boss create a table as the app role.
    await b.createQueue(queue, { notify: true });
    knownQueues.add(queue);
  }

  async function startWorker(b: PgBoss, w: (typeof workers)[number]): Promise<void> {
    await ensureQueue(b, w.queue);
    await b.work<object>(
      w.queue,
      {
        batchSize: 1,
        localConcurrency: w.opts.concurrency ?? 1,
        pollingIntervalSeconds: w.opts.pollingIntervalSeconds ?? 2,
        notifyPollingIntervalSeconds: w.opts.pollingIntervalSeconds ?? 10,
      },
      async (jobs: Job<object>[]) => {
        for (const job of jobs) {
          await w.handler(job.data ?? {}, { id: job.id, queue: w.queue, retryCount: job.retryCount, signal: job.signal });
        }
      },
    );
  }

  async function applySchedule(b: PgBoss, s: (typeof schedules)[number]): Promise<void> {
    await ensureQueue(b, s.queue);
    await b.schedule(s.queue, s.cron, s.data ?? null, { tz: s.tz ?? 'UTC' });
  }

  return {
    get running() {
      return running;
    },
    async start() {
      if (running) return;
      const b = await open();
      running = true;
      for (const w of workers) await startWorker(b, w);
      for (const s of schedules) await applySchedule(b, s);
    },
    async stop() {
      running = false;
      const b = boss ?? (opening ? await opening.catch(() => null) : null);
      boss = null;
      opening = null;
      knownQueues.clear();
      if (b) await b.stop({ graceful: true, timeout: STOP_TIMEOUT_MS, close: true });
    },
    async send(queue, data, opts = {}) {
      checkName(queue);
      const b = await open();
      await ensureQueue(b, queue);
      const { trx, ...rest } = opts;
      const options: SendOptions = { ...rest };
      if (trx) options.db = fromKysely(trx);
      return b.send(queue, data, options);
    },
    async work(queue, handler, opts = {}) {
      checkName(queue);
      const w = { queue, handler: handler as JobHandler<object>, opts };
      workers.push(w);
      if (running && boss) await startWorker(boss, w);
    },
    async schedule(queue, cron, data, opts = {}) {
      checkName(queue);
      const s = { queue, cron, data, tz: opts.tz };
      schedules.push(s);
      if (running && boss) await applySchedule(boss, s);
    },
  };
}
