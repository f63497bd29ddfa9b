import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import { listMigrations } from '../db/migrate.ts';

const t: TestApp = await startTestApp();

describe('/readyz for a load balancer', () => {
  it('is ready when the database answers and every migration is applied', async () => {
    const res = await t.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(json(res), { status: 'ready' });
  });

  it('is not ready (503, naming the pending migrations) while a migration of this build is missing; /healthz still answers', async () => {
    const last = listMigrations().at(-1)!.version;
    const owner = t.testDb.owner;
    const row = await sql<{ checksum: string; at: Date }>`select checksum, applied_at as at from platform.schema_migrations where version = ${last}`.execute(owner);
    await sql`delete from platform.schema_migrations where version = ${last}`.execute(owner);
    try {
      const res = await t.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.deepEqual(json(res), { status: 'migrating', pending: [last] });
      assert.equal((await t.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    } finally {
      await sql`insert into platform.schema_migrations (version, checksum, applied_at) values (${last}, ${row.rows[0]!.checksum}, ${row.rows[0]!.at})`.execute(owner);
    }
    assert.equal((await t.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
  });
});
