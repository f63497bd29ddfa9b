/**
 * Intake (接收): a report from the public form, an Open311 client or staff entry by channel gets
 * its number and tracking code, its confidential reporter row, its attachments, the triage
 * clock, merge proposals for nearby open reports, and the acknowledgement by SMS / e-mail.
 */
import { sql } from 'kysely';
import { sideSerial } from '../../platform/exchange/index.ts';
import type { Tx } from '../../platform/db/context.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { CHANNELS, VIOLATION_TYPES, type Channel, type ReporterInput, type ViolationType } from './tipoffs.schemas.ts';
import {
  addEvent, auditReport, moveStage, newTrackingCode, nowOf, settingsFor, todayOf,
  type ActingUser, type TipoffsDeps,
} from './tipoffs.deps.ts';
import { boxAround, haversineM, insideChinaOutline } from './geo-checks.ts';

export const OPEN_STATUSES = ['received', 'accepted', 'assigned', 'verified', 'disposed', 'feedback_given'] as const;
const ATTACHMENT_MIMES = ['image/jpeg', 'image/png', 'application/pdf'];

export interface IntakeInput {
  violationType: ViolationType;
  /**
   * Public and staff entry give both the division and the point. Open311 may give neither
   * (GeoReport v2: an address_string alone is a location): point null = address only;
   * divisionCode null = the place is pending (待定位), received by the top receiving bureau.
   */
  place: { divisionCode: string | null; address: string; point: { lon: number; lat: number } | null };
  party: string;
  facts: string;
  files: string[];
  reporter: ReporterInput;
  channel: Channel;
  channelRef?: string | undefined;
  receivedAt?: Date | undefined;
  idempotencyKey?: string | undefined;
  idempotencyHash?: string | undefined;
  apiKeyId?: number | undefined;
  /** The public account signed in on the web form (我的办件); kept only for a real-name report. */
  accountUserId?: number | null | undefined;
}

export interface Place { divisionCode: string; divisionPath: string; divisionName: string; pending: boolean }

/** The division of the place, which must be a county or a township; and the point inside China. */
export async function checkPlace(trx: Tx, place: IntakeInput['place'], fieldPrefix = 'place.'): Promise<Place> {
  if (place.point) {
    const { lon, lat } = place.point;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || !insideChinaOutline(lon, lat)) {
      throw new AppError('tipoffs.point_outside_china', `${fieldPrefix}point: (${lon}, ${lat}) is not inside China (EPSG:4490 lon/lat, longitude first)`, { field: `${fieldPrefix}point` });
    }
  }
  if (place.divisionCode === null) return pendingPlace(trx);
  const div = await trx.selectFrom('orgs.divisions').select(['code', 'name', 'level', 'path', 'validTo']).where('code', '=', place.divisionCode).executeTakeFirst();
  if (!div || div.validTo !== null) {
    throw new AppError('tipoffs.division_not_found', `${fieldPrefix}divisionCode: no current division ${place.divisionCode}`, { field: `${fieldPrefix}divisionCode` });
  }
  if (div.level !== 'county' && div.level !== 'township') {
    throw invalid(`${fieldPrefix}divisionCode`, `${div.name} is a ${div.level}; give the county (6 digits) or township (9 digits) where it happened`, `${div.name}不是县级或乡级区划，请选择发生地所在的县（区）或乡镇（街道）`);
  }
  return { divisionCode: div.code, divisionPath: div.path, divisionName: div.name, pending: false };
}

/**
 * A place still to be determined (发生地待定): the division of the receiving bureau over every
 * county bureau of the platform (the deepest active bureau at city level or above whose subtree
 * holds them all: 遵义市 in the demo), whose hotline places the report when it assigns it to a
 * county (`assign` with countyCode).
 */
