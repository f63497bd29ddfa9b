/**
 * In-process cache of public page data (页面缓存). A page is kept until its max age passes or the
 * portal's content changes: every change to sites, columns, articles or the search index sends
 * NOTIFY sunland_portal on commit (migration 0800), which every process LISTENs to and answers by
 * dropping its cache — the same pattern as the session cache (migration 0522). The change is
 * seen in this process before the publishing request answers (clear() after commit), and in the
 * other processes as soon as the notification arrives (milliseconds).
 * A listener that reconnects may have missed notifications: it drops the cache too.
 * Scheduled changes (定时发布 and 过期: an article whose publication time or expiry passes) are
 * no database change and send nothing: `nextChange` tells when the next one falls due, and the
 * cache drops itself at that moment, so such an article appears or goes on time. While that time
 * is being looked up (after each drop) nothing is kept; if the lookup fails, the max age caps it.
 */

export interface PageCacheDeps {
  listen: (channel: string, handler: (payload: string) => void, onReconnect?: () => void) => Promise<void>;
  maxEntries?: number;
  /** Cap on the age of an entry: scheduled articles (定时发布, 过期) appear or go within it. */
  maxAgeMs?: number;
  now?: () => number;
  /** When (ms since the epoch) the next scheduled publication or expiry falls due; null: none. */
  nextChange?: () => Promise<number | null>;
}

export const PORTAL_CHANNEL = 'sunland_portal';

export function createPageCache<T>(deps: PageCacheDeps) {
  const maxEntries = deps.maxEntries ?? 2000;
  const maxAgeMs = deps.maxAgeMs ?? 30_000;
  const now = deps.now ?? Date.now;
  const entries = new Map<string, { value: T; at: number }>();
  let generation = 0;
  let listening: Promise<void> | null = null;
  let stats = { hits: 0, misses: 0, clears: 0 };
  /** The next scheduled change, and whether it is known for the current generation. */
  let changeAt: number | null = null;
  let changeKnown = !deps.nextChange;

  function clear() {
    entries.clear();
    generation += 1;
    stats.clears += 1;
    lookUpNextChange();
  }

  function lookUpNextChange(): void {
    if (!deps.nextChange) return;
    changeKnown = false;
    const gen = generation;
    deps.nextChange().then((at) => {
      if (gen !== generation) return;
      // A time already past here (this clock ahead of the database's) is looked at again in a
      // second, not at every request.
      changeAt = at === null ? null : Math.max(at, now() + (at <= now() ? 1000 : 0));
      changeKnown = true;
    }, () => {
      if (gen !== generation) return;
      changeAt = null; // the max age still caps every entry
      changeKnown = true;
    });
  }

  /** Drops everything when a scheduled change fell due since the entries were made. */
  function dueCheck(): void {
    if (changeAt !== null && now() >= changeAt) {
      changeAt = null;
      clear();
    }
  }

  const keepable = (gen: number) => gen === generation && listening !== null && changeKnown;

  return {
    /** Starts listening (once); pages are only cached while the listener is up. */
    start(): Promise<void> {
      if (!listening) lookUpNextChange();
      listening ??= deps.listen(PORTAL_CHANNEL, () => clear(), () => clear()).catch((e: unknown) => { listening = null; throw e; });
      return listening;
    },
    /** The cached value, or the one `make` computes (kept unless a change came in meanwhile). */
    async get(key: string, make: () => Promise<T>): Promise<T> {
      dueCheck();
      const hit = entries.get(key);
      if (hit && now() - hit.at < maxAgeMs) {
        stats.hits += 1;
        return hit.value;
      }
      stats.misses += 1;
      const gen = generation;
      const value = await make();
      // A page made while a change was committing could show the old state: not kept.
      if (keepable(gen)) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(key, { value, at: now() });
      }
      return value;
    },
    /** The entry if present and fresh, without making it (the fast path of a cached answer). */
    peek(key: string): T | undefined {
      dueCheck();
      const hit = entries.get(key);
      if (hit && now() - hit.at < maxAgeMs) {
        stats.hits += 1;
        return hit.value;
      }
      return undefined;
    },
    /** The current generation: pass it to put() so a value made across a change is not kept. */
    get generation() { return generation; },
    /** Keeps a value made by the caller, unless the content changed since `gen` or nobody listens. */
    put(key: string, value: T, gen: number): void {
      if (!keepable(gen)) return;
      if (entries.size >= maxEntries && !entries.has(key)) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, at: now() });
    },
    clear,
    get size() { return entries.size; },
    stats: () => ({ ...stats, size: entries.size }),
    resetStats() { stats = { hits: 0, misses: 0, clears: 0 }; },
  };
}

export type PageCache<T> = ReturnType<typeof createPageCache<T>>;
