/** Account administration (系统管理员): staff accounts in the administrator's scope. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../http/actor.ts';
import type { RouteOptions } from '../platform.ts';
import { Id, UserView } from './identity.schemas.ts';

const Phone = z.string().max(20).nullable().optional();
const Email = z.string().max(200).nullable().optional();

export const usersRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { users } = platform.identity;
  const params = z.object({ id: Id });

  r.get('/api/admin/users', {
    schema: {
      tags: ['admin'], summary: 'Accounts visible in the active post’s scope (用户管理)',
      querystring: z.strictObject({
        q: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      response: { 200: z.object({ items: z.array(UserView), total: z.number() }) },
    },
  }, async (req) => users.listUsers(requirePermission(req, 'platform.user.read'), req.query));

  r.get('/api/admin/users/:id', {
    schema: {
      tags: ['admin'], summary: 'One account; ?reveal=idNumber shows the full ID number and is audited',
      params, querystring: z.strictObject({ reveal: z.enum(['idNumber']).optional() }),
      response: { 200: UserView },
    },
  }, async (req) => users.getUser(requirePermission(req, 'platform.user.read'), req.params.id, req.query.reveal === 'idNumber', req.ip));

  r.post('/api/admin/users', {
    schema: {
      tags: ['admin'], summary: 'Create a staff account with an initial password (must be changed at first login)',
      body: z.strictObject({
        username: z.string().min(3).max(40),
        displayName: z.string().min(1).max(100),
        orgUnitId: z.number().int().positive(),
        phone: Phone,
        email: Email,
        password: z.string().min(1).max(128),
      }),
      response: { 201: UserView },
    },
  }, async (req, reply) => {
    const user = await users.createStaff(requirePermission(req, 'platform.user.manage'), req.body);
    return reply.status(201).send(user);
  });

  r.patch('/api/admin/users/:id', {
    schema: {
      tags: ['admin'], summary: 'Change name, contact or status (disabling ends the sessions)',
      params,
      body: z.strictObject({
        displayName: z.string().min(1).max(100).optional(),
        phone: Phone,
        email: Email,
        status: z.enum(['active', 'disabled']).optional(),
      }),
      response: { 200: UserView },
    },
  }, async (req) => users.updateUser(requirePermission(req, 'platform.user.manage'), req.params.id, req.body));

  r.post('/api/admin/users/:id/unlock', {
    schema: { tags: ['admin'], summary: 'Lift a login lock (解锁)', params, response: { 200: UserView } },
  }, async (req) => users.unlockUser(requirePermission(req, 'platform.user.manage'), req.params.id));

  r.post('/api/admin/users/:id/reset-password', {
    schema: {
      tags: ['admin'], summary: 'Set a new password the user must change; without newPassword a temporary one is generated and returned once',
      params,
      body: z.strictObject({ newPassword: z.string().min(1).max(128).optional() }).optional(),
      response: { 200: z.object({ temporaryPassword: z.string().optional() }) },
    },
  }, async (req) => users.resetPassword(requirePermission(req, 'platform.user.manage'), req.params.id, req.body?.newPassword));
};