async function pendingPlace(trx: Tx): Promise<Place> {
  const top = await trx.selectFrom('orgs.org_units as b').innerJoin('orgs.divisions as d', 'd.code', 'b.divisionCode')
    .select(['d.code', 'd.name', sql<string>`d.path::text`.as('path')])
    .where('b.kind', '=', 'bureau').where('b.active', '=', true).where('b.level', 'in', ['city', 'province', 'ministry'])
    .where(sql<boolean>`not exists (select 1 from orgs.org_units c where c.kind = 'bureau' and c.active and c.level = 'county' and not (b.path @> c.path))`)
    .orderBy(sql`nlevel(b.path)`, 'desc').orderBy('b.id').limit(1).executeTakeFirst();
  if (!top) throw new AppError('tipoffs.no_bureau', 'no bureau receives reports whose place is not known', { field: 'place.divisionCode' });
  return { divisionCode: top.code, divisionPath: top.path, divisionName: top.name, pending: true };
}

/** The bureau that receives public reports: the nearest one at city level or above over the place. */
export async function receivingBureauPath(trx: Tx, divisionPath: string): Promise<string> {
  const b = await trx.selectFrom('orgs.org_units').select(sql<string>`path::text`.as('path'))
    .where('kind', '=', 'bureau').where('active', '=', true).where('level', 'in', ['city', 'province', 'ministry'])
    .where(sql<boolean>`path @> ${divisionPath}::ltree`).orderBy(sql`nlevel(path)`, 'desc').limit(1).executeTakeFirst();
  if (!b) throw new AppError('tipoffs.no_bureau', `no bureau receives reports for ${divisionPath}`, { field: 'place.divisionCode' });
  return b.path;
}

/** The county bureau over a place (the one that handles it, 属地管辖). */
export async function countyBureauOf(trx: Tx, divisionPath: string) {
  return trx.selectFrom('orgs.org_units').select(['id', 'name', 'divisionCode', sql<string>`path::text`.as('path')])
    .where('kind', '=', 'bureau').where('active', '=', true).where('level', '=', 'county')
    .where(sql<boolean>`path @> ${divisionPath}::ltree`).orderBy(sql`nlevel(path)`, 'desc').limit(1).executeTakeFirst();
}

function cleanReporter(r: ReporterInput) {
  if (!r.anonymous && !r.name) throw invalid('reporter.name', 'required for a real-name report (or set anonymous)', '实名举报须填写姓名（或选择匿名举报）');
  return {
    anonymous: r.anonymous,
    name: r.anonymous ? null : (r.name ?? null),
    phone: r.phone ? r.phone.replace(/[\s-]/g, '') : null,
    email: r.email ?? null,
    idNumber: r.anonymous ? null : (r.idNumber ?? null),
  };
}

/**
 * Attachments: public uploads (no uploader, scope `cn`, from the last day) or, for staff,
 * uploads they can see. Only JPEG, PNG and PDF.
 */
async function checkFiles(trx: Tx, deps: TipoffsDeps, actor: ActingUser | null, ids: string[], field = 'files') {
  const out: { fileId: string; name: string; mime: string }[] = [];
  for (const [i, id] of [...new Set(ids)].entries()) {
    const up = await trx.selectFrom('files.uploads').select(['id', 'originalName', 'detectedMime', 'uploadedBy', sql<string | null>`org_path::text`.as('orgPath'), 'createdAt'])
      .where('id', '=', id).executeTakeFirst();
    const ok = up && (actor
      ? true
      : up.uploadedBy === null && up.orgPath === 'cn' && nowOf(deps).getTime() - up.createdAt.getTime() < 24 * 3600 * 1000);
    if (!up || !ok) throw new AppError('files.not_found', `${field}[${i}]: upload ${id} not found`, { field: `${field}[${i}]` });
    if (!ATTACHMENT_MIMES.includes(up.detectedMime)) {
      throw new AppError('files.type_not_allowed', `${field}[${i}]: ${up.detectedMime} is not allowed; send JPEG, PNG or PDF`, { field: `${field}[${i}]` });
    }
    out.push({ fileId: up.id, name: up.originalName, mime: up.detectedMime });
  }
  return out;
}

