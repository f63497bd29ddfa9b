/**
 * Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2): discovery,
 * service list and definitions (one service per violation type), POST requests
 * (application/x-www-form-urlencoded, api_key required) into the ledger with channel `open311`,
 * GET requests with the spec's filters, GET one request. JSON or XML by the path's extension;
 * every error is the spec's list of {code, description}, never a 500 for bad input.
 * Reporter identity, the facts and the party reported are never output (六个不准: the reported
 * party must not be tipped off).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { SYSTEM_CONTEXT, withContext, type Tx } from '../../platform/db/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { toErrorResponse } from '../../platform/http/server.ts';
import type { TipoffsRouteOptions } from './tipoffs.routes.ts';
import { STATUSES, VIOLATION_TYPES, REFUSAL_REASONS, DISPOSAL_OUTCOMES, type ViolationType } from './tipoffs.schemas.ts';
import { createReport } from './intake.ts';
import { sha256Hex } from './tipoffs.deps.ts';
import { STAGE_NAMES } from './views.ts';
import { divisionAt } from '../map/index.ts';
import type { ReportStatus, StageKey } from './tipoffs.tables.ts';

type Format = 'json' | 'xml';

/** Our field names as the Open311 parameters that carried them. */
const OPEN311_FIELD: Record<string, string> = {
  'place.point': 'lat/long', 'place.divisionCode': 'attribute[division_code]', 'place.address': 'address_string', party: 'attribute[party]', facts: 'description',
  'reporter.name': 'first_name/last_name', 'reporter.phone': 'phone', 'reporter.email': 'email',
};
type Obj = Record<string, unknown>;

export class Open311Error extends Error {
  readonly status: number;
  constructor(status: number, description: string) {
    super(description);
    this.status = status;
  }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** XML of a value: arrays repeat `item` elements; null becomes an empty element. */
function xmlOf(name: string, v: unknown, item?: Record<string, string>): string {
  if (v === null || v === undefined) return `<${name}/>`;
  if (Array.isArray(v)) {
    const child = item?.[name] ?? 'item';
    return `<${name}>${v.map((x) => xmlOf(child, x, item)).join('')}</${name}>`;
  }
  if (typeof v === 'object') return `<${name}>${Object.entries(v as Obj).map(([k, x]) => xmlOf(k, x, item)).join('')}</${name}>`;
  return `<${name}>${esc(String(v))}</${name}>`;
}

/** Plural → singular element names used by GeoReport v2 XML. */
const ITEMS: Record<string, string> = {
  services: 'service', service_requests: 'request', errors: 'error', attributes: 'attribute', values: 'value',
  endpoints: 'endpoint', formats: 'format', keywords: 'keyword',
};

function send(reply: FastifyReply, format: Format, root: string, body: unknown, status = 200) {
  if (format === 'json') return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  return reply.status(status).type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>${xmlOf(root, body, ITEMS)}`);
}

function splitFile(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw new Open311Error(404, `unknown format in ${file}: use .json or .xml`);
  return { name: m[1]!, format: m[2] as Format };
}

function formatOfUrl(url: string): Format {
  return /\.xml(\?|$)/.test(url) ? 'xml' : 'json';
}

/** W3C datetime in China time, e.g. 2026-12-01T13:30:00+08:00. */
function w3c(d: Date | null): string | null {
  if (!d) return null;
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${t}+08:00`;
}

function parseW3c(field: string, v: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) throw new Open311Error(400, `${field}: not a w3 datetime (e.g. 2026-05-01T00:00:00+08:00)`);
  const d = new Date(v.length === 10 ? `${v}T00:00:00+08:00` : /(Z|[+-]\d{2}:?\d{2})$/.test(v) ? v : `${v}+08:00`);
  if (Number.isNaN(d.getTime())) throw new Open311Error(400, `${field}: not a valid date`);
  return d;
}

const GROUP = { land: '土地违法 Land', mineral: '矿产违法 Minerals' } as const;

function services() {
  return Object.entries(VIOLATION_TYPES).map(([code, v]) => ({
    service_code: code, service_name: v.name, description: `${v.name} (${v.nameEn})`, metadata: true, type: 'realtime',
    keywords: v.category === 'land' ? '土地,land,12336' : '矿产,mineral,12336', group: GROUP[v.category],
  }));
}

