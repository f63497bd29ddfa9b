/**
 * What each side holds (等保: the government network stays separate from the internet), declared
 * per table rather than left to chance. `exchange.declarations.test.ts` fails when a table of the
 * database is not declared here, when a record kind reads or writes a table its sites do not both
 * hold, and when anything confidential could leave the intranet.
 *
 * - `both`: both sites hold rows (reference data, and what crosses in packages);
 * - `intranet`: only the intranet (review, decisions in progress, confidential data);
 * - `internet`: only the internet side (public accounts' traffic, public intake machinery);
 * - `local`: each site keeps its own and it never crosses (keys, sessions, audit, queues).
 */
export type Holding = 'both' | 'intranet' | 'internet' | 'local';

/** Default per schema; a table listed in TABLES overrides it. */
export const SCHEMAS: Record<string, Holding> = {
  orgs: 'both', // divisions and units: provisioned alike on both sides
  access: 'local', // roles and posts of each site's own staff
  identity: 'local', // accounts, sessions, SMS codes: never carried
  audit: 'local', // each site's own hash chain
  calendar: 'both',
  files: 'both', // content-addressed; a file crosses with the record naming it
  documents: 'both', // decisions and licences cross to the internet side for download
  notify: 'local',
  platform: 'local', // secrets, rate limits, seeds
  field: 'internet', // the field app syncs over the internet
  exchange: 'local',
  approvals: 'both',
  tipoffs: 'both',
  transparency: 'local', // each site's own log; checkpoints travel in packages
  selection: 'intranet',
  patches: 'intranet',
  enforcement: 'intranet',
  trading: 'intranet', // sealed reserve prices and bidder numbers stay inside
  statistics: 'intranet',
  hazards: 'intranet',
  map: 'intranet', // scoped layers (宗地 parcels, …) and the history stay inside; public layers: TABLES
  pgboss: 'local',
  portal: 'internet', // the public website group (门户网站) is served from the internet side
  openness: 'internet', // 政务公开 pages, letters and surveys from the public
  pki: 'local', // each site's own CA, certificates, CRLs and certificate sessions
  township: 'internet', // township offices reach the internet-side server (乡镇 B/S access)
};

export const TABLES: Record<string, Holding> = {
  'approvals.opinions': 'intranet', // internal review opinions (审查意见)
  'approvals.case_stages': 'intranet',
  'approvals.warnings': 'intranet',
  'approvals.urges': 'intranet',
  'approvals.clock_stops': 'intranet',
  'approvals.extensions': 'intranet',
  'approvals.case_stats': 'local',
  'approvals.case_numbers': 'local', // each side numbers what it receives (online: internet side)
  'tipoffs.reporters': 'both', // 举报人信息保密: crosses to the intranet only SEALED (exchange sealed field, kind tipoffs.report), never back
  'tipoffs.secrets': 'local',
  'tipoffs.api_keys': 'local',
  'tipoffs.pow_used': 'local',
  'documents.sequences': 'local',
  'documents.number_prefixes': 'both',
  'township.entries': 'both', // reported patrol findings and notes cross to the intranet (kind township.report)
  'enforcement.disclosures': 'both', // 行政处罚结果公示 crosses to the internet side's public list (kind enforcement.disclosure)
  'map.layers': 'both', // the registry alike on both sides; a public layer's features cross (kind map.public_layer)
  'map.features': 'both', // public layers' features only (visibility public, is_public): the internet side serves the public map
  'patches.import_progress': 'local', // each site's own import runs (导入进度)
};

/** Columns that never leave the intranet in a package, whatever the kind (checked on every to-internet kind). */
export const CONFIDENTIAL_COLUMNS = [
  'approvals.cases.applicant_id_number', // 身份证号
  'approvals.opinions.comment',
  'identity.users.id_number', 'identity.users.password_hash', 'identity.users.totp_secret',
  'identity.sessions.id',
  'platform.secrets.value', 'tipoffs.secrets.value',
  'tipoffs.reporters.name', 'tipoffs.reporters.phone', 'tipoffs.reporters.email', 'tipoffs.reporters.id_number', // 举报人
  'trading.lots.reserve_cipher', 'trading.lots.reserve_opened', 'trading.lots.reserve_salt', 'trading.lot_keys.private_key', // 底价
] as const;

export function holdingOf(table: string): Holding | undefined {
  return TABLES[table] ?? SCHEMAS[table.split('.')[0]];
}
