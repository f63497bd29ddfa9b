/**
 * Server-sent events of the in-app inbox. Each process keeps the streams of its connected
 * users; the inbox insert trigger NOTIFYs `sunland_inbox` with `{id, userId}` on commit, and
 * every process pushes the item to its own streams of that user. Streams send a comment every
 * 25 s so proxies keep them open, and are ended on shutdown so the HTTP server can drain.
 */
import type { ServerResponse } from 'node:http';
import type { Db } from '../db/database.ts';
import { withContext } from '../db/context.ts';
import type { PgListener } from './pg-listener.ts';
import * as repo from './notify.repo.ts';

export type InboxItem = NonNullable<Awaited<ReturnType<typeof repo.findInboxItem>>>;

const HEARTBEAT_MS = 25_000;

export interface SseHub {
  /** Ensures this process LISTENs for new items; call before taking over the response. */
  ready(): Promise<void>;
  /** Adds an open response as a stream of `userId`; replays items after `lastEventId`. */
  attach(userId: number, res: ServerResponse, lastEventId?: number): Promise<void>;
  /** Ends every stream (shutdown). */
  closeAll(): void;
  /** Number of open streams (for tests and health). */
  readonly size: number;
}

function frame(item: InboxItem): string {
  return `id: ${item.id}\nevent: notification\ndata: ${JSON.stringify(item)}\n\n`;
}

export function createSseHub(db: Db, listener: () => PgListener): SseHub {
  const streams = new Map<number, Set<ServerResponse>>();
  let listening: Promise<void> | null = null;

  async function push(userId: number, id: number): Promise<void> {
    const targets = streams.get(userId);
    if (!targets?.size) return;
    const item = await withContext(db, { userId, scopes: [] }, (trx) => repo.findInboxItem(trx, id));
    if (!item) return;
    for (const res of targets) res.write(frame(item));
  }

  function ensureListening(): Promise<void> {
    listening ??= listener()
      .listen('sunland_inbox', (payload) => {
        try {
          const { id, userId } = JSON.parse(payload) as { id: number; userId: number };
          void push(Number(userId), Number(id)).catch(() => {});
        } catch {
          // Not ours; ignore.
        }
      })
      .catch((e) => {
        listening = null;
        throw e;
      });
    return listening;
  }

  function detach(userId: number, res: ServerResponse): void {
    const set = streams.get(userId);
    set?.delete(res);
    if (set && set.size === 0) streams.delete(userId);
  }

  return {
    get size() {
      let n = 0;
      for (const s of streams.values()) n += s.size;
      return n;
    },
    ready: ensureListening,
    async attach(userId, res, lastEventId) {
      await ensureListening();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx buffers responses unless told not to.
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 5000\n: connected\n\n`);
      let set = streams.get(userId);
      if (!set) streams.set(userId, (set = new Set()));
      set.add(res);
      const beat = setInterval(() => res.write(`: ping\n\n`), HEARTBEAT_MS);
      beat.unref();
      res.on('close', () => {
        clearInterval(beat);
        detach(userId, res);
      });
      // After a reconnect the browser sends Last-Event-ID: replay what it missed.
      if (lastEventId !== undefined) {
        try {
          const missed = await withContext(db, { userId, scopes: [] }, (trx) => repo.listInbox(trx, { afterId: lastEventId, limit: 100 }));
          for (const item of missed.reverse()) res.write(frame(item));
        } catch {
          res.end(); // the browser reconnects and asks again
        }
      }
    },
    closeAll() {
      for (const set of streams.values()) for (const res of set) res.end();
      streams.clear();
    },
  };
}
