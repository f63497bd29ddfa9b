/**
 * Every setting of the server, validated once at start. A bad value stops the server with a
 * message that names the variable. Each field has one doc comment; `docs/operations.md` lists them.
 */
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const EnvSchema = z.object({
  /** TCP port of the HTTP server. */
  PORT: int(0, 65535).default(3000),
  /** Address the HTTP server binds to. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Directory for the embedded database (`pg/`), files (`files/`) and secrets. */
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * Connection of the migration role to an external PostgreSQL >= 15. Unset: the embedded
   * PostgreSQL in `DATA_DIR/pg` is started and used.
   */
  DATABASE_URL: z.string().url().optional(),
  /**
   * Connection of the least-privileged application role. Unset: the role `sunland_app` is
   * created by the migrator with a password kept in `DATA_DIR/secrets`.
   */
  APP_DATABASE_URL: z.string().url().optional(),
  /** Maximum connections of the application pool. */
  DB_POOL_MAX: int(1, 500).default(20),
  /**
   * Optional connection of the application role to a read replica, for the heavy read paths
   * (map tiles, OGC API items, bbox features, extents, search). Row-level security applies
   * there as on the primary; writes and reads-after-write stay on the primary.
   */
  DATABASE_READ_URL: z.string().url().optional(),
  /** Maximum connections of the read-replica pool. */
  DB_READ_POOL_MAX: int(1, 500).default(20),
  /** Load the deterministic demo data (divisions of 贵州, the 播州区 bureau, demo accounts) on first start. */
  DEMO: bool.default(true),
  /** Log level of the server (pino). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Idle minutes after which a session ends (等保: ≤ 30). */
  SESSION_IDLE_MINUTES: int(1, 24 * 60).default(30),
  /** Days after which a staff password must be changed. */
  PASSWORD_MAX_AGE_DAYS: int(1, 3650).default(90),
  /**
   * Failed sign-ins of one login name after which each further attempt needs a proof of work
   * (the account is never locked: a stranger must not be able to lock its owner out).
   */
  LOGIN_MAX_FAILURES: int(1, 100).default(5),
  /** Minutes a failed sign-in counts towards LOGIN_MAX_FAILURES of its login name. */
  LOGIN_LOCK_MINUTES: int(1, 24 * 60).default(15),
  /** Failed sign-ins from one client address (any names) after which it gets 429 until the window ends (password spraying). */
  LOGIN_ADDRESS_MAX_FAILURES: int(1, 100_000).default(20),
  /** Minutes a failed sign-in counts towards LOGIN_ADDRESS_MAX_FAILURES of its address. */
  LOGIN_ADDRESS_WINDOW_MINUTES: int(1, 24 * 60).default(15),
  /** Leading zero bits of the proof of work asked after LOGIN_MAX_FAILURES (+1 per further failure, at most +4). */
  LOGIN_POW_BITS: int(1, 28).default(16),
  /**
   * Object store of uploaded files for several server processes: `s3://bucket/prefix` on an
   * S3-compatible store (MinIO, Ceph RGW, a cloud's). Unset: the local disk under DATA_DIR/files (one process).
   */
  FILE_STORE_URL: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be s3://bucket or s3://bucket/prefix').optional(),
  /** Endpoint of the S3-compatible store, e.g. `http://minio:9000`. Unset: the provider's default for S3_REGION. */
  S3_ENDPOINT: z.string().url().optional(),
  /** Region of the bucket (MinIO accepts any). */
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Access key of the store. Unset (with the secret): the SDK's default chain (AWS_* variables, instance role). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  /** Secret key of the store. */
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style addressing (`endpoint/bucket/key`). Default: on when S3_ENDPOINT is set (MinIO, Ceph), off otherwise. */
  S3_FORCE_PATH_STYLE: bool.optional(),
  /** Largest accepted upload in bytes. */
  FILE_MAX_BYTES: int(1, 2 ** 31).default(50 * 1024 * 1024),
  /** Largest accepted JSON body in bytes. */
  BODY_MAX_BYTES: int(1024, 2 ** 30).default(1024 * 1024),
  /** SMS provider: `table` records messages in the database (development), `http` posts JSON to SMS_HTTP_URL. */
  SMS_PROVIDER: z.enum(['table', 'http']).default('table'),
  /** URL the `http` SMS provider posts JSON `{to, text, idempotencyKey}` to; non-2xx is retried. */
  SMS_HTTP_URL: z.string().url().optional(),
  /**
   * Shared secret of the SMS gateway's inbound callback (上行短信, replies to warnings):
   * `POST /api/public/hazards/sms-inbound` accepts only messages signed with it (HMAC-SHA256).
   * Unset: the route is off (503) and replies acknowledge nothing.
   */
  SMS_INBOUND_SECRET: z.string().min(16).optional(),
  /** SMTP server for e-mail, e.g. smtp://user:pass@host:587. Unset: e-mail is not sent and stays queued. */
  SMTP_URL: z.string().url().optional(),
  /** Sender address of e-mail. */
  SMTP_FROM: z.string().min(3).default('Sunland <noreply@sunland.local>'),
  /** Public base URL, used in links printed on documents and messages. Unset: the listening address (a LAN address for 0.0.0.0), with a warning at start outside demo mode. */
  PUBLIC_URL: z.string().url().optional(),
  /** Delivery attempts of an outbox message (SMS, e-mail, in-app) before it is marked dead. */
  NOTIFY_MAX_ATTEMPTS: int(1, 100).default(8),
  /** Milliseconds before the first retry of a failed message; doubled per attempt, capped at one hour. */
  NOTIFY_RETRY_BASE_MS: int(1, 3_600_000).default(15_000),
  /** Start the background job worker (pg-boss) in this process. */
  JOBS: bool.default(true),
  /** Mark cookies `Secure` (set behind HTTPS). Also on whenever PUBLIC_URL is https. */
  COOKIE_SECURE: bool.default(false),
  /**
   * Reverse proxies whose `X-Forwarded-For` is believed: comma-separated addresses or CIDR
   * ranges, e.g. `127.0.0.1,10.0.0.0/8`. Unset: none — the peer address is the client, so that
   * nobody can dodge the per-address limits (login, SMS codes, public forms) with the header.
   */
  TRUST_PROXY: z
    .string()
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine((x) => {
      const [addr, bits, ...rest] = x.split('/');
      const kind = net.isIP(addr ?? '');
      if (!kind || rest.length) return false;
      return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128));
    }, 'addresses or CIDR ranges, comma-separated')))
    .default([]),
  /**
   * Basemap of the web map: an XYZ tile URL template with {x} {y} {z} ({0-7} picks a subdomain),
   * e.g. 天地图 `https://t{0-7}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY`.
   * Unset: the map shows the vector layers alone.
   */
  MAP_BASEMAP_URL: z.string().min(8).optional(),
  /** Optional label overlay of the basemap (天地图 `cva_w`), same template form. */
  MAP_BASEMAP_LABELS_URL: z.string().min(8).optional(),
  /** Attribution shown with the basemap (审图号 and provider). */
  MAP_BASEMAP_ATTRIBUTION: z.string().default(''),
  /**
   * Witness keys (C2SP cosignature/v1 vkeys, comma-separated) whose cosignatures of the
   * transparency log's checkpoints are accepted (POST /api/transparency/cosignatures) and served.
   */
  TRANSPARENCY_WITNESS_VKEYS: z.string().regex(/^\s*[^+\s,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+\s*(,\s*[^+\s,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+\s*)*$/, 'must be witness vkeys <name>+<hash>+<key>, comma-separated').optional(),
  /**
   * Remote witnesses the log asks to cosign each new checkpoint over HTTP (C2SP tlog-witness
   * add-checkpoint): comma-separated `<url prefix> <witness vkey>` pairs; their keys are accepted too.
   */
  TRANSPARENCY_WITNESSES: z.string().regex(/^\s*https?:\/\/[^\s,]+\s+[^+\s,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+\s*(,\s*https?:\/\/[^\s,]+\s+[^+\s,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+\s*)*$/, 'must be "<url> <witness vkey>" pairs, comma-separated').optional(),
  /** Key name of this instance as a witness of other logs (e.g. `witness.example.gov.cn/sunland`); set, it serves /witness/add-checkpoint. The key itself is the shared secret `transparency.witness`. */
  TRANSPARENCY_WITNESS_NAME: z.string().regex(/^[^+\s,]+$/, 'a key name without spaces, "+" or ","').optional(),
  /** The logs this instance witnesses: their vkeys (`<origin>+<hash>+<key>`), comma-separated. */
  TRANSPARENCY_WITNESSED_LOGS: z.string().regex(/^\s*[^+\s,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+\s*(,\s*[^+\s,]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+\s*)*$/, 'must be log vkeys <origin>+<hash>+<key>, comma-separated').optional(),
  /** Memory for encoded vector tiles (MB); the cache key includes the layer version. */
  MAP_TILE_CACHE_MB: int(0, 65536).default(64),
  /**
   * Worker threads for the heavy geometry work of uploads (unpacking, parsing, validating,
   * converting), off the event loop. Default: the cores but one, at least 1, at most 4.
   */
  GEO_WORKERS: int(1, 64).default(Math.max(1, Math.min(4, os.availableParallelism() - 1))),
  /** Largest body an anonymous caller may send to the geometry tools (/api/geo/*), in bytes; signed-in users get FILE_MAX_BYTES. */
  GEO_ANON_MAX_BYTES: int(1024, 2 ** 31).default(4 * 1024 * 1024),
  /**
   * Append-only file the signed audit chain head is written to (one JSON line per anchor).
   * Unset: `DATA_DIR/audit-anchors.jsonl`. Put it on other storage than the database (or ship it off) to be worth most.
   */
  AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  /** Minutes between two anchors of the audit chain head (a background job; one more on shutdown). */
  AUDIT_ANCHOR_INTERVAL_MINUTES: int(1, 60).default(10),
  /**
   * Ed25519 key that signs the anchors: the 32-byte seed, base64. Unset: a key generated once
   * and kept in the database (platform.secrets). Set it to keep the key out of the database.
   */
  AUDIT_ANCHOR_KEY: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of 32 bytes').optional(),
  /**
   * Key (base64, 32 bytes) of the trading applications' account tags, with which a bidder finds
   * their own application; kept out of the database so that its SQL links no account to a lot.
   * Unset: made once in DATA_DIR/secrets/trading-tag-key. Set the same on every process.
   */
  TRADING_TAG_KEY: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of 32 bytes').optional(),
  /** Demo tip-off reports seeded on the first demo start (read by tipoffs.demo-reports.ts); tests use 0. */
  TIPOFFS_DEMO_REPORTS: int(0, 5000).default(300),
  /** Demo approvals cases in every state made on the first demo start (approvals/demo-cases.ts); tests use 0. */
  APPROVALS_DEMO_CASES: int(0, 100).default(12),
  /** Demo agencies (中介机构) and one completed draw, made on the first demo start (DEMO=true, no agency yet); `npm test` sets false. */
  SELECTION_DEMO: bool.default(true),
  /** Demo 政务公开 entries, letters and a survey, made on the first demo start (DEMO=true, no entry yet); `npm test` sets false. */
  OPENNESS_DEMO: bool.default(true),
  /**
   * Seconds a process keeps a session's facts (user, post, permissions) for GET requests; 0 turns
   * the cache off. A cached session is still confirmed against the database in every request
   * (inside the first scoped statement, or before the answer), so a revoked session stops at once.
   */
  SESSION_CACHE_SECONDS: int(0, 3600).default(60),
  /** Answers of at least this many bytes are sent brotli- or gzip-compressed when the client accepts it (JSON, GeoJSON, vector tiles, text). */
  COMPRESS_MIN_BYTES: int(0, 2 ** 30).default(1024),
  /** TCP port of the embedded MQTT broker for monitoring devices (hazards); 0 = no embedded broker. */
  MQTT_PORT: int(0, 65535).default(1883),
  /** Address the embedded MQTT broker binds to. */
  MQTT_HOST: z.string().min(1).default('127.0.0.1'),
  /** External MQTT broker (EMQX, Mosquitto) to subscribe to instead of the embedded one, e.g. mqtt://user:pass@broker:1883. */
  MQTT_URL: z.string().url().optional(),
  /** Observations timed more than this many seconds in the future are refused (device clock wrong). */
  OBS_MAX_FUTURE_S: int(0, 86400).default(300),
  /** Port of the HTTPS listener that asks for client certificates (证书登录); 0: a free port. Unset: none. */
  TLS_PORT: int(0, 65535).optional(),
  /** PEM key and certificate of that listener. Unset: a server certificate issued by the platform CA for HOST, localhost and 127.0.0.1. */
  TLS_KEY_FILE: z.string().min(1).optional(),
  TLS_CERT_FILE: z.string().min(1).optional(),
  /**
   * Reverse proxies that verify client certificates and pass them on in CLIENT_CERT_HEADER:
   * comma-separated addresses or CIDR ranges of the proxy itself (the TCP peer, never a forwarded
   * address). The header from any other address is ignored. Unset: none.
   */
  TRUSTED_PROXIES: z
    .string()
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine((x) => {
      const [addr, bits, ...rest] = x.split('/');
      const kind = net.isIP(addr ?? '');
      if (!kind || rest.length) return false;
      return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128));
    }, 'addresses or CIDR ranges, comma-separated')))
    .default([]),
  /** Header carrying the verified client certificate from a trusted proxy: RFC 9440 `:base64 DER:` or URL-encoded PEM (nginx $ssl_client_escaped_cert). */
  CLIENT_CERT_HEADER: z.string().regex(/^[a-z0-9-]+$/, 'a lowercase header name').default('client-cert'),
  /** External CA instead of the platform's own: the issuing CA certificate first, then its chain (PEM). Needs PKI_CA_KEY_FILE. */
  PKI_CA_CERT_FILE: z.string().min(1).optional(),
  /** PKCS#8 PEM key of the external issuing CA (ECDSA P-256). */
  PKI_CA_KEY_FILE: z.string().min(1).optional(),
  /** Common name of the platform CA certificate (made once, on first use). */
  PKI_CA_NAME: z.string().min(1).max(64).default('Sunland Platform CA'),
  /** Validity of a staff certificate in days. */
  PKI_CERT_DAYS: int(1, 3650).default(365),
  /** Validity of a published CRL in hours (a new one is made on every revocation and when half of it is gone). */
  PKI_CRL_HOURS: int(1, 720).default(24),
  /** Allow the DEMO PKCS#12 download (key generated on the server). Default: on in demo mode only. */
  PKI_DEMO_P12: bool.optional(),
  /**
   * Deployment role (部署角色): `internet` (portal, public applications, township access),
   * `intranet` (review, decisions, everything confidential) or `all` (one site, as before).
   * Data crosses between an internet and an intranet site only in exchange packages.
   */
  SITE_ROLE: z.enum(['internet', 'intranet', 'all']).default('all'),
  /** This site's name in exchange packages (sender/recipient), e.g. bozhou-internet; default sunland-<SITE_ROLE>. */
  EXCHANGE_SITE: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case letters, digits and -').optional(),
  /** Days an exchange package may wait before import (expiry); an older package is refused. */
  EXCHANGE_PACKAGE_DAYS: int(1, 90).default(7),
  /** A patch field photo (图斑外业照片) whose app or EXIF position lies farther than this from the patch is flagged (metres). */
  PATCH_PHOTO_MAX_DISTANCE_M: int(10, 100_000).default(100),
  /** Let the portal's external link check (网站普查) reach loopback and private addresses; off, so an editor's link cannot make the server probe the intranet. */
  PORTAL_LINK_CHECK_INSIDE: bool.default(false),
});

