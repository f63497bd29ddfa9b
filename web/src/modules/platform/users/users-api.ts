/** Shapes and calls of the user administration API (`/api/admin/users`, `/api/admin/posts`). */
import { api } from '../../../app/api.ts';
import { itemsOf, totalOf } from '../../../components/useLoad.ts';

export interface AdminPost {
  id: number;
  orgUnitId: number;
  orgUnitName?: string;
  orgUnitNameEn?: string | null;
  roleCode: string;
  roleName?: string;
  roleNameEn?: string | null;
}

export interface AdminUser {
  id: number;
  username: string;
  displayName: string;
  kind: 'staff' | 'public';
  orgUnitId: number | null;
  orgUnitName: string | null;
  phone: string | null;
  email: string | null;
  status: 'active' | 'disabled';
  lockedUntil: string | null;
  failedLogins?: number;
  totpEnabled: boolean;
  mustChangePassword?: boolean;
  lastLoginAt: string | null;
  posts: AdminPost[];
}

export interface UserPage {
  items: AdminUser[];
  total: number;
}

export async function listUsers(q: string, limit: number, offset: number): Promise<UserPage> {
  const d = await api.get<unknown>('/api/admin/users', { q, limit, offset });
  const items = itemsOf<AdminUser>(d);
  return { items, total: totalOf(d, offset + items.length) };
}

export interface RoleOption {
  code: string;
  name: string;
  nameEn?: string | null;
}