/** What a request needs as its place, said in every service definition. */
export const LOCATION_NEEDS = 'GB/T 2260 code of the county (6 digits) or township (9 digits) where it happened. Optional. '
  + 'Location: lat+long, or address_string, or address_id (one is required). Without division_code the division is '
  + 'taken from lat/long where the boundaries are known (the map\'s divisions layer: 播州区 and its townships), else from '
  + 'address_string when that names a county or township (e.g. 播州区三岔镇). A point in no known boundary whose address names '
  + 'none needs division_code (400). A request without lat/long whose address names no division is received for triage '
  + 'to place (发生地待定: the hotline places it); its lat/long are left out of GET requests.';

function definition(code: string) {
  return {
    service_code: code,
    attributes: [
      { variable: true, code: 'division_code', datatype: 'string', required: false, datatype_description: LOCATION_NEEDS, order: 1, description: '发生地行政区划代码 Division code of the place (optional)', values: [] },
      { variable: true, code: 'party', datatype: 'string', required: true, datatype_description: 'person, company or organ reported', order: 2, description: '被举报对象 Party reported', values: [] },
    ],
  };
}

interface ReqRow {
  reportNo: string; status: ReportStatus; stage: StageKey | null; violationType: string; address: string; lon: number | null; lat: number | null; placePending: boolean;
  receivedAt: Date; updatedAt: Date; stageDueDate: string | null; refusalReason: string | null; refusalRedirect: string | null;
  feedbackText: string | null; disposalOutcome: string | null; mergedNo: string | null; agency: string | null;
}

function statusNotes(r: ReqRow): string {
  if (r.status === 'refused') {
    const reason = r.refusalReason ? REFUSAL_REASONS[r.refusalReason as keyof typeof REFUSAL_REASONS]?.name : '';
    return `${STATUSES.refused}：${reason}。${r.refusalRedirect ?? ''}`;
  }
  if (r.status === 'merged') return `${STATUSES.merged}：与 ${r.mergedNo ?? ''} 合并办理`;
  if ((r.status === 'closed' || r.status === 'feedback_given') && r.feedbackText) {
    const outcome = r.disposalOutcome ? DISPOSAL_OUTCOMES[r.disposalOutcome as keyof typeof DISPOSAL_OUTCOMES] : '';
    return `${STATUSES[r.status]}：${outcome}。${r.feedbackText}`;
  }
  const pending = r.placePending ? '；发生地待定（place to be determined）' : '';
  return r.stage ? `${STATUSES[r.status]}（当前环节：${STAGE_NAMES[r.stage]}${pending}）` : `${STATUSES[r.status]}${pending}`;
}

function present(r: ReqRow) {
  const type = VIOLATION_TYPES[r.violationType as ViolationType];
  const closed = r.status === 'closed' || r.status === 'refused' || r.status === 'merged';
  return {
    service_request_id: r.reportNo, status: closed ? 'closed' : 'open', status_notes: statusNotes(r),
    service_name: type?.name ?? r.violationType, service_code: r.violationType, description: type?.name ?? '',
    agency_responsible: r.agency ?? '', service_notice: '', requested_datetime: w3c(r.receivedAt), updated_datetime: w3c(r.updatedAt),
    expected_datetime: !closed && r.stageDueDate ? `${r.stageDueDate}T17:30:00+08:00` : null,
    address: r.address, address_id: null, zipcode: null,
    // A report received with an address only has no point: lat/long are left out, not 0 or null.
    ...(r.lat !== null && r.lon !== null ? { lat: r.lat, long: r.lon } : {}), media_url: null,
  };
}

function requestsQuery(trx: Tx) {
  return trx.selectFrom('tipoffs.reports as r')
    .leftJoin('tipoffs.reports as m', 'm.id', 'r.mergedIntoId')
    .leftJoin('orgs.org_units as u', (j) => j.on(sql<boolean>`u.path = r.org_path and u.kind = 'bureau'`))
    .select(['r.reportNo', 'r.status', 'r.stage', 'r.violationType', 'r.address', 'r.lon', 'r.lat', 'r.placePending', 'r.receivedAt', 'r.updatedAt', 'r.stageDueDate',
      'r.refusalReason', 'r.refusalRedirect', 'r.feedbackText', 'r.disposalOutcome', 'm.reportNo as mergedNo', 'u.name as agency']);
}

