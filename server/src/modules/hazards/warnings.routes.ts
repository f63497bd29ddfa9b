/**
 * Warnings HTTP surface: draft / co-sign / publish / board (hazards.warning.*), the public
 * portal list and acknowledgement link, the SMS-reply hook, and CAP 1.2: `/cap/feed.atom` and
 * `/cap/warnings/<no>.xml` (public warnings; a drill's CAP only to staff who see it).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { requirePermission } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { atomFeed } from './cap.ts';
import type { WarningsService } from './warnings.service.ts';
import { normalisePhone, replyCode, SMS_CLOCK_SKEW_S, smsSignatureValid } from './sms-inbound.ts';

export interface WarningsRouteOptions extends RouteOptions { warnings: WarningsService }

const tags = ['hazards'];
const Id = z.object({ id: z.coerce.number().int().min(1) });
const WarningNo = z.string().regex(/^YJ\d{8}-[0-9A-F]{6}$/);

const WarningInput = z.strictObject({
  level: z.number().int().min(1).max(4).describe('1 一级 红 / 2 二级 橙 / 3 三级 黄 / 4 四级 蓝'),
  headline: z.string().trim().min(4).max(160),
  advice: z.string().trim().min(4).max(2000),
  areaTownships: z.array(z.string().regex(/^\d{9}$/)).max(100).default([]),
  areaPolygon: z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])).min(4).max(2000)).length(1) }).nullable().default(null),
  areaDesc: z.string().trim().min(2).max(500),
  validFrom: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  validTo: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  drill: z.boolean().default(false),
  cosignOrgUnitId: z.number().int().min(1),
});

function base(req: FastifyRequest) {
  return `${req.protocol}://${req.host}`;
}

export const warningsRoutes: FastifyPluginAsync<WarningsRouteOptions> = async (app, { warnings, platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/hazards/warnings', { schema: { tags, summary: 'Warnings of the actor\'s scope or to co-sign' } }, async (req) => {
    const actor = req.actor?.permissions.has('hazards.warning.cosign') ? req.actor : requirePermission(req, 'hazards.warning.draft');
    return warnings.inScope(actor, (trx) => warnings.list(trx));
  });

  r.get('/api/hazards/cosign-orgs', { schema: { tags, summary: 'Organisations that can co-sign (气象部门)' } }, async (req) => {
    requirePermission(req, 'hazards.warning.draft');
    return warnings.cosignOrgs();
  });

  r.post('/api/hazards/warnings', { schema: { tags, summary: 'Draft a meteorological risk warning (拟稿), naming the co-signing weather bureau', body: WarningInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'hazards.warning.draft');
    return reply.status(201).send(await warnings.inScope(actor, (trx) => warnings.draft(trx, actor, req.body)));
  });

  r.get('/api/hazards/warnings/:id', { schema: { tags, summary: 'One warning', params: Id } }, async (req) => {
    const actor = req.actor?.permissions.has('hazards.warning.cosign') ? req.actor : requirePermission(req, 'hazards.warning.draft');
    return warnings.inScope(actor, (trx) => warnings.view(trx, req.params.id));
  });

  r.post('/api/hazards/warnings/:id/cosign', { schema: { tags, summary: 'Co-sign (会签) as the weather bureau', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'hazards.warning.cosign');
    return warnings.inScope(actor, (trx) => warnings.cosign(trx, actor, req.params.id));
  });

  r.post('/api/hazards/warnings/:id/publish', { schema: { tags, summary: 'Publish (签发): CAP message, dispatch to every responsible person in the area', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'hazards.warning.publish');
    return warnings.inScope(actor, (trx) => warnings.publish(trx, actor, req.params.id));
  });

  r.post('/api/hazards/warnings/:id/cancel', { schema: { tags, summary: 'Cancel (解除) a published warning: CAP Cancel, off the portal', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'hazards.warning.publish');
    return warnings.inScope(actor, (trx) => warnings.cancel(trx, actor, req.params.id));
  });

  r.get('/api/hazards/warnings/:id/board', { schema: { tags, summary: 'Acknowledgement board (签收看板), per site', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'hazards.warning.draft');
    return warnings.inScope(actor, (trx) => warnings.board(trx, req.params.id));
  });

  r.get('/api/hazards/warnings/:id/cap.xml', { schema: { tags, summary: 'The CAP message of a published warning (drills included, staff only)', params: Id } }, async (req, reply) => {
    const actor = requirePermission(req, 'hazards.warning.draft');
    const w = await warnings.inScope(actor, (trx) => warnings.view(trx, req.params.id));
    if (!w.capXml) throw new AppError('hazards.warning_wrong_state', `warning ${w.warningNo} is not published`);
    return reply.type('application/cap+xml; charset=utf-8').send(w.capXml);
  });

  // Public.
  r.get('/api/public/hazards/warnings', { schema: { tags, summary: 'Published warnings of 三级 and above, not drills (portal)' } }, async () => {
    const list = await warnings.publicWarnings();
    return list.filter((w) => w.level <= 3 && w.status === 'published').map((w) => ({
      warningNo: w.warningNo, level: w.level, headline: w.headline, advice: w.advice, areaDesc: w.areaDesc, validFrom: w.validFrom, validTo: w.validTo,
      publishedAt: w.publishedAt, status: w.status, capUrl: `/cap/warnings/${w.warningNo}.xml`,
    }));
  });

  r.get('/cap/feed.atom', { schema: { tags, summary: 'Atom feed of the CAP 1.2 warnings (public, no drills)' } }, async (req, reply) => {
    const list = await warnings.publicWarnings();
    const xml = atomFeed(base(req), list.map((w) => ({ warningNo: w.warningNo, headline: w.headline, level: w.level, areaDesc: w.areaDesc, updated: w.publishedAt!, cancelled: w.status === 'cancelled' })));
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=60').send(xml);
  });

  r.get('/cap/warnings/:file', { schema: { tags, summary: 'One CAP 1.2 file (public, no drills)', params: z.object({ file: z.string().max(40) }) } }, async (req, reply) => {
    const m = /^(.+)\.xml$/.exec(req.params.file);
    const no = m && WarningNo.safeParse(m[1]).success ? m[1] : null;
    const w = no ? (await warnings.publicWarnings()).find((x) => x.warningNo === no) : undefined;
    if (!w?.capXml) throw new AppError('not_found', `no public CAP message ${req.params.file}`, { field: 'file' });
    return reply.type('application/cap+xml; charset=utf-8').send(w.capXml);
  });

  // The SMS gateway's inbound callback (上行短信): a reply with the code acknowledges (sms-inbound.ts).
  r.post('/api/public/hazards/sms-inbound', {
    config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Inbound SMS from the gateway (上行短信): a reply code acknowledges a warning; HMAC-signed (x-sms-timestamp, x-sms-signature)',
      headers: z.object({ 'x-sms-timestamp': z.string().regex(/^\d{9,11}$/), 'x-sms-signature': z.string().max(128) }),
      body: z.object({ messageId: z.string().min(1).max(100), from: z.string().min(3).max(30), text: z.string().max(1000), receivedAt: z.iso.datetime({ offset: true }).optional() }),
    },
  }, async (req) => {
    const secret = platform.env.SMS_INBOUND_SECRET;
    if (!secret) throw new AppError('hazards.sms_inbound_off', 'SMS_INBOUND_SECRET is not configured: inbound SMS is off');
    const ts = req.headers['x-sms-timestamp'];
    if (!smsSignatureValid(secret, ts, req.body, req.headers['x-sms-signature'])) throw new AppError('hazards.sms_signature_invalid', 'x-sms-signature: not signed with the gateway secret', { field: 'x-sms-signature' });
    if (Math.abs(Date.now() / 1000 - Number(ts)) > SMS_CLOCK_SKEW_S) throw new AppError('hazards.sms_signature_invalid', `x-sms-timestamp: more than ${SMS_CLOCK_SKEW_S} s from the server clock`, { field: 'x-sms-timestamp' });
    const phone = normalisePhone(req.body.from);
    const code = replyCode(req.body.text);
    const acknowledged = phone && code ? await warnings.acknowledgeByReply(phone, code) : 0;
    req.log.info({ messageId: req.body.messageId, acknowledged }, 'hazards: inbound SMS');
    return { messageId: req.body.messageId, acknowledged };
  });

  r.post('/api/public/hazards/ack/:token', { schema: { tags, summary: 'Acknowledge a warning by the link in its SMS (签收)', params: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,40}$/) }) } },
    async (req) => warnings.acknowledgeByToken(req.params.token));
};
