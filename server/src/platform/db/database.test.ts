import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDb } from '../../../test/harness.ts';
import { assertApplicationRole, createDb, createPool, withCredentials } from './database.ts';
import { withContext } from './context.ts';

const tdb = await createTestDb();
after(() => tdb.drop());

describe('application role', () => {
  it('accepts the application role, which owns nothing and has no BYPASSRLS', async () => {
    const app = createDb(createPool(tdb.appUrl, 1));
    try {
      await assertApplicationRole(app);
    } finally {
      await app.destroy();
    }
  });

  it('refuses a superuser', async () => {
    await assert.rejects(assertApplicationRole(tdb.owner), /refusing to run as superuser/);
  });

  it('refuses a BYPASSRLS role and a role that owns tables', async () => {
    const suffix = tdb.name.slice(-12);
    const bypass = `t_bypass_${suffix}`;
    const owner = `t_owner_${suffix}`;
    await sql.raw(`create role ${bypass} login password 'pw' bypassrls; create role ${owner} login password 'pw';
      create table public.owned_${suffix} (x int); alter table public.owned_${suffix} owner to ${owner};`).execute(tdb.owner);
    try {
      for (const [role, re] of [[bypass, /BYPASSRLS/], [owner, /owns 1 tables/]] as const) {
        const db = createDb(createPool(withCredentials(tdb.ownerUrl, role, 'pw'), 1));
        try {
          await assert.rejects(assertApplicationRole(db), re);
        } finally {
          await db.destroy();
        }
      }
    } finally {
      await sql.raw(`drop table public.owned_${suffix}; drop role ${bypass}; drop role ${owner};`).execute(tdb.owner);
    }
  });

  it('lets the application role change org units only inside its scope (RLS WITH CHECK)', async () => {
    const app = createDb(createPool(tdb.appUrl, 1));
    try {
      const huichuan = await app.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520303-B').executeTakeFirstOrThrow();
      // 播州区 scope: renaming a 汇川区 unit silently matches no row …
      const res = await withContext(app, { userId: null, scopes: ['cn.p52.c5203.x520304'] }, (trx) =>
        trx.updateTable('orgs.org_units').set({ name: 'hijacked' }).where('id', '=', huichuan.id).executeTakeFirst(),
      );
      assert.equal(Number(res.numUpdatedRows), 0);
      // … and creating a unit under 汇川区 is refused by the policy.
      await assert.rejects(
        withContext(app, { userId: null, scopes: ['cn.p52.c5203.x520304'] }, (trx) =>
          trx.insertInto('orgs.org_units').values({
            parentId: huichuan.id, divisionCode: '520303', kind: 'department', code: 'X-EVIL', name: 'x', nameEn: null,
            level: 'county', path: `${huichuan.path}.evil`, scopePath: huichuan.path,
          }).execute(),
        ),
        /row-level security/,
      );
      // Without any scope nothing can be written at all.
      await assert.rejects(
        app.insertInto('orgs.org_units').values({
          parentId: huichuan.id, divisionCode: '520303', kind: 'department', code: 'X-EVIL2', name: 'x', nameEn: null,
          level: 'county', path: `${huichuan.path}.evil2`, scopePath: huichuan.path,
        }).execute(),
        /row-level security/,
      );
      const name = await tdb.owner.selectFrom('orgs.org_units').select('name').where('id', '=', huichuan.id).executeTakeFirstOrThrow();
      assert.equal(name.name, '遵义市汇川区自然资源局');
    } finally {
      await app.destroy();
    }
  });
});
