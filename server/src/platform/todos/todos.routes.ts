/** `GET /api/todos`: the signed-in staff member's to-dos from every module (workbench home). */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../platform.ts';
import { requireActor } from '../http/actor.ts';
import { AppError } from '../http/errors.ts';

const TodoView = z.object({
  module: z.string(), key: z.string(), count: z.number(), link: z.string(), level: z.enum(['info', 'warning', 'danger']),
});

export const todosRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/todos', {
    schema: {
      tags: ['workbench'], summary: 'To-dos of the active post from every module (待办): counts with links, within one’s permissions and scope',
      response: { 200: z.array(TodoView) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    if (actor.kind !== 'staff') throw new AppError('access.forbidden', 'the workbench is for staff accounts', { permission: 'staff' });
    return platform.todos.collect(actor);
  });
};