export function acknowledgementText(reportNo: string, trackingCode: string): string {
  return `您的举报已收到（举报编号 ${reportNo}）。查询码 ${trackingCode}，请妥善保存，凭查询码可查询办理进度和结果。我们将依法对举报人信息严格保密。`;
}

const MOBILE = /^1[3-9]\d{9}$/;

/** Queues an SMS and/or e-mail to a reporter contact; contacts the outbox cannot take are skipped. */
export async function messageReporter(deps: TipoffsDeps, trx: Tx, to: { phone: string | null; email: string | null }, subject: string, body: string, key: string): Promise<number> {
  let n = 0;
  if (to.phone && MOBILE.test(to.phone)) {
    // Confidential: the reporter's number, report number and tracking code stay out of the SMS log.
    await deps.notify.enqueue(trx, { channel: 'sms', to: to.phone, body: `【阳光国土】${body}`, dedupeKey: `tipoffs:${key}:sms`, confidential: true });
    n++;
  }
  if (to.email) {
    await deps.notify.enqueue(trx, { channel: 'email', to: to.email, subject, body, dedupeKey: `tipoffs:${key}:email` });
    n++;
  }
  return n;
}

/**
 * Creates the report in `trx`. Public and Open311 callers run with the system scope (the caller
 * sets it); staff with their own scope, and their bureau receives it.
 */
export async function createReport(deps: TipoffsDeps, trx: Tx, actor: ActingUser | null, input: IntakeInput) {
  if (!(input.violationType in VIOLATION_TYPES)) throw invalid('violationType', 'unknown violation type', '不是可选的违法类型');
  if (!(input.channel in CHANNELS)) throw invalid('channel', 'unknown channel', '不是可选的举报渠道');
  const place = await checkPlace(trx, input.place);
  const reporter = cleanReporter(input.reporter);
  let intakePath: string;
  if (actor) {
    if (!actor.scopePath) throw new AppError('access.forbidden', 'your post has no scope', { permission: 'tipoffs.report.create' });
    intakePath = actor.scopePath;
  } else {
    intakePath = await receivingBureauPath(trx, place.divisionPath);
  }
  const files = await checkFiles(trx, deps, actor, input.files);
  const now = nowOf(deps);
  const receivedAt = input.receivedAt ?? now;
  const today = todayOf(deps);
  // Side-safe: the internet side takes odd serials, the intranet even ones (a crossing report keeps its number).
  const serial = await sql<{ n: number }>`select nextval('tipoffs.report_serial')::int as n`.execute(trx);
  const reportNo = `JB${today.replaceAll('-', '')}${String(sideSerial(deps.siteRole ?? 'all', serial.rows[0]!.n)).padStart(6, '0')}`;
  const trackingCode = newTrackingCode();
  const row = await trx.insertInto('tipoffs.reports').values({
    reportNo, trackingCode, channel: input.channel, channelRef: input.channelRef ?? null, violationType: input.violationType,
    divisionCode: place.divisionCode, divisionPath: place.divisionPath, address: input.place.address.trim(),
    lon: input.place.point?.lon ?? null, lat: input.place.point?.lat ?? null, placePending: place.pending, party: input.party.trim(), facts: input.facts.trim(),
    intakeOrgPath: intakePath, orgPath: intakePath, receivedAt, receivedOn: today,
    stage: null, stageStartedOn: null, stageDueDate: null, triageDecision: null, refusalReason: null, refusalRedirect: null, triageNote: null,
    triagedAt: null, assignMode: null, countyCode: null, countyOrgPath: null, assignedByPath: null, assignDueDate: null, assignInstructions: null,
    assignedAt: null, verifiedOn: null, findings: null, violationFound: null, verifiedAt: null, disposalOutcome: null, disposalCaseNo: null,
    disposalSummary: null, disposedAt: null, feedbackText: null, feedbackAt: null, feedbackRecipients: null, closedAt: null, closeNote: null,
    mergedIntoId: null, idempotencyKey: input.idempotencyKey ?? null, idempotencyHash: input.idempotencyHash ?? null,
    apiKeyId: input.apiKeyId ?? null, createdBy: actor?.userId ?? null,
  }).returningAll().executeTakeFirstOrThrow();
  const r = { id: row.id, orgPath: intakePath, reportNo };
  await trx.insertInto('tipoffs.reporters').values({
    reportId: row.id, orgPath: intakePath, ...reporter, accountUserId: reporter.anonymous ? null : input.accountUserId ?? null,
  }).execute();
  for (const f of files) {
    await trx.insertInto('tipoffs.files').values({ reportId: row.id, orgPath: intakePath, fileId: f.fileId, stage: 'intake', name: f.name, mime: f.mime, addedBy: actor?.userId ?? null }).execute();
  }
  // The side that handles a report owns its deadlines: on the internet side no one handles tip-offs
  // (they cross to the intranet's ledger, tipoffs.exchange.ts), so no stage clock starts here and the
  // deadline scan never warns about them; the state that comes back is shown instead.
  if (deps.siteRole !== 'internet') {
    const stage = await moveStage(deps, trx, r, 'triage');
    await trx.updateTable('tipoffs.reports').set(stage).where('id', '=', row.id).execute();
  }
  await addEvent(trx, r, actor, 'received', { channel: input.channel, files: files.length, ...(place.pending ? { placePending: true } : {}) }, true, receivedAt);
  const duplicates = row.lon !== null && row.lat !== null ? await proposeDuplicates(deps, trx, { ...row, lon: row.lon, lat: row.lat, orgPath: intakePath }) : 0;
  const ack = acknowledgementText(reportNo, trackingCode);
  await messageReporter(deps, trx, reporter, `举报受理回执 ${reportNo}`, ack, `ack:${row.id}`);
  await auditReport(deps, trx, actor, r, 'received', { channel: input.channel, violationType: input.violationType, divisionCode: place.divisionCode, placePending: place.pending, duplicates });
  return { id: row.id, reportNo, trackingCode, receivedAt: receivedAt.toISOString(), status: 'received' as const, acknowledgement: ack };
}

