/**
 * The bidding room's live channel (竞价大厅实时推送), server-sent events. Each process polls the
 * database for the lots its streams watch (PostgreSQL is the fan-out, never process memory), so
 * every process shows the same bids in the same order; a poll also closes a lot whose countdown
 * has run out. `Last-Event-ID` (the last bid sequence seen) replays what a reconnect missed.
 * Events: `state` (price, phase, deadline, server time) and `bid` (seq, time, amount, phase —
 * never a bidder number).
 */
import type { ServerResponse } from 'node:http';
import type { TradingService } from './trading.service.ts';

const POLL_MS = 250;
const HEARTBEAT_MS = 25_000;

interface Stream { res: ServerResponse; lastSeq: number; lastState: string }

export interface LiveHub {
  attach(lotNo: string, res: ServerResponse, lastSeq: number): Promise<void>;
  closeAll(): void;
  readonly size: number;
}

export function createLiveHub(trading: Pick<TradingService, 'eventsAfter'>): LiveHub {
  const rooms = new Map<string, Set<Stream>>();
  let timer: NodeJS.Timeout | null = null;
  let polling = false;

  async function pollRoom(lotNo: string, streams: Set<Stream>) {
    let min = Infinity;
    for (const s of streams) min = Math.min(min, s.lastSeq);
    const { lot, bids } = await trading.eventsAfter(lotNo, min);
    const state = JSON.stringify(lot);
    for (const s of streams) {
      for (const b of bids) if (b.seq > s.lastSeq) s.res.write(`id: ${b.seq}\nevent: bid\ndata: ${JSON.stringify(b)}\n\n`);
      if (bids.length) s.lastSeq = Math.max(s.lastSeq, bids.at(-1)!.seq);
      // The state changes with every bid, phase and second of the clock; send it when more than the clock moved.
      const { serverTime: _t, ...rest } = lot;
      const key = JSON.stringify(rest);
      if (key !== s.lastState) { s.lastState = key; s.res.write(`event: state\ndata: ${state}\n\n`); }
    }
  }

  async function tick() {
    if (polling) return;
    polling = true;
    try {
      for (const [lotNo, streams] of rooms) await pollRoom(lotNo, streams).catch(() => {});
    } finally {
      polling = false;
    }
  }

  function ensureTimer() {
    if (timer) return;
    timer = setInterval(() => void tick(), POLL_MS);
    timer.unref();
  }

  return {
    get size() { let n = 0; for (const s of rooms.values()) n += s.size; return n; },
    async attach(lotNo, res, lastSeq) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no',
      });
      res.write(`retry: 2000\n: connected\n\n`);
      const s: Stream = { res, lastSeq, lastState: '' };
      let set = rooms.get(lotNo);
      if (!set) rooms.set(lotNo, (set = new Set()));
      set.add(s);
      const beat = setInterval(() => res.write(`: ping\n\n`), HEARTBEAT_MS);
      beat.unref();
      res.on('close', () => {
        clearInterval(beat);
        const room = rooms.get(lotNo);
        room?.delete(s);
        if (room && room.size === 0) rooms.delete(lotNo);
        if (rooms.size === 0 && timer) { clearInterval(timer); timer = null; }
      });
      // The replay and the first state at once, then the poll keeps it current.
      await pollRoom(lotNo, new Set([s])).catch(() => res.end());
      ensureTimer();
    },
    closeAll() {
      if (timer) { clearInterval(timer); timer = null; }
      for (const set of rooms.values()) for (const s of set) s.res.end();
      rooms.clear();
    },
  };
}
