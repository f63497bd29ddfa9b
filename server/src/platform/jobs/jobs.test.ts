import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { assertApplicationRole } from '../db/database.ts';
import { createJobs, type Jobs } from './index.ts';

const t: TestApp = await startTestApp();
const opened: Jobs[] = [];

function newJobs(): Jobs {
  const j = createJobs({ connectionString: t.testDb.appUrl, env: { ...t.env, JOBS: true } });
  opened.push(j);
  return j;
}

function waitFor<T>(get: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = get();
      if (v !== undefined) return resolve(v);
      if (Date.now() > until) return reject(new Error('timed out'));
      setTimeout(tick, 25);
    };
    tick();
  });
}

describe('jobs (pg-boss)', () => {
  // Before the harness drops the database.
  after(async () => {
    for (const j of opened) await j.stop();
  });

  it('keeps pg-boss tables owned by the migration role: the app role still owns none', async () => {
    const jobs = newJobs();
    await jobs.start();
    await assertApplicationRole(t.platform.db);
    const { rows } = await sql<{ owner: string; n: number }>`
      select pg_get_userbyid(c.relowner) as owner, count(*)::int as n from pg_class c
      join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'pgboss' and c.relkind in ('r', 'p')
      group by 1`.execute(t.testDb.owner);
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0]!.owner, 'sunland_app');
    assert.ok(rows[0]!.n >= 3, `pgboss tables: ${rows[0]!.n}`);
  });

  it('runs a sent job in a worker with its data', async () => {
    const jobs = newJobs();
    const seen: { n: number; retry: number }[] = [];
    await jobs.work<{ n: number }>('test.echo', async (data, job) => {
      seen.push({ n: data.n, retry: job.retryCount });
    }, { pollingIntervalSeconds: 0.5 });
    await jobs.start();
    const id = await jobs.send('test.echo', { n: 42 });
    assert.match(String(id), /^[0-9a-f-]{36}$/);
    const got = await waitFor(() => seen[0]);
    assert.deepEqual(got, { n: 42, retry: 0 });
  });

  it('retries a failing job', async () => {
    const jobs = newJobs();
    let calls = 0;
    await jobs.work<object>('test.flaky', async () => {
      calls++;
      if (calls < 2) throw new Error('first run fails');
    }, { pollingIntervalSeconds: 0.5 });
    await jobs.start();
    await jobs.send('test.flaky', {}, { retryLimit: 3, retryDelay: 0 });
    await waitFor(() => (calls >= 2 ? calls : undefined));
    assert.equal(calls, 2);
  });

  it('sends a job in the caller’s transaction: a rollback leaves no job', async () => {
    const jobs = newJobs();
    await jobs.start();
    await assert.rejects(
      t.platform.db.transaction().execute(async (trx) => {
        await jobs.send('test.tx', { v: 'rolled back' }, { trx });
        throw new Error('abort');
      }),
      /abort/,
    );
    await t.platform.db.transaction().execute(async (trx) => {
      await jobs.send('test.tx', { v: 'committed' }, { trx });
    });
    const { rows } = await sql<{ v: string }>`select data->>'v' as v from pgboss.job where name = 'test.tx'`.execute(t.testDb.owner);
    assert.deepEqual(rows.map((r) => r.v), ['committed']);
  });

  it('stores a cron schedule', async () => {
    const jobs = newJobs();
    await jobs.start();
    await jobs.schedule('test.nightly', '0 2 * * *', { kind: 'nightly' }, { tz: 'Asia/Shanghai' });
    const { rows } = await sql<{ cron: string; timezone: string }>`
      select cron, timezone from pgboss.schedule where name = 'test.nightly'`.execute(t.testDb.owner);
    assert.deepEqual(rows, [{ cron: '0 2 * * *', timezone: 'Asia/Shanghai' }]);
  });

  it('waits for a running handler when stopping', async () => {
    const jobs = newJobs();
    let started = false;
    let finished = false;
    await jobs.work<object>('test.slow', async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 800));
      finished = true;
    }, { pollingIntervalSeconds: 0.5 });
    await jobs.start();
    const id = await jobs.send('test.slow', {});
    await waitFor(() => (started ? true : undefined));
    await jobs.stop();
    assert.equal(finished, true, 'stop() returned before the handler finished');
    const { rows } = await sql<{ state: string }>`select state::text from pgboss.job where id = ${id}`.execute(t.testDb.owner);
    assert.equal(rows[0]?.state, 'completed');
  });

  it('rejects a queue name pg-boss could misread', async () => {
    const jobs = newJobs();
    await assert.rejects(jobs.send('Bad Name!', {}), /invalid queue name/);
  });
});
