/**
 * Trading HTTP surface: staff lots, announcement approval, the reserve and monitoring
 * (permissions trading.*); public announcements, applications, bids, the live channel, results
 * and the bid log; the bank's signed callback and the bank simulator.
 */
import crypto from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { requireActor, requirePermission } from '../../platform/http/actor.ts';
import { serverSecret } from '../../platform/secrets/secrets.ts';
import type { TradingService } from './trading.service.ts';
import { createLiveHub } from './live.hub.ts';
import { signPayment } from './bank.ts';
import { tradingTodos } from './contracts.ts';
import { actorContext } from '../../platform/http/actor.ts';
import { receiveUpload, contentDisposition, type FileKind } from '../../platform/files/index.ts';

/** A lot's documents (出让文件 …) are scans and office files: the type is checked against the bytes. */
const LOT_DOCUMENT_KINDS: readonly FileKind[] = ['pdf', 'ofd', 'jpeg', 'png', 'docx', 'xlsx'];
const DOC_KIND = z.enum(['sale_documents', 'parcel_map', 'planning_conditions', 'contract_model', 'mining_area_map', 'other']);

export interface TradingRouteOptions extends RouteOptions {
  trading: TradingService;
}

const tags = ['trading'];
const LotNo = z.object({ lotNo: z.string().regex(/^(TD|KY)\d{4}-[0-9A-F]{6}$/, 'a lot number such as TD2026-1A2B3C') });
const YUAN = z.number().int().min(1).max(1e13);
const TIME = z.string().datetime({ offset: true });
const LotInput = z.object({
  kind: z.enum(['land', 'mining']),
  method: z.enum(['listing', 'auction', 'tender']),
  title: z.string().trim().min(2).max(200),
  parcel: z.object({ layer: z.string().max(60), id: z.number().int().min(1) }).nullable().default(null),
  geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon', 'MultiPoint']), coordinates: z.array(z.any()).max(10000) }).nullable().default(null),
  areaM2: z.number().positive().max(1e10).nullable().default(null),
  landUse: z.string().trim().max(60).nullable().default(null),
  termYears: z.number().int().min(1).max(70),
  indicators: z.record(z.string().max(40), z.union([z.string().max(200), z.number()])).default({}),
  startBy: z.iso.date().nullable().default(null),
  completeBy: z.iso.date().nullable().default(null),
  mineral: z.string().trim().max(60).nullable().default(null),
  conditions: z.string().max(2000).default(''),
  startPrice: YUAN,
  increment: YUAN,
  deposit: YUAN,
  minBidders: z.number().int().min(1).max(10).nullable().default(null),
  listingStart: TIME,
  listingEnd: TIME,
  depositDeadline: TIME,
  confirmMinutes: z.number().int().min(1).max(60).default(5),
  countdownMinutes: z.number().int().min(1).max(60).default(5),
  reserveWindowMinutes: z.number().int().min(1).max(43200).default(1440),
  evaluation: z.enum(['highest_price', 'comprehensive']).nullable().default(null),
  priceWeight: z.number().int().min(0).max(100).nullable().default(null),
  panelSize: z.number().int().min(3).max(9).refine((n) => n % 2 === 1, 'an odd number (单数)').nullable().default(null),
});
const Payment = z.object({
  txnId: z.string().regex(/^[A-Za-z0-9-]{6,40}$/), account: z.string().regex(/^\d{10,30}$/), amount: z.number().int().min(0).max(1e13), paidAt: TIME,
});

