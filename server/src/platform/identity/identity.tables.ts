import type { Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  kind: 'staff' | 'public';
  orgUnitId: number | null;
  orgPath: string | null;
  phone: string | null;
  email: string | null;
  status: Generated<'active' | 'disabled'>;
  passwordHash: string;
  passwordChangedAt: Generated<Date>;
  mustChangePassword: Generated<boolean>;
  failedLogins: Generated<number>;
  lockedUntil: Date | null;
  totpSecret: string | null;
  totpEnabled: Generated<boolean>;
  totpLastStep: number | null;
  publicKind: 'person' | 'company' | null;
  idNumber: string | null;
  legalName: string | null;
  createdAt: Generated<Date>;
  lastLoginAt: Date | null;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  userId: number;
  passwordHash: string;
  createdAt: Generated<Date>;
}

export type SessionEndReason = 'logout' | 'idle' | 'expired' | 'disabled' | 'password_changed' | 'locked';

export interface SessionsTable {
  id: string;
  userId: number;
  activePostId: number | null;
  createdAt: Generated<Date>;
  lastSeenAt: Generated<Date>;
  expiresAt: Date;
  endedAt: Date | null;
  endReason: SessionEndReason | null;
  ip: string | null;
  userAgent: string | null;
}

export interface SmsCodesTable {
  id: Generated<number>;
  phone: string;
  purpose: 'register' | 'login';
  codeHash: string;
  createdAt: Generated<Date>;
  expiresAt: Date;
  attempts: Generated<number>;
  usedAt: Date | null;
  ip: string | null;
}

export interface SecurityPolicyTable {
  id: Generated<boolean>;
  passwordMinLength: number | null;
  passwordMaxAgeDays: number | null;
  loginMaxFailures: number | null;
  loginLockMinutes: number | null;
  sessionIdleMinutes: number | null;
  updatedAt: Date | null;
  updatedBy: number | null;
}

export interface IdentityTables {
  'identity.users': UsersTable;
  'identity.password_history': PasswordHistoryTable;
  'identity.sessions': SessionsTable;
  'identity.sms_codes': SmsCodesTable;
  'identity.security_policy': SecurityPolicyTable;
}
