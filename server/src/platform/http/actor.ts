/**
 * The authenticated actor of a request. The identity module fills `request.actor` from the
 * session cookie; routes call `requireActor` / `requirePermission` before doing work.
 */
import type { FastifyRequest } from 'fastify';
import type { DbContext, SessionCheck } from '../db/context.ts';
import { AppError } from './errors.ts';

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  kind: 'staff' | 'public';
  sessionId: string;
  /** The active post (岗位) chosen in the post switcher; null for public accounts. */
  postId: number | null;
  orgUnitId: number | null;
  /** ltree subtree the actor acts in (from the active post); null for public accounts. */
  scopePath: string | null;
  roles: readonly string[];
  permissions: ReadonlySet<string>;
  /** Set when the session came from the process cache: confirmed by the first scoped statement (or before the answer). */
  session?: SessionCheck | undefined;
}

/**
 * Who acts in a module's use case: a request's Actor fits, and so does a user read for a
 * scheduled job or a test (no session, no role list).
 */
export type ActingUser = Pick<Actor, 'userId' | 'username' | 'displayName' | 'kind' | 'postId' | 'orgUnitId' | 'scopePath' | 'permissions'>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('auth.unauthenticated', 'login required');
  return req.actor;
}

/** Throws access.forbidden unless the actor's active post grants `permission`. */
export function requirePermission(req: FastifyRequest, permission: string): Actor {
  const actor = requireActor(req);
  if (!actor.permissions.has(permission)) {
    throw new AppError('access.forbidden', `missing permission ${permission}`, { permission });
  }
  return actor;
}

/** The database context (RLS) of an actor. */
export function actorContext(actor: Actor | null): DbContext {
  if (!actor) return { userId: null, scopes: [] };
  return { userId: actor.userId, scopes: actor.scopePath ? [actor.scopePath] : [], ...(actor.session ? { session: actor.session } : {}) };
}
