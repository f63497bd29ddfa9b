/**
 * Account administration by the system administrator (系统管理员): staff accounts inside the
 * administrator's scope, enforced here and by RLS on identity.users.
 */
import { sql } from 'kysely';
import { withContext, type Tx } from '../db/context.ts';
import { actorContext, type Actor } from '../http/actor.ts';
import { AppError, invalid } from '../http/errors.ts';
import { pathInScope, type AccessService } from '../access/access.service.ts';
import * as repo from './identity.repo.ts';
import { maskIdNumber } from './id-numbers.ts';
import type { IdentityDeps } from './login.ts';
import { assertNewPassword } from './login.ts';
import { assertPasswordStrong, hashPassword, temporaryPassword } from './passwords.ts';
import { effectivePolicy } from './security-policy.ts';
import { clearName } from './throttle.ts';

const USERNAME = /^[a-z][a-z0-9_.-]{2,39}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^1[3-9]\d{9}$/;

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUser>>>;

export interface UserPostView {
  id: number; orgUnitId: number; orgUnitName: string; orgUnitNameEn: string | null;
  roleCode: string; roleName: string; roleNameEn: string | null; scopePath: string;
}

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  kind: 'staff' | 'public';
  status: 'active' | 'disabled';
  orgUnitId: number | null;
  orgUnitName: string | null;
  phone: string | null;
  email: string | null;
  publicKind: 'person' | 'company' | null;
  legalName: string | null;
  /** Masked (5203**********1234) unless revealed with ?reveal=idNumber, which is audited. */
  idNumber: string | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  passwordChangedAt: string;
  lastLoginAt: string | null;
  createdAt: string;
  posts: UserPostView[];
}

export interface CreateStaffInput {
  username: string;
  displayName: string;
  orgUnitId: number;
  phone?: string | null;
  email?: string | null;
  password: string;
}

export interface UpdateUserInput {
  displayName?: string;
  phone?: string | null;
  email?: string | null;
  status?: 'active' | 'disabled';
}

function checkContact(phone: string | null | undefined, email: string | null | undefined): void {
  if (phone && !PHONE.test(phone)) throw new AppError('identity.phone_invalid', 'phone: a mainland mobile number of 11 digits', { field: 'phone' });
  if (email && !EMAIL.test(email)) throw invalid('email', 'not an e-mail address', '不是有效的电子邮箱地址');
}