/**
 * The current counties or townships that an address names (division_code left out): the
 * counties named in the text, then the townships named in it — under a named county when one is.
 * The deepest level named wins; one code is the division, several are ambiguous.
 */
async function divisionsNamedIn(trx: Tx, address: string): Promise<string[]> {
  if (!address) return [];
  const named = await trx.selectFrom('orgs.divisions').select(['code', 'level', sql<string>`path::text`.as('path')])
    .where('validTo', 'is', null).where('level', 'in', ['county', 'township'])
    .where(sql<boolean>`char_length(name) >= 2 and strpos(${address}, name) > 0`).execute();
  const counties = named.filter((d) => d.level === 'county');
  const townships = named.filter((d) => d.level === 'township' && (counties.length === 0 || counties.some((c) => d.path.startsWith(`${c.path}.`))));
  return (townships.length ? townships : counties).map((d) => d.code);
}

const NEED_DIVISION = 'attribute[division_code]: required when the point lies in no known boundary and address_string names no county or township (GB/T 2260, 6 or 9 digits)';

/**
 * The division of a request without attribute[division_code]. With a point: the boundary of the
 * map's divisions layer it lies in (map `divisionAt`), else the one division the address names,
 * else a 400 naming attribute[division_code]. Without a point (address only): the one division
 * the address names, else null — the report is received for triage to place (发生地待定).
 */
export async function divisionOf(trx: Tx, point: { lon: number; lat: number } | null, address: string): Promise<string | null> {
  if (point) {
    const at = await divisionAt(trx, point.lon, point.lat);
    if (at) return at;
  }
  const named = await divisionsNamedIn(trx, address);
  if (named.length === 1) return named[0]!;
  if (!point) return null;
  throw new Open311Error(400, named.length ? `${NEED_DIVISION}: the address names ${named.length} divisions (${named.slice(0, 5).join(', ')})` : NEED_DIVISION);
}

type Form = URLSearchParams;
const one = (f: Form, k: string) => {
  const v = f.get(k);
  return v === null ? undefined : v.trim();
};

