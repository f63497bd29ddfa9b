/**
 * What the openness module is given (plain typed fields, app.ts), and the shapes of the optional
 * dependencies built in parallel this round.
 */
import crypto from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { CalendarService } from '../../platform/calendar/index.ts';
import type { DocumentService } from '../../platform/documents/index.ts';
import type { OrgsService } from '../../platform/orgs/index.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Shape of portal's `indexPublicDocument` (server/src/modules/portal/index.ts, CONTRACTS §2), built
 *  in parallel; the integrator replaces it with the import. */
export interface PublicDocumentInput {
  sourceKind: string; sourceId: string; divisionCode: string; title: string; text: string; url: string; publishedAt: string;
}
export interface PortalIndex {
  indexPublicDocument(trx: Tx, doc: PublicDocumentInput): Promise<void>;
  removePublicDocument(trx: Tx, sourceKind: string, sourceId: string): Promise<void>;
}

/** One county's figures of a month from a module the board reads through an optional dependency:
 *  enforcement (penalties), trading (sales), patches. Keys are figure names (e.g. `decided`, `fines`). */
export interface CountyMonthFigures { countyPath: string; month: string; figures: Record<string, number> }
/** Shape the integrator wires for enforcement, trading and patches: figures per county and month
 *  of the divisions under `underPath`, days from..to inclusive, in the given (system) transaction. */
export type PerformanceSource = (trx: Tx, q: { underPath: string; from: string; to: string }) => Promise<CountyMonthFigures[]>;

export interface OpennessDeps {
  db: Db;
  audit: AuditService;
  calendar: Pick<CalendarService, 'addWorkdays'>;
  documents: Pick<DocumentService, 'issue' | 'getPdf'>;
  orgs: Pick<OrgsService, 'getOrgUnit' | 'findDivision'>;
  /** The portal's search index (optional until portal lands). */
  portal?: PortalIndex | undefined;
  /** Board figures of modules built elsewhere (optional; the board shows what it has). */
  sources?: { penalties?: PerformanceSource | undefined; sales?: PerformanceSource | undefined; patches?: PerformanceSource | undefined } | undefined;
  now?: () => Date;
}

const CST = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
/** The day (YYYY-MM-DD) of an instant in China Standard Time. */
export const chinaDay = (d: Date): string => CST.format(d);
export const nowOf = (deps: Pick<OpennessDeps, 'now'>): Date => (deps.now ? deps.now() : new Date());
export const sha256Hex = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

/** The bureau a staff post acts for (its scope's bureau): the nearest bureau at or above its unit. */
export async function bureauOf(deps: Pick<OpennessDeps, 'orgs'>, trx: Tx, actor: ActingUser) {
  if (actor.orgUnitId === null) throw new AppError('openness.bureau_required', 'a staff post of a bureau is needed');
  let u = await deps.orgs.getOrgUnit(actor.orgUnitId, trx);
  while (u.kind !== 'bureau' && u.parentId !== null) u = await deps.orgs.getOrgUnit(u.parentId, trx);
  if (u.kind !== 'bureau') throw new AppError('openness.bureau_required', 'the post belongs to no bureau');
  return u;
}
