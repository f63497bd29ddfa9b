/**
 * Roles (security administrator) and posts (system administrator). Each rule is checked here
 * and, where it guards separation of duties or scope, again by PostgreSQL (RLS, posts_guard).
 */
import type { Db } from '../db/database.ts';
import { withContext, type Tx } from '../db/context.ts';
import type { AuditService } from '../audit/index.ts';
import type { OrgsService } from '../orgs/index.ts';
import { actorContext, type Actor } from '../http/actor.ts';
import { AppError, invalid } from '../http/errors.ts';
import { ADMIN_KIND_NAMES, adminKindOfPermission, adminKindsOf, isKnownPermission } from './admin-kinds.ts';
import { PERMISSIONS, type AdminKind } from './permissions.ts';
import * as repo from './access.repo.ts';

export interface AccessDeps {
  db: Db;
  audit: AuditService;
  orgs: OrgsService;
}

/** True when `path` lies inside the subtree `scope` (ltree <@). */
export function pathInScope(path: string, scope: string | null): boolean {
  return scope !== null && (path === scope || path.startsWith(scope + '.'));
}

function pgCode(e: unknown): string | undefined {
  return (e as { code?: string }).code;
}

function adminConflict(kind: AdminKind, other: AdminKind | string): AppError {
  return new AppError('identity.admin_roles_conflict',
    `roleCode: this user already holds a ${other} administrator post; one account may not be two of the three administrators (三员分立)`,
    { field: 'roleCode', adminKind: kind, heldAdminKind: other });
}

function checkPermissions(permissions: readonly string[]): string[] {
  const unique = [...new Set(permissions)];
  for (const p of unique) if (!isKnownPermission(p)) throw invalid('permissions', `unknown permission ${p}`, `权限 ${p} 不存在`);
  return unique.sort();
}

