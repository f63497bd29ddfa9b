/**
 * A real streaming HTTP client for text/event-stream (Server-Sent Events) in tests: it keeps the
 * parsed events and the number of comment lines (`: connected`, heartbeats) as they arrive.
 */
import http from 'node:http';

export interface SseEvent { id?: string; event?: string; data?: string }

export interface EventStream {
  /** Resolves with the response once its headers arrive. */
  ready: Promise<http.IncomingMessage>;
  events: SseEvent[];
  readonly comments: number;
  readonly ended: boolean;
  readonly status: number | undefined;
  close(): void;
}

export function openEventStream(port: number, path: string, headers: Record<string, string> = {}): EventStream {
  const events: SseEvent[] = [];
  let comments = 0;
  let buf = '';
  let res: http.IncomingMessage | null = null;
  let ended = false;
  const req = http.get({ host: '127.0.0.1', port, path, headers });
  const ready = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.on('response', (r) => {
      res = r;
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev: SseEvent = {};
          let isEvent = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments++;
            const m = /^(id|event|data): ?(.*)$/.exec(line);
            if (m) {
              isEvent = true;
              ev[m[1] as keyof SseEvent] = m[2];
            }
          }
          if (isEvent) events.push(ev);
        }
      });
      r.on('end', () => (ended = true));
      resolve(r);
    });
    req.on('error', reject);
  });
  // A stream closed by the test rejects `ready` if it never answered: nobody needs to hear it.
  ready.catch(() => {});
  return {
    ready,
    events,
    get comments() { return comments; },
    get ended() { return ended; },
    get status() { return res?.statusCode; },
    close: () => req.destroy(),
  };
}

/** Waits until `cond()` holds, polling every 20 ms; throws after `ms`. */
export async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