export function createUsersService(deps: IdentityDeps, access: AccessService) {
  const { db, audit, env, orgs } = deps;

  async function present(trx: Tx, rows: (UserRow & { orgUnitName: string | null })[], reveal = false): Promise<UserView[]> {
    const posts = await access.postsOfUsers(trx, rows.map((r) => r.id));
    return rows.map((u) => ({
      id: u.id, username: u.username, displayName: u.displayName, kind: u.kind, status: u.status,
      orgUnitId: u.orgUnitId, orgUnitName: u.orgUnitName, phone: u.phone, email: u.email,
      publicKind: u.publicKind, legalName: u.legalName,
      idNumber: u.idNumber ? (reveal ? u.idNumber : maskIdNumber(u.idNumber)) : null,
      totpEnabled: u.totpEnabled, mustChangePassword: u.mustChangePassword, failedLogins: u.failedLogins,
      lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
      passwordChangedAt: u.passwordChangedAt.toISOString(),
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null, createdAt: u.createdAt.toISOString(),
      posts: posts.filter((p) => p.userId === u.id).map(({ userId: _u, adminKind: _k, ...p }) => p),
    }));
  }

  function selectUsers(trx: Tx) {
    return trx.selectFrom('identity.users as u').leftJoin('orgs.org_units as o', 'o.id', 'u.orgUnitId')
      .selectAll('u').select('o.name as orgUnitName');
  }

  async function getVisible(trx: Tx, id: number) {
    const u = await selectUsers(trx).where('u.id', '=', id).executeTakeFirst();
    if (!u) throw new AppError('identity.user_not_found', `user ${id} not found`);
    return u;
  }

  /** Users visible in the actor's scope (RLS does the filtering; no scope condition here). */
  async function listUsers(actor: Actor, f: { q?: string; limit: number; offset: number }) {
    return withContext(db, actorContext(actor), async (trx) => {
      let q = selectUsers(trx);
      let count = trx.selectFrom('identity.users as u').select(sql<number>`count(*)::int`.as('n'));
      if (f.q) {
        const like = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
        const cond = sql<boolean>`(u.username ilike ${like} or u.display_name ilike ${like} or u.phone like ${like})`;
        q = q.where(cond);
        count = count.where(cond);
      }
      const rows = await q.orderBy('u.kind', 'desc').orderBy('u.username').limit(f.limit).offset(f.offset).execute();
      const total = (await count.executeTakeFirstOrThrow()).n;
      return { items: await present(trx, rows), total };
    });
  }

  /** One user; `reveal` shows the full ID number and writes identity.id_number.read to the audit log. */
  async function getUser(actor: Actor, id: number, reveal: boolean, ip: string | null) {
    return withContext(db, actorContext(actor), async (trx) => {
      const u = await getVisible(trx, id);
      if (reveal && u.idNumber) {
        await audit.record(trx, actor, {
          action: 'identity.id_number.read', entityType: 'user', entityId: u.id, orgPath: u.orgPath,
          details: { fields: ['idNumber'], publicKind: u.publicKind }, ip,
        });
      }
      return (await present(trx, [u], reveal))[0]!;
    });
  }

  async function createStaff(actor: Actor, input: CreateStaffInput) {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) throw invalid('username', 'use 3–40 lower-case letters, digits, _ . -, starting with a letter', '应为3至40个小写字母、数字或“_ . -”，以字母开头');
    checkContact(input.phone, input.email);
    const policy = await effectivePolicy(db, env);
    assertPasswordStrong(input.password, policy.passwordMinLength, 'password', username);
    const passwordHash = await hashPassword(input.password);
    return withContext(db, actorContext(actor), async (trx) => {
      const unit = await orgs.getOrgUnit(input.orgUnitId, trx);
      if (!pathInScope(unit.path, actor.scopePath)) throw new AppError('access.out_of_scope', `orgUnitId: ${unit.name} is outside your scope`, { field: 'orgUnitId' });
      const taken = await repo.loginLookup(trx, username);
      if (taken) throw new AppError('identity.username_taken', `username: ${username} is taken`, { field: 'username' });
      const user = await trx.insertInto('identity.users').values({
        username, displayName: input.displayName.trim(), kind: 'staff', orgUnitId: unit.id, orgPath: unit.path,
        phone: input.phone ?? null, email: input.email ?? null, passwordHash, mustChangePassword: true,
        totpSecret: null, totpLastStep: null, lockedUntil: null, publicKind: null, idNumber: null, legalName: null, lastLoginAt: null,
      }).returning('id').executeTakeFirstOrThrow().catch((e: { code?: string }) => {
        if (e.code === '23505') throw new AppError('identity.username_taken', `username: ${username} is taken`, { field: 'username' });
        throw e;
      });
      await trx.insertInto('identity.password_history').values({ userId: user.id, passwordHash }).execute();
      await audit.record(trx, actor, {
        action: 'identity.user.created', entityType: 'user', entityId: user.id, orgPath: unit.path,
        details: { username, displayName: input.displayName, orgUnitId: unit.id },
      });
      return (await present(trx, [await getVisible(trx, user.id)]))[0]!;
    });
  }

  async function updateUser(actor: Actor, id: number, input: UpdateUserInput) {
    checkContact(input.phone, input.email);
    if (input.displayName !== undefined && !input.displayName.trim()) throw invalid('displayName', 'required', '必须填写');
    return withContext(db, actorContext(actor), async (trx) => {
      const u = await getVisible(trx, id);
      if (input.status === 'disabled' && id === actor.userId) throw invalid('status', 'you cannot disable your own account', '不能停用自己的账号');
      const changes = { ...input, ...(input.displayName !== undefined ? { displayName: input.displayName.trim() } : {}) };
      if (Object.keys(changes).length) await trx.updateTable('identity.users').set(changes).where('id', '=', id).execute();
      if (input.status === 'disabled' && u.status !== 'disabled') await repo.endUserSessions(trx, id, 'disabled');
      await audit.record(trx, actor, {
        action: input.status && input.status !== u.status ? `identity.user.${input.status === 'disabled' ? 'disabled' : 'enabled'}` : 'identity.user.updated',
        entityType: 'user', entityId: id, orgPath: u.orgPath, details: { changes: Object.keys(changes) },
      });
      return (await present(trx, [await getVisible(trx, id)]))[0]!;
    });
  }

  async function unlockUser(actor: Actor, id: number) {
    return withContext(db, actorContext(actor), async (trx) => {
      const u = await getVisible(trx, id);
      await trx.updateTable('identity.users').set({ failedLogins: 0, lockedUntil: null }).where('id', '=', id).execute();
      // Forget the proof-of-work step of every name the account signs in with.
      for (const name of [u.username, u.phone, u.idNumber]) if (name) await clearName(trx, name);
      await audit.record(trx, actor, { action: 'identity.user.unlocked', entityType: 'user', entityId: id, orgPath: u.orgPath, details: {} });
      return (await present(trx, [await getVisible(trx, id)]))[0]!;
    });
  }

  /** Sets a new password the user must change at the next login; ends their sessions. */
  async function resetPassword(actor: Actor, id: number, newPassword: string | undefined) {
    const policy = await effectivePolicy(db, env);
    const generated = newPassword === undefined;
    const password = newPassword ?? temporaryPassword();
    const hash = await hashPassword(password);
    return withContext(db, actorContext(actor), async (trx) => {
      const u = await getVisible(trx, id);
      await assertNewPassword(trx, u.id, u.username, u.passwordHash, password, policy.passwordMinLength);
      await repo.setPassword(trx, id, hash, u.kind === 'staff');
      const ended = await repo.endUserSessions(trx, id, 'password_changed');
      await audit.record(trx, actor, { action: 'identity.password.reset', entityType: 'user', entityId: id, orgPath: u.orgPath, details: { endedSessions: ended } });
      return generated ? { temporaryPassword: password } : {};
    });
  }

  return { listUsers, getUser, createStaff, updateUser, unlockUser, resetPassword, findVisibleUser: (trx: Tx, id: number) => repo.findUser(trx, id) };
}

export type UsersService = ReturnType<typeof createUsersService>;