export const tradingRoutes: FastifyPluginAsync<TradingRouteOptions> = async (app, { trading, platform }) => {
  // Multipart (the lot documents' upload only), with the platform's size limit (files.too_large beyond it).
  await app.register(fastifyMultipart, {
    limits: { fileSize: platform.files.maxBytes + 1, files: 1, fields: 0, parts: 1, fieldNameSize: 100, headerPairs: 100 },
    throwFileSizeLimit: false,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const hub = createLiveHub(trading);
  platform.todos.register('trading', tradingTodos);
  app.addHook('preClose', async () => hub.closeAll());

  // Staff.
  r.get('/api/trading/lots', { schema: { tags, summary: 'Lots of the actor\'s scope (出让宗地)' } }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.read');
    return trading.inScope(actor, (trx) => trading.listLots(trx));
  });

  r.post('/api/trading/lots', { schema: { tags, summary: 'Draw up a lot and its rules (编制出让宗地与公告)', body: LotInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'trading.lot.manage');
    return reply.status(201).send(await trading.inScope(actor, (trx) => trading.createLot(trx, actor, req.body)));
  });

  r.post('/api/trading/lots/:lotNo/approve', { schema: { tags, summary: 'Approve and publish the announcement (审核发布出让公告): dates checked, hash logged, frozen', params: LotNo } }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.approve');
    const l = await trading.inScope(actor, (trx) => trading.approveLot(trx, actor, req.params.lotNo));
    return { lotNo: l.lotNo, status: l.status, announcementHash: l.announcementHash, announcementEntryIdx: l.announcementEntryIdx };
  });

  r.get('/api/trading/lots/:lotNo/monitor', { schema: { tags, summary: 'Monitoring (竞价监控): anonymous bids; bidders only after close', params: LotNo } }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.read');
    return trading.monitor(actor, req.params.lotNo);
  });

  r.post('/api/trading/lots/:lotNo/reserve', { schema: { tags, summary: 'Enter the sealed reserve price (录入底价)', params: LotNo, body: z.object({ amount: YUAN }) } }, async (req) => {
    const actor = requirePermission(req, 'trading.reserve.enter');
    return trading.enterReserve(actor, req.params.lotNo, req.body.amount);
  });

  r.post('/api/trading/lots/:lotNo/increment', {
    schema: { tags, summary: 'Announce an increment change during listing (调整增价幅度): at least a day ahead, logged', params: LotNo, body: z.object({ increment: YUAN, effectiveAt: TIME, reason: z.string().trim().min(2).max(500) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.approve');
    return trading.changeIncrement(actor, req.params.lotNo, req.body);
  });

  r.post('/api/trading/lots/:lotNo/withdraw', {
    schema: { tags, summary: 'Withdraw a running sale (终止出让) with a reason: deposits refunded, bidders told, notice logged, lot off the map', params: LotNo, body: z.object({ reason: z.string().trim().min(4, 'state the reason (终止理由), at least 4 characters').max(500) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.approve');
    return trading.withdraw(actor, req.params.lotNo, req.body.reason);
  });

  // The lot's documents: attached to a draft (multipart field `file`, ?kind=…), frozen with the announcement.
  r.get('/api/trading/lots/:lotNo/documents', { schema: { tags, summary: 'The lot\'s documents (出让宗地文件)', params: LotNo } }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.read');
    return trading.lotDocuments(actor, req.params.lotNo);
  });

  r.post('/api/trading/lots/:lotNo/documents', {
    schema: {
      tags, summary: 'Attach a document to a draft lot: multipart field `file` (PDF, OFD, JPEG, PNG, DOCX, XLSX), ?kind=sale_documents|parcel_map|planning_conditions|contract_model|mining_area_map|other',
      params: LotNo, querystring: z.object({ kind: DOC_KIND }), consumes: ['multipart/form-data'],
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'trading.lot.manage');
    // Refused before the bytes are read when the lot is not a draft of the scope.
    await trading.inScope(actor, (trx) => trading.lockDraft(trx, req.params.lotNo));
    const u = await receiveUpload(req, platform, {
      context: actorContext(actor), actor, uploadedBy: actor.userId, orgPath: actor.scopePath, allow: LOT_DOCUMENT_KINDS, purpose: 'trading.lot_document',
    });
    return reply.status(201).send(await trading.attachDocument(actor, req.params.lotNo, req.query.kind, u));
  });

  r.delete('/api/trading/lots/:lotNo/documents/:id', {
    schema: { tags, summary: 'Remove a document from a draft lot', params: LotNo.extend({ id: z.coerce.number().int().min(1) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.manage');
    return trading.removeDocument(actor, req.params.lotNo, req.params.id);
  });

  r.post('/api/trading/lots/:lotNo/panel', { schema: { tags, summary: 'Draw the tender evaluation panel (抽取评标委员会) with the selection module', params: LotNo } }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.approve');
    return trading.drawPanel(actor, req.params.lotNo);
  });

  r.get('/api/trading/lots/:lotNo/tender', { schema: { tags, summary: 'A tender: sealed before the opening; opened bids by bidder number after (暗标)', params: LotNo } }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.read');
    return trading.tenderView(actor, req.params.lotNo);
  });

  r.post('/api/trading/lots/:lotNo/scores', {
    schema: {
      tags, summary: 'Enter one panel member\'s scores (评标打分); the last sheet closes the sale', params: LotNo,
      body: z.object({ memberId: z.string().min(1).max(40), scores: z.array(z.object({ bidderNumber: z.string().regex(/^\d{6}$/), score: z.number().min(0).max(100) })).min(1).max(200) }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.manage');
    return trading.scoreTender(actor, req.params.lotNo, req.body.memberId, req.body.scores);
  });

  const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((v) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().startsWith(v), 'not a calendar date');
  r.post('/api/trading/lots/:lotNo/contract', {
    schema: {
      tags, summary: 'Register the signed transfer contract and its payment plan (登记出让合同与缴款计划)', params: LotNo,
      body: z.object({
        contractNo: z.string().trim().min(4).max(60), signedOn: DAY,
        instalments: z.array(z.object({ label: z.string().trim().min(2).max(40), amount: YUAN, dueDate: DAY })).min(1).max(12),
      }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'trading.lot.manage');
    return reply.status(201).send(await trading.registerContract(actor, req.params.lotNo, req.body));
  });

  r.get('/api/trading/lots/:lotNo/contract', { schema: { tags, summary: 'The contract and its instalments (合同与缴款)', params: LotNo } }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.read');
    return (await trading.contract(actor, req.params.lotNo)) ?? { contract: null };
  });

  r.post('/api/trading/lots/:lotNo/payments', {
    schema: { tags, summary: 'Record a payment towards an instalment (缴款登记)', params: LotNo, body: z.object({ seq: z.number().int().min(1).max(12), amount: YUAN, paidOn: DAY }) },
  }, async (req) => {
    const actor = requirePermission(req, 'trading.lot.manage');
    return trading.recordPayment(actor, req.params.lotNo, req.body);
  });

  r.post('/api/trading/lots/:lotNo/reserve/witness', { schema: { tags, summary: 'Witness the reserve entry (监督底价录入); the commitment is logged', params: LotNo } }, async (req) => {
    const actor = requirePermission(req, 'trading.reserve.witness');
    return trading.witnessReserve(actor, req.params.lotNo);
  });

  // Public.
  r.get('/api/public/trading/lots', { schema: { tags, summary: 'Published announcements (出让公告)' } }, async () => trading.listPublic());

  r.get('/api/public/trading/lots/:lotNo', { schema: { tags, summary: 'A lot: announcement, price, clock, result', params: LotNo } }, async (req) => trading.publicView(req.params.lotNo));

  r.get('/api/public/trading/lots/:lotNo/documents/:id', {
    schema: { tags, summary: 'Download a published lot\'s document (its sha256 is in the announcement)', params: LotNo.extend({ id: z.coerce.number().int().min(1) }) },
  }, async (req, reply) => {
    const d = await trading.publicDocument(req.params.lotNo, req.params.id);
    const inline = ['application/pdf', 'image/png', 'image/jpeg'].includes(d.mime);
    return reply.type(d.mime).header('content-length', d.size).header('x-content-type-options', 'nosniff')
      .header('content-disposition', contentDisposition(d.name, inline ? 'inline' : 'attachment')).send(await platform.files.openContent(d.sha256));
  });

  r.get('/api/public/trading/lots/:lotNo/me', { schema: { tags, summary: 'My application, bidder number and bids (我的竞买)', params: LotNo } }, async (req) => {
    const actor = requireActor(req);
    return trading.myView(actor, req.params.lotNo);
  });

  r.post('/api/public/trading/lots/:lotNo/applications', {
    schema: { tags, summary: 'Apply to bid (竞买申请); returns the deposit account', params: LotNo, body: z.object({ documents: z.array(z.object({ name: z.string().trim().min(1).max(200), fileId: z.number().int().min(1).nullable().default(null) })).max(20).default([]) }) },
  }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await trading.apply(actor, req.params.lotNo, req.body.documents));
  });

  r.get('/api/public/trading/lots/:lotNo/me/contract', { schema: { tags, summary: 'My transfer contract and payment plan (我的出让合同与缴款), the buyer only', params: LotNo } }, async (req) => {
    const actor = requireActor(req);
    return trading.myContract(actor, req.params.lotNo);
  });

  r.get('/api/public/trading/lots/:lotNo/me/:doc', {
    schema: { tags, summary: 'My 竞买资格确认书 (qualification.pdf) or, for the winner, 成交确认书 (confirmation.pdf)', params: LotNo.extend({ doc: z.enum(['qualification.pdf', 'confirmation.pdf']) }) },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const { document, bytes } = await trading.myDocument(actor, req.params.lotNo, req.params.doc === 'qualification.pdf' ? 'qualification' : 'confirmation');
    return reply.type('application/pdf').header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(document.docNo)}.pdf`).send(bytes);
  });

  r.post('/api/public/trading/lots/:lotNo/join', { schema: { tags, summary: 'Join timed bidding (确认参加限时竞价)', params: LotNo } }, async (req) => {
    const actor = requireActor(req);
    return trading.joinTimed(actor, req.params.lotNo);
  });

  r.post('/api/public/trading/lots/:lotNo/bids', {
    schema: { tags, summary: 'Bid (报价); the same idempotency key is counted once', params: LotNo, body: z.object({ amount: YUAN, idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, - or _') }) },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const b = await trading.bid(actor, req.params.lotNo, req.body.amount, req.body.idempotencyKey);
    return reply.status(b.replayed ? 200 : 201).send(b);
  });

  r.post('/api/public/trading/lots/:lotNo/tender', {
    schema: { tags, summary: 'Submit the sealed tender bid (递交投标文件); the receipt is its commitment', params: LotNo, body: z.object({ amount: YUAN, proposal: z.string().trim().min(1).max(5000) }) },
  }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await trading.submitTender(actor, req.params.lotNo, req.body.amount, req.body.proposal));
  });

  r.get('/api/public/trading/lots/:lotNo/events', {
    schema: { tags, summary: 'Live bids and state (server-sent events); Last-Event-ID or ?after= replays missed bids', params: LotNo, querystring: z.object({ after: z.coerce.number().int().min(0).optional() }) },
  }, async (req, reply) => {
    await trading.publicView(req.params.lotNo); // 404 before taking over the response
    const header = req.headers['last-event-id'];
    const last = typeof header === 'string' && /^\d{1,9}$/.test(header) ? Number(header) : (req.query.after ?? 0);
    reply.hijack();
    await hub.attach(req.params.lotNo, reply.raw, last);
  });

  r.get('/api/public/trading/lots/:lotNo/bid-log.json', { schema: { tags, summary: 'The full bid log of a closed lot, for `node tools/verify-bids.ts`', params: LotNo } }, async (req, reply) =>
    reply.header('content-disposition', `attachment; filename="${req.params.lotNo}-bid-log.json"`).type('application/json')
      .send(JSON.stringify(await trading.bidLog(req.params.lotNo), null, 2)));

  // The bank.
  r.post('/api/public/trading/bank/callback', {
    schema: { tags, summary: 'Deposit received (保证金到账通知), signed by the bank: header x-bank-signature = HMAC-SHA256', body: Payment },
  }, async (req) => {
    const sig = req.headers['x-bank-signature'];
    return trading.bankCallback(req.body, typeof sig === 'string' ? sig : '');
  });

  r.post('/api/public/trading/bank/refund-confirmations', {
    schema: { tags, summary: 'The bank confirms a refund (退款确认), signed like a payment', body: z.object({ ref: z.string().max(60), signature: z.string().max(128) }) },
  }, async (req) => trading.confirmRefund(req.body.ref, req.body.signature));

  // The bank simulator (模拟银行), in demo mode only: pays into a deposit account and sends the
  // signed callback, or confirms a refund, as a bank would.
  if (!platform.env.DEMO) return;
  r.post('/api/public/trading/bank-sim/confirm-refund', { schema: { tags, summary: 'Bank simulator: confirm a refund (demo and tests)', body: z.object({ ref: z.string().max(60) }) } }, async (req) => {
    const secret = await serverSecret(platform.db, 'trading.bank_hmac');
    return trading.confirmRefund(req.body.ref, crypto.createHmac('sha256', secret).update(`refund|${req.body.ref}`).digest('hex'));
  });
  r.post('/api/public/trading/bank-sim/pay', {
    schema: { tags, summary: 'Bank simulator: pay a deposit (demo and tests)', body: z.object({ account: z.string().regex(/^\d{10,30}$/), amount: YUAN }) },
  }, async (req) => {
    const secret = await serverSecret(platform.db, 'trading.bank_hmac');
    const p = { txnId: `SIM-${crypto.randomBytes(6).toString('hex')}`, account: req.body.account, amount: req.body.amount, paidAt: new Date().toISOString() };
    return trading.bankCallback(p, signPayment(secret, p));
  });
};
