/**
 * The three separated administrators (三员分立, 等保 2.0): which permissions belong to which
 * administrator kind. A role holding one of them is that kind of admin role; no role may hold
 * two kinds, and no user may hold posts of two kinds.
 */
import { PERMISSIONS, type AdminKind, type Permission } from './permissions.ts';

export const ADMIN_ONLY_PERMISSIONS: Record<AdminKind, readonly Permission[]> = {
  sys: ['platform.user.manage', 'platform.post.manage', 'platform.org_unit.manage'],
  sec: ['platform.role.manage', 'platform.policy.manage'],
  audit: ['platform.audit.read', 'platform.audit.verify'],
};

export const ADMIN_KIND_NAMES: Record<AdminKind, string> = { sys: '系统管理员', sec: '安全管理员', audit: '审计管理员' };

export function adminKindOfPermission(p: string): AdminKind | null {
  for (const k of ['sys', 'sec', 'audit'] as const) if ((ADMIN_ONLY_PERMISSIONS[k] as readonly string[]).includes(p)) return k;
  return null;
}

/** Admin kinds a permission set implies; more than one means the set mixes administrators. */
export function adminKindsOf(permissions: readonly string[]): AdminKind[] {
  const kinds = new Set<AdminKind>();
  for (const p of permissions) {
    const k = adminKindOfPermission(p);
    if (k) kinds.add(k);
  }
  return [...kinds];
}

export function isKnownPermission(p: string): p is Permission {
  return Object.hasOwn(PERMISSIONS, p);
}