export const open311Routes: FastifyPluginAsync<TipoffsRouteOptions> = async (app, { platform, tipoffs }) => {
  const { deps } = tipoffs;
  // Form-encoded bodies (the spec's POST); URLSearchParams keeps attribute[code] keys as they are.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, new URLSearchParams(String(body)));
  });
  app.setErrorHandler((err, req, reply) => {
    const format = formatOfUrl(req.url);
    let status: number;
    let description: string;
    if (err instanceof Open311Error) {
      status = err.status;
      description = err.message;
    } else {
      const mapped = toErrorResponse(err);
      status = mapped.status;
      description = mapped.body.error.message;
      if (status >= 500) req.log.error({ err }, 'open311 request failed');
      if (err instanceof AppError && err.details?.field) {
        const field = OPEN311_FIELD[String(err.details.field)] ?? String(err.details.field);
        description = `${field}: ${description.replace(/^[\w.[\]]+: /, '')}`;
      }
      // The spec knows 400 (bad input), 403 (api_key) and 404; other client errors read as 400.
      if (status >= 400 && status < 500 && ![400, 403, 404, 413, 429].includes(status)) status = 400;
    }
    void send(reply, format, 'errors', [{ code: status, description }], status);
  });

  const base = '/open311/v2';

  app.get(`${base}/:file`, { schema: { hide: true } }, async (req: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const { name, format } = splitFile(req.params.file);
    if (name === 'discovery') {
      const url = `${req.protocol}://${req.host}${base}/`;
      return send(reply, format, 'discovery', {
        changeset: '2026-12-01T00:00:00+08:00', contact: '12336 国土资源违法举报 / Sunland', key_service: 'API keys are issued by the system administrator (系统管理员)',
        endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset: '2026-12-01T00:00:00+08:00', type: 'production', formats: ['text/xml', 'application/json'] }],
      });
    }
    if (name === 'services') return send(reply, format, 'services', services());
    if (name === 'requests') return listRequests(req, reply, format);
    throw new Open311Error(404, `no resource ${req.params.file}`);
  });

  app.get(`${base}/services/:file`, { schema: { hide: true } }, async (req: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const { name, format } = splitFile(req.params.file);
    if (!(name in VIOLATION_TYPES)) throw new Open311Error(404, `service_code ${name} not found`);
    return send(reply, format, 'service_definition', definition(name));
  });

  app.get(`${base}/requests/:file`, { schema: { hide: true } }, async (req: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const { name, format } = splitFile(req.params.file);
    const rows = await withContext(platform.db, SYSTEM_CONTEXT, (trx) => requestsQuery(trx).where('r.reportNo', '=', name).execute());
    if (!rows.length) throw new Open311Error(404, `service_request_id ${name} not found`);
    return send(reply, format, 'service_requests', rows.map(present));
  });

  app.get(`${base}/tokens/:file`, { schema: { hide: true } }, async (req: FastifyRequest<{ Params: { file: string } }>) => {
    splitFile(req.params.file);
    throw new Open311Error(404, 'tokens are not used: POST returns service_request_id directly');
  });

  async function listRequests(req: FastifyRequest, reply: FastifyReply, format: Format) {
    const q = req.query as Record<string, unknown>;
    const str = (k: string): string | undefined => {
      const v = q[k];
      if (v === undefined) return undefined;
      if (typeof v !== 'string') throw new Open311Error(400, `${k}: give it once`);
      return v.trim() || undefined;
    };
    const ids = str('service_request_id');
    const rows = await withContext(platform.db, SYSTEM_CONTEXT, async (trx) => {
      let query = requestsQuery(trx).orderBy('r.receivedAt', 'desc').orderBy('r.id', 'desc').limit(1000);
      if (ids) {
        // The spec: with service_request_id, the other parameters are ignored.
        const list = ids.split(',').map((s) => s.trim()).filter(Boolean);
        if (list.length > 100) throw new Open311Error(400, 'service_request_id: at most 100 ids');
        return query.where('r.reportNo', 'in', list).execute();
      }
      const codes = str('service_code')?.split(',').map((s) => s.trim()).filter(Boolean);
      if (codes) {
        const bad = codes.find((c) => !(c in VIOLATION_TYPES));
        if (bad) throw new Open311Error(400, `service_code: unknown service ${bad}`);
        query = query.where('r.violationType', 'in', codes);
      }
      const endRaw = str('end_date');
      const startRaw = str('start_date');
      const end = endRaw ? parseW3c('end_date', endRaw) : null;
      const start = startRaw ? parseW3c('start_date', startRaw) : null;
      if (start && end && start > end) throw new Open311Error(400, 'start_date: after end_date');
      // Default window: the last 90 days (before end_date when given).
      const since = start ?? new Date((end ?? new Date()).getTime() - 90 * 86400_000);
      query = query.where('r.receivedAt', '>=', since);
      if (end) query = query.where('r.receivedAt', '<=', end);
      const statuses = str('status')?.split(',').map((s) => s.trim()).filter(Boolean);
      if (statuses) {
        const bad = statuses.find((s) => s !== 'open' && s !== 'closed');
        if (bad) throw new Open311Error(400, `status: ${bad} is not open or closed`);
        if (!(statuses.includes('open') && statuses.includes('closed'))) {
          const closedSet: ReportStatus[] = ['closed', 'refused', 'merged'];
          query = statuses.includes('closed') ? query.where('r.status', 'in', closedSet) : query.where('r.status', 'not in', closedSet);
        }
      }
      return query.execute();
    });
    return send(reply, format, 'service_requests', rows.map(present));
  }

  app.post(`${base}/:file`, {
    schema: { hide: true },
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
  }, async (req: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const { name, format } = splitFile(req.params.file);
    if (name !== 'requests') throw new Open311Error(404, `no resource ${req.params.file} for POST`);
    if (!(req.body instanceof URLSearchParams)) throw new Open311Error(400, 'send the parameters as application/x-www-form-urlencoded');
    const f = req.body;
    const apiKey = one(f, 'api_key');
    if (!apiKey) throw new Open311Error(403, 'api_key: required to submit service requests');
    const created = await withContext(platform.db, SYSTEM_CONTEXT, async (trx) => {
      const key = await trx.updateTable('tipoffs.api_keys').set({ lastUsedAt: new Date() }).where('keyHash', '=', sha256Hex(apiKey)).where('revokedAt', 'is', null).returning('id').executeTakeFirst();
      if (!key) throw new Open311Error(403, 'api_key: invalid or revoked');
      const code = one(f, 'service_code');
      if (!code) throw new Open311Error(400, 'service_code: required');
      if (!(code in VIOLATION_TYPES)) throw new Open311Error(404, `service_code: ${code} not found`);
      // GeoReport v2: the location is lat+long, or address_string, or address_id.
      const latRaw = one(f, 'lat');
      const lonRaw = one(f, 'long');
      const addressString = one(f, 'address_string') ?? '';
      const addressId = one(f, 'address_id') ?? '';
      if (addressId.length > 100) throw new Open311Error(400, 'address_id: at most 100 characters');
      if (!!latRaw !== !!lonRaw) throw new Open311Error(400, `${latRaw ? 'long' : 'lat'}: required with ${latRaw ? 'lat' : 'long'} (both or neither)`);
      let point: { lon: number; lat: number } | null = null;
      if (latRaw && lonRaw) {
        const lat = Number(latRaw);
        const lon = Number(lonRaw);
        if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw new Open311Error(400, 'lat: a number of degrees between -90 and 90');
        if (!Number.isFinite(lon) || lon < -180 || lon > 180) throw new Open311Error(400, 'long: a number of degrees between -180 and 180');
        point = { lon, lat };
      } else if (!addressString && !addressId) {
        throw new Open311Error(400, 'lat/long, address_string or address_id: give the location (a point inside China in CGCS2000/WGS84 degrees, or an address)');
      }
      const given = one(f, 'attribute[division_code]');
      if (given && !/^\d{6}(\d{3})?$/.test(given)) throw new Open311Error(400, 'attribute[division_code]: 6 or 9 digits (GB/T 2260)');
      const division = given || await divisionOf(trx, point, addressString);
      const party = one(f, 'attribute[party]');
      if (!party || party.length > 200) throw new Open311Error(400, 'attribute[party]: required (at most 200 characters)');
      // Optional in GeoReport v2: a photo (media_url) and a place are a report; the abuse
      // protections are the API key and the rate limit, not a minimum length.
      const description = one(f, 'description') ?? '';
      if (description.length > 4000) throw new Open311Error(400, 'description: at most 4000 characters');
      const address = addressString || (point ? `经纬度 ${point.lon.toFixed(6)}, ${point.lat.toFixed(6)}` : `地址编号 ${addressId}`);
      if (address.length > 200) throw new Open311Error(400, 'address_string: at most 200 characters');
      const email = one(f, 'email');
      if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Open311Error(400, 'email: not an e-mail address');
      const phone = one(f, 'phone')?.replace(/[\s-]/g, '').replace(/^\+86/, '');
      if (phone && !/^(1\d{10}|0\d{9,11})$/.test(phone)) throw new Open311Error(400, 'phone: a mainland mobile or landline number');
      const fullName = `${one(f, 'last_name') ?? ''}${one(f, 'first_name') ?? ''}`.trim();
      const media = one(f, 'media_url');
      const facts = media ? `${description}\n媒体链接：${media}` : description;
      const ref = [addressId && `address_id=${addressId}`, one(f, 'device_id') && `device_id=${one(f, 'device_id')}`, one(f, 'account_id') && `account_id=${one(f, 'account_id')}`].filter(Boolean).join(' ');
      const r = await createReport(deps, trx, null, {
        violationType: code as ViolationType, place: { divisionCode: division, address, point }, party, facts: facts.slice(0, 5000), files: [],
        reporter: { anonymous: !fullName, ...(fullName ? { name: fullName.slice(0, 50) } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
        channel: 'open311', channelRef: ref || undefined, apiKeyId: key.id,
      });
      return r;
    });
    return send(reply, format, 'service_requests', [{
      service_request_id: created.reportNo, service_notice: `查询码 ${created.trackingCode}（举报人凭此查询办理结果）`, account_id: one(f, 'account_id') ?? null,
    }]);
  });

  // Anything else under /open311/v2 answers in the spec's format too.
  app.all(`${base}/*`, { schema: { hide: true } }, async (req) => {
    throw new Open311Error(404, `no resource ${req.method} ${req.url.split('?')[0]}`);
  });
};
