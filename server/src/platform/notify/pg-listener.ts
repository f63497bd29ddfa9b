/**
 * One dedicated connection per process for LISTEN. It reconnects after a lost connection and
 * then calls `onReconnect` handlers, because notifications sent while it was down are gone.
 */
import pg from 'pg';

type Handler = (payload: string) => void;

export interface PgListener {
  /** Subscribes to a channel; connects on first use. */
  listen(channel: string, handler: Handler, onReconnect?: () => void): Promise<void>;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

export function createPgListener(connectionString: string): PgListener {
  const handlers = new Map<string, { handler: Handler; onReconnect?: () => void }[]>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;

  async function connect(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString, application_name: 'sunland-listen' });
    c.on('notification', (n) => {
      for (const h of handlers.get(n.channel) ?? []) h.handler(n.payload ?? '');
    });
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    await c.connect();
    for (const ch of handlers.keys()) await c.query(`listen ${ch}`);
    return c;
  }

  function lost(c: pg.Client): void {
    if (client !== c) return;
    client = null;
    if (closed || retryTimer) return;
    const retry = () => {
      retryTimer = null;
      if (closed) return;
      ensure().then(
        () => { for (const hs of handlers.values()) for (const h of hs) h.onReconnect?.(); },
        () => { retryTimer = setTimeout(retry, 1000); retryTimer.unref(); },
      );
    };
    retryTimer = setTimeout(retry, 500);
    retryTimer.unref();
  }

  function ensure(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= connect().then(
      (c) => {
        connecting = null;
        if (closed) {
          void c.end().catch(() => {});
          throw new Error('listener closed');
        }
        client = c;
        return c;
      },
      (e) => {
        connecting = null;
        throw e;
      },
    );
    return connecting;
  }

  return {
    async listen(channel, handler, onReconnect) {
      if (!CHANNEL.test(channel)) throw new Error(`invalid channel ${channel}`);
      if (closed) throw new Error('listener closed');
      const known = handlers.has(channel);
      handlers.set(channel, [...(handlers.get(channel) ?? []), { handler, onReconnect }]);
      const c = await ensure();
      // A fresh connection already listens on every channel that has handlers.
      if (!known) await c.query(`listen ${channel}`);
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      handlers.clear();
      const c = client ?? (connecting ? await connecting.catch(() => null) : null);
      client = null;
      if (c) await c.end().catch(() => {});
    },
  };
}