export type Env = z.infer<typeof EnvSchema> & { dataDir: string };

/** Parses settings; throws an Error whose message names each bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const v = source[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const parsed = EnvSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  if (env.SMS_PROVIDER === 'http' && !env.SMS_HTTP_URL) {
    throw new Error('Invalid configuration:\n  SMS_HTTP_URL: required when SMS_PROVIDER=http');
  }
  if (!env.PKI_CA_CERT_FILE !== !env.PKI_CA_KEY_FILE) {
    throw new Error(`Invalid configuration:\n  ${env.PKI_CA_CERT_FILE ? 'PKI_CA_KEY_FILE' : 'PKI_CA_CERT_FILE'}: required with ${env.PKI_CA_CERT_FILE ? 'PKI_CA_CERT_FILE' : 'PKI_CA_KEY_FILE'}`);
  }
  if (!env.TLS_KEY_FILE !== !env.TLS_CERT_FILE) {
    throw new Error(`Invalid configuration:\n  ${env.TLS_KEY_FILE ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE'}: required with ${env.TLS_KEY_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'}`);
  }
  // A site served over https must never send the session cookie in clear: derived, not only configured.
  const cookieSecure = env.COOKIE_SECURE || (env.PUBLIC_URL !== undefined && new URL(env.PUBLIC_URL).protocol === 'https:');
  return { ...env, COOKIE_SECURE: cookieSecure, dataDir: path.resolve(env.DATA_DIR) };
}
