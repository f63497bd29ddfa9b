/**
 * Who gets supervision messages: staff whose active post grants a permission at a place.
 * Reads the access platform's posts and role grants (the access service exposes no such
 * query yet; move this there when it does).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';

/** Users whose active post grants `permission` and whose scope covers `orgPath` (e.g. leaders of the bureau). */
export async function usersCovering(trx: Tx, permission: string, orgPath: string): Promise<number[]> {
  const { rows } = await sql<{ userId: number }>`
    select distinct p.user_id as "userId" from access.posts p
    join access.role_permissions rp on rp.role_id = p.role_id and rp.permission = ${permission}
    where p.active and p.scope_path @> ${orgPath}::ltree`.execute(trx);
  return rows.map((r) => Number(r.userId));
}

/** Users whose active post is at one of `unitPaths` (departments of a stage) and grants `permission`. */
export async function usersAtUnits(trx: Tx, permission: string, unitPaths: string[]): Promise<number[]> {
  if (!unitPaths.length) return [];
  const { rows } = await sql<{ userId: number }>`
    select distinct p.user_id as "userId" from access.posts p
    join access.role_permissions rp on rp.role_id = p.role_id and rp.permission = ${permission}
    join orgs.org_units u on u.id = p.org_unit_id
    where p.active and u.path::text = any(${unitPaths})`.execute(trx);
  return rows.map((r) => Number(r.userId));
}

/** Supervisors and the subtree each watches: one row per active post granting `permission`. */
export async function postsHolding(trx: Tx, permission: string): Promise<{ userId: number; scopePath: string }[]> {
  const { rows } = await sql<{ userId: number; scopePath: string }>`
    select distinct p.user_id as "userId", p.scope_path::text as "scopePath" from access.posts p
    join access.role_permissions rp on rp.role_id = p.role_id and rp.permission = ${permission}
    where p.active`.execute(trx);
  return rows.map((r) => ({ userId: Number(r.userId), scopePath: r.scopePath }));
}
