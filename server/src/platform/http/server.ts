/**
 * The Fastify instance every module registers on: zod schemas for validation and OpenAPI,
 * one error handler, cookies, rate limiting. No module creates its own.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { OneLineRequestLog } from './web-delivery.ts';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError } from './errors.ts';
import { clientErrorHandler, frameworkErrors, installHardening } from './hardening.ts';
import { REDACT_PATHS, redactedRequest } from './log-redact.ts';
import { pgRateLimitStore } from './rate-limit-store.ts';
import type { Db } from '../db/database.ts';

export type HttpApp = FastifyInstance;
export type { ZodTypeProvider };

export interface HttpOptions {
  logLevel: string;
  bodyLimit: number;
  /** Proxies whose X-Forwarded-For is believed (addresses/CIDRs); empty: none. */
  trustProxy?: readonly string[];
  /** Public base URL (PUBLIC_URL): its origin passes the CSRF check besides the request's host. */
  publicUrl?: string | undefined;
  /** Extra image sources of the Content-Security-Policy (basemap tile servers). */
  imgSources?: readonly string[];
  /** Counts the routes' rate limits in PostgreSQL (shared by every process); unset: in process memory. */
  rateLimitDb?: Db;
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string; [k: string]: unknown };
}

function fieldOf(v: { instancePath?: string; keyword?: string; params?: Record<string, unknown> }, where: string): string {
  const base = (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  if (v.keyword === 'unrecognized_keys' && Array.isArray(v.params?.keys)) {
    const key = String(v.params.keys[0]);
    return base ? `${base}.${key}` : key;
  }
  return base || where;
}

/**
 * The facts of a schema issue the web app needs to say it in the page's language (web
 * `errors.ts`): the zod issue code as `issue`, and its limits (`minimum`, `maximum`,
 * `inclusive`, `exact`, `origin`, `expected`, `format`, `pattern`, `divisor`). JSON-safe
 * primitives only; never the input value.
 */
const ISSUE_FACTS = ['origin', 'expected', 'minimum', 'maximum', 'inclusive', 'exact', 'format', 'pattern', 'divisor'] as const;
export function issueDetails(v: { keyword?: string; message?: string; params?: Record<string, unknown> }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof v.keyword === 'string') out.issue = v.keyword;
  for (const k of ISSUE_FACTS) {
    const x = v.params?.[k];
    if (k === 'pattern' && v.params?.format !== 'regex') continue; // the built-in formats are named by `format`
    if (typeof x === 'bigint') out[k] = Number(x);
    else if (x instanceof RegExp) out[k] = `/${x.source}/`;
    else if (typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))) out[k] = x;
  }
  // zod reports a missing field as invalid_type with `received undefined` only in its message.
  if (v.keyword === 'invalid_type' && /received undefined/.test(v.message ?? '')) out.missing = true;
  return out;
}

/** Maps any thrown error to a status and a body with a code and a message naming the field. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, ...err.details } } };
  }
  const e = err as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(e) || (Array.isArray(e.validation) && e.validation.length > 0)) {
    const v = e.validation![0] as { instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> };
    const field = fieldOf(v, e.validationContext ?? 'body');
    const message =
      v.keyword === 'unrecognized_keys' ? `${field}: unknown field` : `${field}: ${v.message ?? 'invalid value'}`;
    return { status: 400, body: { error: { code: 'validation.failed', message, field, ...issueDetails(v) } } };
  }
  // Malformed multipart bodies (no boundary, cut short): busboy throws plain errors.
  if (/^Multipart: |unexpected end of multipart data/i.test(e.message ?? '')) {
    return { status: 400, body: { error: { code: 'request.malformed_multipart', message: `body: malformed multipart/form-data (${e.message})`, field: 'body' } } };
  }
  // PostgreSQL refusing a value (class 22 data exceptions: too long, bad syntax, bad encoding;
  // 42622 a name or ltree label too long) is bad input that slipped past a schema, not a fault.
  const pgCode = (err as { code?: unknown; severity?: unknown }).severity ? String(e.code ?? '') : '';
  if (/^22[0-9A-Z]{3}$/.test(pgCode) || pgCode === '42622') {
    return { status: 400, body: { error: { code: 'request.invalid_value', message: `a value was refused by the database: ${e.message}` } } };
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { error: { code: 'request.malformed_json', message: `body: ${e.message}`, field: 'body' } } };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: { code: 'request.too_large', message: 'body: request body is too large', field: 'body' } } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 415, body: { error: { code: 'request.unsupported_media_type', message: e.message } } };
  }
  if (e.statusCode === 429) {
    return { status: 429, body: { error: { code: 'request.rate_limited', message: 'too many requests, try again later' } } };
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: { error: { code: e.code ?? 'request.invalid', message: e.message } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
}

export async function createHttp(opts: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logLevel === 'silent' ? false
      : { level: opts.logLevel, serializers: { req: redactedRequest }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    // One line per request instead of Fastify's two; static files only at debug (web-delivery.ts).
    logController: new OneLineRequestLog(),
    bodyLimit: opts.bodyLimit,
    trustProxy: opts.trustProxy?.length ? [...opts.trustProxy] : false,
    ajv: { customOptions: { removeAdditional: false } },
    // Answers Fastify and Node write themselves keep the error envelope (hardening.ts).
    frameworkErrors,
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);

  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });

  installHardening(app, { publicUrl: opts.publicUrl, imgSources: opts.imgSources ?? [] });

  await app.register(fastifyCookie);
  // Global limit off; routes opt in with `config.rateLimit` (login, SMS codes, public forms).
  await app.register(fastifyRateLimit, { global: false, ...(opts.rateLimitDb ? { store: pgRateLimitStore(opts.rateLimitDb) } : {}) });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Sunland (阳光国土) API', version: '0.1.0', description: 'Land and natural-resources e-government platform' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sunland_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
