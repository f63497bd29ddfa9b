/**
 * Hot read paths without Kysely's per-request work (issue 10). Building a query, running the
 * CamelCase plugin over its tree and compiling it to SQL costs more Node time than PostgreSQL
 * spends answering a small scoped read. A `compiledQuery` builds and compiles its query once per
 * shape, then runs the same SQL with the request's values as parameters. The result goes through
 * the plugins as usual (snake_case columns → camelCase keys).
 *
 *   const page = compiledQuery((db, p: { unread: boolean; limit: number; beforeId?: number }) => {
 *     let q = db.selectFrom('notify.inbox').select(['id', 'title']).orderBy('id', 'desc').limit(p.limit);
 *     if (p.unread) q = q.where('readAt', 'is', null);
 *     if (p.beforeId !== undefined) q = q.where('id', '<', p.beforeId);
 *     return q;
 *   });
 *   const rows = await page(trx, { unread: false, limit: 20 });
 *
 * Rules for `build`: a boolean or undefined field decides the SHAPE (each combination is compiled
 * once); every other field is a VALUE that must go into the builder as it is (a parameter), never
 * be computed with, compared or spread into a list (`in` lists change the SQL text: keep them out).
 * A value reaching the SQL text instead of a parameter is refused at the first compile.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Shape<P> = { [K in keyof P]: P[K] };

/** A placeholder for one value, unique per field: found again among the compiled parameters. */
class Slot {
  readonly key: string;
  constructor(key: string) { this.key = key; }
}

interface Template { compiled: CompiledQuery; slots: (string | null)[] }

export function compiledQuery<P extends object, R>(build: (db: Kysely<Database>, p: Shape<P>) => Compilable<R>) {
  const templates = new Map<string, Template>();

  function templateFor(db: Kysely<Database>, p: P): Template {
    let key = '';
    for (const [k, v] of Object.entries(p)) key += `${k}=${v === undefined || typeof v === 'boolean' ? String(v) : '$'};`;
    let t = templates.get(key);
    if (t) return t;
    const placeholders: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p)) placeholders[k] = v === undefined || typeof v === 'boolean' ? v : new Slot(k);
    const compiled = build(db, placeholders as P).compile();
    const slots = compiled.parameters.map((v) => (v instanceof Slot ? v.key : null));
    const used = new Set(slots.filter((s) => s !== null));
    const missing = Object.keys(placeholders).filter((k) => placeholders[k] instanceof Slot && !used.has(k));
    if (missing.length) throw new Error(`compiledQuery: ${missing.join(', ')} must be passed to the builder as a value (a parameter), not computed with`);
    t = { compiled, slots };
    if (templates.size < 64) templates.set(key, t);
    return t;
  }

  /** Runs the query on `db` (a transaction, usually) with the values of `p`; the rows as Kysely returns them. */
  return async function run(db: Kysely<Database>, p: P): Promise<R[]> {
    const t = templateFor(db, p);
    const values = p as Record<string, unknown>;
    const parameters = t.slots.map((slot, i) => (slot === null ? t.compiled.parameters[i] : values[slot]));
    const query = CompiledQuery.raw(t.compiled.sql, parameters);
    const r = await db.executeQuery<R>({ ...query, query: t.compiled.query });
    return r.rows;
  };
}
