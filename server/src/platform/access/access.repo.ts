/** SQL of roles and posts. Posts are under RLS (scope_path); roles are readable by all staff. */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import type { AdminKind } from './permissions.ts';

type Q = Db | Tx;

export function findRoleByCode(q: Q, code: string) {
  return q.selectFrom('access.roles').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listRolesWithPermissions(q: Q) {
  const roles = await q.selectFrom('access.roles').selectAll().orderBy('builtIn', 'desc').orderBy('id').execute();
  const perms = await q.selectFrom('access.role_permissions').selectAll().orderBy('permission').execute();
  return roles.map((r) => ({ ...r, permissions: perms.filter((p) => p.roleId === r.id).map((p) => p.permission) }));
}

export async function insertRole(trx: Tx, r: { code: string; name: string; nameEn: string | null; adminKind: AdminKind | null; builtIn: boolean }) {
  return trx.insertInto('access.roles').values(r).returningAll().executeTakeFirstOrThrow();
}

export async function replaceRolePermissions(trx: Tx, roleId: number, permissions: readonly string[]): Promise<void> {
  await trx.deleteFrom('access.role_permissions').where('roleId', '=', roleId).execute();
  if (permissions.length) {
    await trx.insertInto('access.role_permissions').values(permissions.map((permission) => ({ roleId, permission }))).execute();
  }
}

export function rolePermissions(q: Q, roleId: number) {
  return q.selectFrom('access.role_permissions').select('permission').where('roleId', '=', roleId).orderBy('permission').execute();
}

/** Active posts of a user visible in the transaction's scope, with their roles' admin kinds. */
export function activePostsOfUser(q: Q, userId: number) {
  return q.selectFrom('access.posts as p').innerJoin('access.roles as r', 'r.id', 'p.roleId')
    .select(['p.id', 'p.orgUnitId', 'p.scopePath', 'r.code as roleCode', 'r.adminKind'])
    .where('p.userId', '=', userId).where('p.active', '=', true).execute();
}

/** Posts of the given users (RLS-filtered), with unit and role names. */
export function postsOfUsers(q: Q, userIds: readonly number[]) {
  if (!userIds.length) return Promise.resolve([]);
  return q.selectFrom('access.posts as p')
    .innerJoin('access.roles as r', 'r.id', 'p.roleId')
    .innerJoin('orgs.org_units as o', 'o.id', 'p.orgUnitId')
    .select(['p.id', 'p.userId', 'p.orgUnitId', 'o.name as orgUnitName', 'o.nameEn as orgUnitNameEn', 'r.code as roleCode',
      'r.name as roleName', 'r.nameEn as roleNameEn', 'p.scopePath', 'r.adminKind'])
    .where('p.userId', 'in', userIds).where('p.active', '=', true).orderBy('p.id').execute();
}

export function insertPost(trx: Tx, p: { userId: number; orgUnitId: number; roleId: number; createdBy: number }) {
  // scope_path is set by the posts_guard trigger from the org unit.
  return trx.insertInto('access.posts').values({ ...p, scopePath: 'cn' }).returningAll().executeTakeFirstOrThrow();
}

export function findPost(q: Q, id: number) {
  return q.selectFrom('access.posts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function endPost(trx: Tx, id: number, byUserId: number) {
  return trx.updateTable('access.posts').set({ active: false, endedAt: new Date(), endedBy: byUserId })
    .where('id', '=', id).where('active', '=', true).executeTakeFirst();
}

/**
 * Grants to the built-in roles whatever BUILT_IN_ROLES has that was never granted before, and
 * creates missing built-in roles. Migration role only (access.built_in_grants is not granted to the app).
 */
export async function syncBuiltInRoles(q: Q, roles: readonly { code: string; name: string; nameEn: string; adminKind: AdminKind | null; permissions: readonly string[] }[]): Promise<number> {
  let added = 0;
  for (const r of roles) {
    await sql`insert into access.roles (code, name, name_en, admin_kind, built_in)
              values (${r.code}, ${r.name}, ${r.nameEn}, ${r.adminKind}, true) on conflict (code) do nothing`.execute(q);
    for (const p of r.permissions) {
      const res = await sql`with g as (
          insert into access.built_in_grants (role_code, permission) values (${r.code}, ${p}) on conflict do nothing returning 1)
        insert into access.role_permissions (role_id, permission)
        select id, ${p} from access.roles where code = ${r.code} and exists (select 1 from g) on conflict do nothing`.execute(q);
      added += Number(res.numAffectedRows ?? 0);
    }
  }
  return added;
}
