/** Response and request schemas of the identity and access routes (also the OpenAPI document). */
import { z } from 'zod';

export const PostView = z.object({
  id: z.number(), orgUnitId: z.number(), orgUnitName: z.string(), orgUnitNameEn: z.string().nullable(),
  roleCode: z.string(), roleName: z.string(), roleNameEn: z.string().nullable(), scopePath: z.string(),
});

export const MeView = z.object({
  user: z.object({ id: z.number(), username: z.string(), displayName: z.string(), kind: z.enum(['staff', 'public']) }),
  posts: z.array(PostView),
  activePostId: z.number().nullable(),
  permissions: z.array(z.string()),
  totpEnabled: z.boolean(),
  totpSetupRequired: z.boolean(),
  /** ISO time; null for public accounts, whose passwords do not expire. */
  passwordExpiresAt: z.string().nullable(),
});

export const UserView = z.object({
  id: z.number(), username: z.string(), displayName: z.string(), kind: z.enum(['staff', 'public']),
  status: z.enum(['active', 'disabled']), orgUnitId: z.number().nullable(), orgUnitName: z.string().nullable(),
  phone: z.string().nullable(), email: z.string().nullable(),
  publicKind: z.enum(['person', 'company']).nullable(), legalName: z.string().nullable(), idNumber: z.string().nullable(),
  totpEnabled: z.boolean(), mustChangePassword: z.boolean(), failedLogins: z.number(), lockedUntil: z.string().nullable(),
  passwordChangedAt: z.string(), lastLoginAt: z.string().nullable(), createdAt: z.string(),
  posts: z.array(PostView),
});

export const SecurityPolicyView = z.object({
  passwordMinLength: z.number(), passwordMaxAgeDays: z.number(), loginMaxFailures: z.number(),
  loginLockMinutes: z.number(), sessionIdleMinutes: z.number(),
});

export const RoleView = z.object({
  code: z.string(), name: z.string(), nameEn: z.string().nullable(), adminKind: z.enum(['sys', 'sec', 'audit']).nullable(),
  builtIn: z.boolean(), permissions: z.array(z.string()),
});

export const Id = z.coerce.number().int().positive();
export const Ok = z.object({ ok: z.literal(true) });
