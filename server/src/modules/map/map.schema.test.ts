import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';

const t: TestApp = await startTestApp();

describe('map schema (0300_map_layers.sql)', () => {
  it('has the three tables with RLS enabled', async () => {
    const { rows } = await sql<{ relname: string; rls: boolean }>`
      select c.relname, c.relrowsecurity as rls from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'map' and c.relkind = 'r' order by 1`.execute(t.testDb.owner);
    assert.deepEqual(rows, [
      { relname: 'feature_versions', rls: true },
      { relname: 'features', rls: true },
      { relname: 'layers', rls: true },
    ]);
  });
});
