/** Posts (系统管理员), roles and the security policy (安全管理员). */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../http/actor.ts';
import type { RouteOptions } from '../platform.ts';
import { Id, PostView, RoleView, SecurityPolicyView } from '../identity/identity.schemas.ts';

const RoleCode = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _, starting with a letter');

export const accessRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { identity } = platform;
  const { access, users } = identity;

  r.post('/api/admin/users/:id/posts', {
    schema: {
      tags: ['admin'], summary: 'Grant a post: a role at an org unit in your scope (分配岗位)',
      params: z.object({ id: Id }),
      body: z.strictObject({ orgUnitId: z.number().int().positive(), roleCode: RoleCode }),
      response: { 201: PostView.extend({ userId: z.number() }) },
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'platform.post.manage');
    const post = await access.grantPost(actor, req.params.id, req.body, users.findVisibleUser);
    return reply.status(201).send(post);
  });

  r.delete('/api/admin/posts/:id', {
    schema: { tags: ['admin'], summary: 'Revoke a post (撤销岗位)', params: z.object({ id: Id }), response: { 204: z.null() } },
  }, async (req, reply) => {
    await access.revokePost(requirePermission(req, 'platform.post.manage'), req.params.id);
    return reply.status(204).send(null);
  });

  r.get('/api/admin/roles', {
    schema: {
      tags: ['admin'], summary: 'Roles with their permissions, and the permission catalogue (角色管理)',
      response: {
        200: z.object({
          roles: z.array(RoleView),
          catalogue: z.array(z.object({ code: z.string(), name: z.string(), adminKind: z.enum(['sys', 'sec', 'audit']).nullable() })),
        }),
      },
    },
  }, async (req) => {
    requirePermission(req, 'platform.role.manage');
    return access.listRoles();
  });

  r.get('/api/admin/role-options', {
    schema: {
      tags: ['admin'], summary: 'Roles that can be granted as posts, without their permissions (岗位可选角色)',
      response: { 200: z.object({ roles: z.array(RoleView.pick({ code: true, name: true, nameEn: true, adminKind: true })) }) },
    },
  }, async (req) => {
    // The system admin grants posts; the security admin, who edits roles, may see them too.
    if (!req.actor?.permissions.has('platform.role.manage')) requirePermission(req, 'platform.post.manage');
    const { roles } = await access.listRoles();
    return { roles: roles.map(({ code, name, nameEn, adminKind }) => ({ code, name, nameEn, adminKind })) };
  });

  r.post('/api/admin/roles', {
    schema: {
      tags: ['admin'], summary: 'Create a role; permissions of one administrator kind make it that kind',
      body: z.strictObject({
        code: RoleCode,
        name: z.string().min(1).max(50),
        nameEn: z.string().max(100).nullable().optional(),
        permissions: z.array(z.string().max(100)).max(500),
      }),
      response: { 201: RoleView },
    },
  }, async (req, reply) => {
    const role = await access.createRole(requirePermission(req, 'platform.role.manage'), req.body);
    return reply.status(201).send(role);
  });

  r.put('/api/admin/roles/:code/permissions', {
    schema: {
      tags: ['admin'], summary: 'Replace the permissions of a role',
      params: z.object({ code: RoleCode }),
      body: z.strictObject({ permissions: z.array(z.string().max(100)).max(500) }),
      response: { 200: RoleView },
    },
  }, async (req) => access.setRolePermissions(requirePermission(req, 'platform.role.manage'), req.params.code, req.body.permissions));

  r.get('/api/admin/security-policy', {
    schema: { tags: ['admin'], summary: 'Password, lock and session policy in force (安全策略)', response: { 200: SecurityPolicyView } },
  }, async (req) => {
    requirePermission(req, 'platform.policy.manage');
    return identity.getSecurityPolicy();
  });

  r.put('/api/admin/security-policy', {
    schema: {
      tags: ['admin'], summary: 'Change the policy; null returns a value to the server setting',
      body: z.strictObject({
        passwordMinLength: z.number().int().min(8).max(64).nullable().optional(),
        passwordMaxAgeDays: z.number().int().min(1).max(3650).nullable().optional(),
        loginMaxFailures: z.number().int().min(1).max(100).nullable().optional(),
        loginLockMinutes: z.number().int().min(1).max(1440).nullable().optional(),
        sessionIdleMinutes: z.number().int().min(1).max(1440).nullable().optional(),
      }),
      response: { 200: SecurityPolicyView },
    },
  }, async (req) => identity.setSecurityPolicy(requirePermission(req, 'platform.policy.manage'), req.body));
};
