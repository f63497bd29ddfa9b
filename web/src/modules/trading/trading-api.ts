/** Types and calls of the trading API, and the live channel of a bidding room. */
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, readResponse } from '../../app/api.ts';
import { currentLanguage } from '../../app/language.ts';

export interface LotView {
  lotNo: string; kind: 'land' | 'mining'; method: 'listing' | 'auction' | 'tender'; title: string; areaM2: number; areaHa: number; areaMu: number;
  landUse: string | null; mineral: string | null; termYears: number; startBy?: string | null; completeBy?: string | null;
  /** The lot's documents (the public view; frozen with the announcement). */
  documents?: LotDocument[]; indicators: Record<string, string | number>; conditions: string;
  startPrice: number; increment: number; deposit: number; minBidders: number; listingStart: string; listingEnd: string; depositDeadline: string;
  status: 'draft' | 'announced' | 'listing' | 'confirming' | 'timed' | 'evaluating' | 'closed'; announcementHash: string | null;
  currentPrice: number | null; nextMin: number; lastSeq: number; timedDeadline: string | null; confirmUntil: string; serverTime: string;
  reserveCommitment: string | null;
  /** 调整增价幅度 announced, in force from `effectiveAt`. */
  pendingIncrement: { increment: number; effectiveAt: string } | null;
  tender: { evaluation: 'highest_price' | 'comprehensive'; priceWeight: number | null; panelSize: number | null; panelDrawn: boolean; commitmentsEntryIdx: number | null; panel: { id: string; name: string }[] | null; panelDrawNo: string | null } | null;
  result: { outcome: 'sold' | 'unsold' | 'withdrawn'; reason: string | null; winnerNumber: string | null; finalPrice: number | null; reserve: number | null; reserveSalt: string | null; closedAt: string } | null;
}

export interface MyView {
  lot: LotView;
  application: { status: string; depositAccount: string; deposit: number; depositPaid: number; depositDeadline: string; bidderNumber: string | null; joinedTimed: boolean; leading: boolean; won: boolean;
    tenderBid: { commitment: string; submittedAt: string; amount: number | null } | null } | null;
  bids: { seq: number; at: string; amount: number; phase: 'listing' | 'timed' }[];
}

export const LOT_DOCUMENT_KINDS = ['sale_documents', 'parcel_map', 'planning_conditions', 'contract_model', 'mining_area_map', 'other'] as const;
export interface LotDocument { id: number; kind: (typeof LOT_DOCUMENT_KINDS)[number]; name: string; sha256: string; size: number; mime: string }

/** Attaches one file to a draft lot (multipart field `file`); the server checks its type by its bytes. */
export async function uploadLotDocument(lotNo: string, kind: string, file: File): Promise<LotDocument> {
  const body = new FormData();
  body.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`/api/trading/lots/${encodeURIComponent(lotNo)}/documents?kind=${encodeURIComponent(kind)}`, {
      method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': currentLanguage() },
    });
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message, undefined, {});
  }
  return readResponse<LotDocument>(res);
}

export const lotPath = (lotNo: string) => `/api/public/trading/lots/${encodeURIComponent(lotNo)}`;
export const getLot = (lotNo: string) => api.get<LotView>(lotPath(lotNo));
export const getMine = (lotNo: string) => api.get<MyView>(`${lotPath(lotNo)}/me`);

/** The deadline that counts now: listing end, the join window or the timed countdown. */
export function deadlineOf(l: LotView): string | null {
  if (l.status === 'announced') return l.listingStart;
  if (l.status === 'listing') return l.listingEnd;
  if (l.status === 'confirming') return l.confirmUntil;
  if (l.status === 'timed') return l.timedDeadline;
  return null;
}

/**
 * The room's live state over server-sent events: every `state` replaces the lot, every `bid`
 * bumps a counter the page reloads its own bids on. The browser reconnects by itself and sends
 * Last-Event-ID, so missed bids are replayed. `offset` = server clock − browser clock.
 */
export function useLiveLot(lotNo: string, initial: LotView | undefined) {
  const [lot, setLot] = useState<LotView | undefined>(initial);
  const [bidEvents, setBidEvents] = useState(0);
  const offset = useRef(0);
  useEffect(() => { if (initial) { setLot(initial); offset.current = Date.parse(initial.serverTime) - Date.now(); } }, [initial]);
  useEffect(() => {
    const es = new EventSource(`${lotPath(lotNo)}/events`);
    es.addEventListener('state', (e) => {
      const l = JSON.parse((e as MessageEvent<string>).data) as LotView;
      offset.current = Date.parse(l.serverTime) - Date.now();
      setLot(l);
    });
    es.addEventListener('bid', () => setBidEvents((n) => n + 1));
    return () => es.close();
  }, [lotNo]);
  return { lot, bidEvents, serverNow: () => Date.now() + offset.current };
}

/** Re-renders every second. */
export function useTick(): number {
  const [n, setN] = useState(0);
  useEffect(() => { const id = setInterval(() => setN((x) => x + 1), 1000); return () => clearInterval(id); }, []);
  return n;
}

export function formatLeft(ms: number): string {
  if (ms <= 0) return '00:00:00';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((x) => String(x).padStart(2, '0')).join(':');
  return d > 0 ? `${d}d ${hms}` : hms;
}

export const yuan = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN'));
