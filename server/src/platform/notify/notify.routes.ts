import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorContext, requireActor, requirePermission } from '../http/actor.ts';
import { AppError } from '../http/errors.ts';
import { withContext } from '../db/context.ts';
import type { RouteOptions } from '../platform.ts';

const InboxItem = z.object({
  id: z.number(),
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});

const SmsMessage = z.object({ id: z.number(), phone: z.string(), body: z.string(), confidential: z.boolean(), createdAt: z.date() });

export const notifyRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { notify, db, audit } = platform;

  // Open SSE streams would keep http.close() waiting forever: end them first.
  app.addHook('preClose', async () => notify.hub.closeAll());
  app.addHook('onClose', async () => notify.shutdown());

  r.get('/api/notifications', {
    schema: {
      tags: ['notify'], summary: 'My in-app notifications (站内信), newest first',
      querystring: z.strictObject({
        unread: z.enum(['true', 'false']).optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ items: z.array(InboxItem), unread: z.number() }) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    const { unread, before, limit } = req.query;
    // The page and the unread count in one statement.
    return withContext(db, actorContext(actor), (trx) => notify.listInboxWithUnread(trx, { unread: unread === 'true', beforeId: before, limit }));
  });

  // Marking one's own notifications read is not audited: it changes nothing but the reader's view.
  r.post('/api/notifications/:id/read', {
    schema: {
      tags: ['notify'], summary: 'Mark a notification read',
      params: z.object({ id: z.coerce.number().int().positive() }),
      response: { 200: InboxItem },
    },
  }, async (req) => {
    const actor = requireActor(req);
    const item = await withContext(db, actorContext(actor), (trx) => notify.markRead(trx, req.params.id));
    // Another user's item is invisible under RLS, so it reads as not found.
    if (!item) throw new AppError('not_found', `notification ${req.params.id} not found`, { field: 'id' });
    return item;
  });

  r.post('/api/notifications/read-all', {
    schema: { tags: ['notify'], summary: 'Mark all my notifications read', response: { 200: z.object({ updated: z.number() }) } },
  }, async (req) => {
    const actor = requireActor(req);
    return { updated: await withContext(db, actorContext(actor), (trx) => notify.markAllRead(trx)) };
  });

  r.get('/api/notifications/stream', {
    schema: {
      tags: ['notify'],
      summary: 'Server-sent events: `notification` events carry new in-app items',
      description: 'text/event-stream; comment heartbeats every 25 s; send Last-Event-ID to replay missed items.',
    },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const header = req.headers['last-event-id'];
    const last = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
    await notify.hub.ready();
    reply.hijack();
    await notify.hub.attach(actor.userId, reply.raw, last);
  });

  r.get('/api/admin/sms-messages', {
    schema: {
      tags: ['notify'], summary: 'SMS recorded by the development provider (模拟短信)',
      querystring: z.strictObject({
        phone: z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number').optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: { 200: z.array(SmsMessage) },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'platform.sms_outbox.read');
    // Confidential messages are stored masked; reading the others is personal data (手机号) and is audited.
    return withContext(db, actorContext(actor), async (trx) => {
      const items = await notify.listSms(trx, req.query);
      await audit.record(trx, actor, {
        action: 'notify.sms_message.read', entityType: 'sms_message', orgPath: actor.scopePath,
        details: { phone: req.query.phone ?? null, returned: items.length, ids: items.length ? [items[items.length - 1]!.id, items[0]!.id] : [] }, ip: req.ip,
      });
      return items;
    });
  });
};
