import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor, requirePermission } from '../http/actor.ts';
import type { RouteOptions } from '../platform.ts';
import { withContext } from '../db/context.ts';
import { actorContext } from '../http/actor.ts';

const Division = z.object({
  code: z.string(), name: z.string(), level: z.string(), parentCode: z.string().nullable(),
  path: z.string(), validFrom: z.string(), validTo: z.string().nullable(),
});
const OrgUnit = z.object({
  id: z.number(), parentId: z.number().nullable(), divisionCode: z.string(), kind: z.string(), code: z.string(),
  name: z.string(), nameEn: z.string().nullable(), level: z.string(), path: z.string(), scopePath: z.string(), active: z.boolean(),
});

/**
 * Divisions change a few times a year (行政区划调整): a browser or CDN keeps them an hour, so the
 * cascading division picker of the public forms costs a township link nothing on a second visit.
 * A signed-in answer is still no-store (platform/http/hardening.ts).
 */
const DIVISIONS_CACHE = 'public, max-age=3600';

export const orgsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { orgs } = platform;

  // Divisions are public reference data (GB/T 2260): the portal's forms need them too.
  r.get('/api/divisions', {
    schema: {
      tags: ['orgs'], summary: 'Divisions under a parent (行政区划)',
      querystring: z.strictObject({
        parent: z.string().regex(/^\d{6}$/, 'a 6-digit division code').default('000000'),
        on: z.iso.date().optional(),
      }),
      response: { 200: z.array(Division) },
    },
  }, async (req, reply) => {
    void reply.header('cache-control', DIVISIONS_CACHE);
    return orgs.listDivisions(req.query.parent, req.query.on);
  });

  r.get('/api/divisions/:code', {
    schema: { tags: ['orgs'], params: z.object({ code: z.string().regex(/^\d{6}(\d{3})?$/) }), response: { 200: Division } },
  }, async (req, reply) => {
    void reply.header('cache-control', DIVISIONS_CACHE);
    return orgs.getDivision(req.params.code);
  });

  r.get('/api/org-units', {
    schema: {
      tags: ['orgs'], summary: 'Org units inside the active post’s scope',
      // An ltree path: labels of at most 256 characters (PostgreSQL's limit), so a long one is a 400 here.
      querystring: z.strictObject({ under: z.string().max(4096).regex(/^[a-z0-9_]{1,256}(\.[a-z0-9_]{1,256})*$/, 'a division path such as cn.52.5203').optional() }),
      response: { 200: z.array(OrgUnit) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    const root = req.query.under ?? actor.scopePath ?? 'cn';
    return orgs.listOrgUnitsUnder(root);
  });

  r.post('/api/org-units', {
    schema: {
      tags: ['orgs'], summary: 'Create an org unit (system admin)',
      body: z.strictObject({
        parentId: z.number().int().positive().nullable(),
        divisionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(),
        kind: z.enum(['bureau', 'department', 'window', 'office']),
        code: z.string().min(2).max(40),
        label: z.string().optional(),
        name: z.string().min(1).max(100),
        nameEn: z.string().max(200).nullable().optional(),
      }),
      response: { 201: OrgUnit },
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'platform.org_unit.manage');
    const unit = await withContext(platform.db, actorContext(actor), async (trx) => {
      const u = await orgs.createOrgUnit(trx, req.body);
      await platform.audit.record(trx, actor, {
        action: 'orgs.org_unit.created', entityType: 'org_unit', entityId: u.id, orgPath: u.path, details: { code: u.code, name: u.name },
      });
      return u;
    });
    return reply.status(201).send(unit);
  });
};