export function createAccessService({ db, audit, orgs }: AccessDeps) {
  async function listRoles() {
    const roles = await repo.listRolesWithPermissions(db);
    return {
      roles: roles.map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn, adminKind: r.adminKind, builtIn: r.builtIn, permissions: r.permissions })),
      catalogue: Object.entries(PERMISSIONS).map(([code, name]) => ({ code, name, adminKind: adminKindOfPermission(code) })),
    };
  }

  async function createRole(actor: Actor, input: { code: string; name: string; nameEn?: string | null; permissions: string[] }) {
    const permissions = checkPermissions(input.permissions);
    const kinds = adminKindsOf(permissions);
    if (kinds.length > 1) {
      throw new AppError('access.role_mixes_admin_kinds', `permissions: mixes the duties of ${kinds.map((k) => ADMIN_KIND_NAMES[k]).join(' and ')}`, { field: 'permissions', adminKinds: kinds });
    }
    return withContext(db, actorContext(actor), async (trx) => {
      if (await repo.findRoleByCode(trx, input.code)) throw new AppError('access.role_exists', `code: role ${input.code} exists`, { field: 'code' });
      const role = await repo.insertRole(trx, { code: input.code, name: input.name, nameEn: input.nameEn ?? null, adminKind: kinds[0] ?? null, builtIn: false });
      await repo.replaceRolePermissions(trx, role.id, permissions);
      await audit.record(trx, actor, { action: 'access.role.created', entityType: 'role', entityId: role.code, details: { name: role.name, adminKind: role.adminKind, permissions } });
      return { code: role.code, name: role.name, nameEn: role.nameEn, adminKind: role.adminKind, builtIn: role.builtIn, permissions };
    });
  }

  /** Replaces a role's permissions; an admin role keeps its kind and a plain role stays plain. */
  async function setRolePermissions(actor: Actor, code: string, input: string[]) {
    const permissions = checkPermissions(input);
    return withContext(db, actorContext(actor), async (trx) => {
      const role = await repo.findRoleByCode(trx, code);
      if (!role) throw new AppError('access.role_not_found', `role ${code} not found`, { field: 'code' });
      const kinds = adminKindsOf(permissions);
      const foreign = kinds.filter((k) => k !== role.adminKind);
      if (foreign.length) {
        throw new AppError('access.role_mixes_admin_kinds',
          `permissions: ${role.adminKind ? `a ${ADMIN_KIND_NAMES[role.adminKind]} role` : 'a role that is not an administrator role'} cannot take duties of ${foreign.map((k) => ADMIN_KIND_NAMES[k]).join(', ')}`,
          { field: 'permissions', adminKinds: foreign });
      }
      const before = (await repo.rolePermissions(trx, role.id)).map((p) => p.permission);
      await repo.replaceRolePermissions(trx, role.id, permissions);
      await audit.record(trx, actor, {
        action: 'access.role.permissions_changed', entityType: 'role', entityId: role.code,
        details: { added: permissions.filter((p) => !before.includes(p)), removed: before.filter((p) => !permissions.includes(p)) },
      });
      return { code: role.code, name: role.name, nameEn: role.nameEn, adminKind: role.adminKind, builtIn: role.builtIn, permissions };
    });
  }

  /**
   * Grants a post. The org unit must lie in the actor's scope; the target user must be visible
   * in it (RLS) and a staff member; no user may hold two admin kinds; nobody grants themselves
   * the security or audit administrator.
   */
  async function grantPost(actor: Actor, userId: number, input: { orgUnitId: number; roleCode: string }, findUser: (trx: Tx, id: number) => Promise<{ id: number; kind: string; username: string } | undefined>) {
    return withContext(db, actorContext(actor), async (trx) => {
      const unit = await orgs.getOrgUnit(input.orgUnitId, trx);
      if (!pathInScope(unit.path, actor.scopePath)) {
        throw new AppError('access.out_of_scope', `orgUnitId: ${unit.name} is outside your scope`, { field: 'orgUnitId' });
      }
      const user = await findUser(trx, userId);
      if (!user) throw new AppError('identity.user_not_found', `user ${userId} not found`);
      if (user.kind !== 'staff') throw invalid('userId', 'public accounts hold no posts', '公众账号不能分配岗位');
      const role = await repo.findRoleByCode(trx, input.roleCode);
      if (!role) throw new AppError('access.role_not_found', `roleCode: role ${input.roleCode} not found`, { field: 'roleCode' });
      if (role.adminKind && role.adminKind !== 'sys' && userId === actor.userId) {
        throw new AppError('access.self_grant_forbidden', `roleCode: you cannot make yourself ${ADMIN_KIND_NAMES[role.adminKind]}`, { field: 'roleCode' });
      }
      if (role.adminKind) {
        const held = (await repo.activePostsOfUser(trx, userId)).find((p) => p.adminKind && p.adminKind !== role.adminKind);
        if (held?.adminKind) throw adminConflict(role.adminKind, held.adminKind);
      }
      let post;
      try {
        post = await repo.insertPost(trx, { userId, orgUnitId: unit.id, roleId: role.id, createdBy: actor.userId });
      } catch (e) {
        // posts_guard sees posts outside the actor's scope too.
        if (pgCode(e) === 'SL409' && role.adminKind) throw adminConflict(role.adminKind, 'another');
        if (pgCode(e) === '23505') throw new AppError('access.post_exists', 'the user already holds this role at this unit', { field: 'roleCode' });
        throw e;
      }
      await audit.record(trx, actor, {
        action: 'access.post.granted', entityType: 'post', entityId: post.id, orgPath: unit.path,
        details: { userId, username: user.username, orgUnitId: unit.id, orgUnitCode: unit.code, roleCode: role.code },
      });
      return {
        id: post.id, userId, orgUnitId: unit.id, orgUnitName: unit.name, orgUnitNameEn: unit.nameEn,
        roleCode: role.code, roleName: role.name, roleNameEn: role.nameEn, scopePath: post.scopePath,
      };
    });
  }

  async function revokePost(actor: Actor, postId: number) {
    return withContext(db, actorContext(actor), async (trx) => {
      const post = await repo.findPost(trx, postId);
      if (!post || !pathInScope(post.scopePath, actor.scopePath)) throw new AppError('access.post_not_found', `post ${postId} not found`);
      if (!post.active) throw new AppError('access.post_not_found', `post ${postId} is already revoked`);
      await repo.endPost(trx, postId, actor.userId);
      await audit.record(trx, actor, {
        action: 'access.post.revoked', entityType: 'post', entityId: postId, orgPath: post.scopePath,
        details: { userId: post.userId, orgUnitId: post.orgUnitId, roleId: post.roleId },
      });
    });
  }

  return { listRoles, createRole, setRolePermissions, grantPost, revokePost, postsOfUsers: repo.postsOfUsers };
}

export type AccessService = ReturnType<typeof createAccessService>;
