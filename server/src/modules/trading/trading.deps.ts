/** What the trading module is given when it is created (app.ts). */
import type { Db } from '../../platform/db/database.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { CalendarService } from '../../platform/calendar/index.ts';
import type { Actor, ActingUser } from '../../platform/http/actor.ts';
import type { Tx } from '../../platform/db/context.ts';
import type { DepositBank } from './bank.ts';
import type { DocumentService } from '../../platform/documents/index.ts';
import type { NotifyService } from '../../platform/notify/index.ts';

export interface TradingDeps {
  db: Db;
  audit: AuditService;
  calendar: Pick<CalendarService, 'addWorkdays' | 'isWorkday'>;
  /** Payment reminders to the buyer (in-app and SMS, outbox in the transaction). */
  notify?: Pick<NotifyService, 'enqueue'>;
  /** The transparency log's publish (kinds trading.auction_announcement, trading.auction_bid_log, …). */
  publish: (trx: Tx, kind: string, payload: unknown) => Promise<{ index: number }>;
  bank: DepositBank;
  /** Key of the applications' account tags, out of the database's reach (tag-key.ts `loadTagKey`). */
  tagKey: Buffer;
  /** PDFs with QR verification: 竞买资格确认书 and 成交确认书. */
  documents?: Pick<DocumentService, 'issue' | 'getPdf'>;
  /** A parcel from the map (map/index.ts `getFeature`), for a lot taken from the map. */
  /**
   * Draws a tender's evaluation panel (评标委员会) with the selection module (app.ts wires it through
   * selection/index.ts: a public, verifiable draw; the first `size` of its order sit on the panel).
   * Without it a comprehensive tender cannot be evaluated (trading.panel_unavailable).
   */
  drawPanel?: (actor: Actor, input: { lotNo: string; title: string; kind: 'land' | 'mining'; size: number }) => Promise<{ drawNo: string; members: { id: string; name: string }[] }>;
  /** LISTEN over the process's listening connection (notify.listen): feeds the price book (price-book.ts). Without it every bid is checked in the database. */
  listen?: (channel: string, handler: (payload: string) => void, onReconnect?: () => void) => Promise<void>;
  getParcel?: (actor: Actor | ActingUser, layer: string, id: number) => Promise<{ geometry: unknown; areaM2: number | null }>;
}
