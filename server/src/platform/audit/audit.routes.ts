import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorContext, requirePermission } from '../http/actor.ts';
import { withContext } from '../db/context.ts';
import type { RouteOptions } from '../platform.ts';

const Instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const Entry = z.object({
  seq: z.number(), occurredAt: z.string(), actorUserId: z.number().nullable(), actorUsername: z.string().nullable(),
  action: z.string(), entityType: z.string(), entityId: z.string().nullable(), orgPath: z.string().nullable(),
  details: z.unknown(), ip: z.string().nullable(), hashAlg: z.string(), prevHash: z.string(), hash: z.string(),
});

const Problem = z.object({
  seq: z.number(), kind: z.enum(['edited', 'deleted', 'reordered', 'broken_link', 'truncated', 'rewritten', 'anchor_invalid']),
  count: z.number().optional(), originalSeq: z.number().optional(), message: z.string(),
});

/** A date means the whole day in China Standard Time. */
function toInstant(v: string, endOfDay: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00+08:00`);
    return endOfDay ? new Date(d.getTime() + 86_400_000) : d;
  }
  return new Date(v);
}

export const auditRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { audit } = platform;

  r.get('/api/audit/entries', {
    schema: {
      tags: ['audit'], summary: 'Audit entries in the active post’s scope, newest first (审计日志查询)',
      querystring: z.strictObject({
        from: Instant.optional(),
        to: Instant.optional(),
        action: z.string().regex(/^[a-z0-9_.]+(\.\*)?$/, 'module.entity.pastTense, or a prefix ending in .*').optional(),
        actor: z.string().min(1).max(100).optional(),
        entityType: z.string().min(1).max(100).optional(),
        entityId: z.string().min(1).max(200).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        before: z.coerce.number().int().positive().optional(),
      }),
      response: { 200: z.object({ items: z.array(Entry), nextBefore: z.number().nullable() }) },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'platform.audit.read');
    const q = req.query;
    return withContext(platform.db, actorContext(actor), async (trx) => {
      const page = await audit.listEntries(trx, {
        ...q,
        from: q.from ? toInstant(q.from, false) : undefined,
        to: q.to ? toInstant(q.to, true) : undefined,
      });
      // The auditor's own reading is audited too (三员: every admin's actions leave a trace).
      await audit.record(trx, actor, {
        action: 'audit.entry.read', entityType: 'audit_entry', orgPath: actor.scopePath,
        details: { filter: q, returned: page.items.length }, ip: req.ip,
      });
      return page;
    });
  });

  r.post('/api/audit/verify', {
    schema: {
      tags: ['audit'], summary: 'Recompute the whole hash chain (审计日志完整性校验)',
      response: {
        200: z.object({
          ok: z.boolean(), checked: z.number(), anchorSeq: z.number(), headSeq: z.number(), algorithm: z.string(),
          problems: z.array(Problem),
        }),
      },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'platform.audit.verify');
    const result = await audit.verify();
    await withContext(platform.db, actorContext(actor), (trx) =>
      audit.record(trx, actor, {
        action: 'audit.chain.verified', entityType: 'audit_chain', orgPath: actor.scopePath,
        details: { ok: result.ok, checked: result.checked, problems: result.problems.length, headSeq: result.headSeq }, ip: req.ip,
      }));
    return result;
  });
};
