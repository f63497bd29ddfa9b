import type { Generated } from 'kysely';
import type { AdminKind } from './permissions.ts';

export interface RolesTable {
  id: Generated<number>;
  code: string;
  name: string;
  nameEn: string | null;
  adminKind: AdminKind | null;
  builtIn: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface RolePermissionsTable {
  roleId: number;
  permission: string;
}

export interface BuiltInGrantsTable {
  roleCode: string;
  permission: string;
  grantedAt: Generated<Date>;
}

export interface PostsTable {
  id: Generated<number>;
  userId: number;
  orgUnitId: number;
  roleId: number;
  /** Set by the posts_guard trigger from the org unit; any value given is overwritten. */
  scopePath: string;
  active: Generated<boolean>;
  createdAt: Generated<Date>;
  createdBy: number | null;
  endedAt: Date | null;
  endedBy: number | null;
}

export interface AccessTables {
  'access.roles': RolesTable;
  'access.role_permissions': RolePermissionsTable;
  'access.built_in_grants': BuiltInGrantsTable;
  'access.posts': PostsTable;
}