/**
 * Open reports received within the window whose point lies within the distance become merge
 * proposals (a box prefilter on the (lat, lon) index, then haversine). Reports without a point
 * are neither proposed nor searched (a null lat/lon matches no box).
 */
export async function proposeDuplicates(deps: TipoffsDeps, trx: Tx, r: { id: number; lon: number; lat: number; orgPath: string; receivedAt: Date }): Promise<number> {
  const s = await settingsFor(trx, r.orgPath);
  if (s.duplicateDistanceM <= 0) return 0;
  const box = boxAround(r.lon, r.lat, s.duplicateDistanceM);
  const since = new Date(r.receivedAt.getTime() - s.duplicateWindowDays * 86400_000);
  const near = await trx.selectFrom('tipoffs.reports').select(['id', 'lon', 'lat', 'receivedAt'])
    .where('id', '!=', r.id).where('status', 'in', [...OPEN_STATUSES]).where('receivedAt', '>=', since)
    .where('lat', '>=', box.minLat).where('lat', '<=', box.maxLat).where('lon', '>=', box.minLon).where('lon', '<=', box.maxLon)
    .orderBy('id').limit(50).execute();
  let n = 0;
  for (const c of near) {
    if (c.lon === null || c.lat === null) continue;
    const d = haversineM(r.lon, r.lat, c.lon, c.lat);
    if (d > s.duplicateDistanceM) continue;
    const days = Math.round(Math.abs(r.receivedAt.getTime() - c.receivedAt.getTime()) / 86400_000);
    await trx.insertInto('tipoffs.duplicates').values({ reportId: r.id, candidateId: c.id, orgPath: r.orgPath, distanceM: Math.round(d * 10) / 10, days })
      .onConflict((oc) => oc.columns(['reportId', 'candidateId']).doNothing()).execute();
    n++;
  }
  return n;
}
