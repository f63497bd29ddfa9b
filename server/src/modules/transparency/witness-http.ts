/**
 * The C2SP tlog-witness HTTP protocol, both sides.
 *
 * Witness side: this Sunland instance acts as a witness (见证方) of other logs. Its key is the
 * shared server secret `transparency.witness` (platform.secrets, the same in every process), its
 * name `TRANSPARENCY_WITNESS_NAME`, the logs it follows `TRANSPARENCY_WITNESSED_LOGS` (their
 * vkeys; a vkey's name is the log's origin). The newest checkpoint it cosigned for each log is in
 * `transparency.witnessed`, locked while a request is checked. `POST <prefix>/add-checkpoint`:
 *
 *     old <size>\n <base64 consistency proof hash>\n ... \n <signed checkpoint note>
 *
 * answers 200 with the cosignature line; 409 (`text/x.tlog.size`, the witness's own size) when
 * the old size is not the one it cosigned last; 404 for a log it does not follow; 403 when the
 * log's signature does not verify; 422 when the proof does not show an extension (a fork);
 * 400 for a malformed request.
 *
 * Log side: `createHttpWitnessClient({ url, vkey })` is the `WitnessClient` that posts there.
 */
import type { Db } from '../../platform/db/database.ts';
import { SYSTEM_CONTEXT, withContext } from '../../platform/db/context.ts';
import { serverSecret } from '../../platform/secrets/secrets.ts';
import { cosignatureVkeyOf, parseCosignatureVkey } from './note.ts';
import { createWitness, WitnessError, type WitnessClient } from './witness.ts';

export const WITNESS_SECRET = 'transparency.witness';
export const TLOG_SIZE_TYPE = 'text/x.tlog.size';
const MAX_PROOF = 64;

export interface AddCheckpointRequest { oldSize: number; proof: Buffer[]; checkpoint: string }

export class WitnessRequestError extends Error {
  readonly code = 'witness.bad_request';
}

/** The request body of add-checkpoint. */
export function formatAddCheckpoint({ oldSize, proof, checkpoint }: AddCheckpointRequest): string {
  return `old ${oldSize}\n${proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${checkpoint}`;
}

/** Parses an add-checkpoint body; throws WitnessRequestError naming what is wrong. */
export function parseAddCheckpoint(body: string): AddCheckpointRequest {
  const cut = body.indexOf('\n\n');
  if (cut < 0) throw new WitnessRequestError('body: no blank line between the old size and proof and the checkpoint');
  const [first, ...hashes] = body.slice(0, cut).split('\n');
  const m = /^old (0|[1-9][0-9]{0,15})$/.exec(first ?? '');
  if (!m) throw new WitnessRequestError('old: the first line must be "old <size>"');
  if (hashes.length > MAX_PROOF) throw new WitnessRequestError(`proof: more than ${MAX_PROOF} hashes`);
  const proof = hashes.map((h, i) => {
    const b = Buffer.from(h, 'base64');
    if (b.length !== 32 || b.toString('base64') !== h) throw new WitnessRequestError(`proof: line ${i + 1} is not a base64 SHA-256 hash`);
    return b;
  });
  const checkpoint = body.slice(cut + 2);
  if (!checkpoint.endsWith('\n')) throw new WitnessRequestError('checkpoint: a signed note ends with a newline');
  return { oldSize: Number(m[1]), proof, checkpoint };
}

/** HTTP status of a witness refusal (C2SP tlog-witness). */
export function witnessStatus(e: WitnessError | WitnessRequestError): number {
  if (e instanceof WitnessRequestError) return 400;
  return { 'witness.conflict': 409, 'witness.unknown_log': 404, 'witness.bad_checkpoint': 403, 'witness.fork': 422 }[e.code];
}

export interface WitnessServiceDeps {
  db: Db;
  /** Key name of this witness (its cosignature lines start with it). */
  name: string;
  /** The logs this witness follows: log vkeys (the name of each is its origin). */
  logVkeys: string[];
  now?: () => Date;
}

/** This instance as a witness: its vkey, and add-checkpoint against the state in the database. */
export function createWitnessService({ db, name, logVkeys, now }: WitnessServiceDeps) {
  const logs = logVkeys.map((vkey) => ({ origin: vkey.trim().split('+')[0]!, vkey: vkey.trim() }));
  const origins = new Set(logs.map((l) => l.origin));
  return {
    name,
    async vkey(): Promise<string> {
      return cosignatureVkeyOf(name, await serverSecret(db, WITNESS_SECRET));
    },
    /** Checks and cosigns; the new state is stored in the same transaction that locked the old. */
    async addCheckpoint(req: AddCheckpointRequest): Promise<string> {
      const seed = await serverSecret(db, WITNESS_SECRET);
      const origin = req.checkpoint.split('\n', 1)[0] ?? '';
      if (!origins.has(origin)) throw new WitnessError('witness.unknown_log', `this witness does not follow ${origin}`);
      return withContext(db, SYSTEM_CONTEXT, async (trx) => {
        await trx.insertInto('transparency.witnessed').values({ origin, size: 0, root: Buffer.alloc(32) })
          .onConflict((oc) => oc.column('origin').doNothing()).execute();
        const row = await trx.selectFrom('transparency.witnessed').select(['size', 'root']).where('origin', '=', origin).forUpdate().executeTakeFirstOrThrow();
        const state = new Map<string, { size: number; root: Buffer }>();
        if (Number(row.size) > 0) state.set(origin, { size: Number(row.size), root: row.root });
        const line = await createWitness({ name, seed, logs, state, ...(now ? { now } : {}) }).addCheckpoint(req);
        const next = state.get(origin)!;
        await trx.updateTable('transparency.witnessed').set({ size: next.size, root: next.root, updatedAt: new Date() }).where('origin', '=', origin).execute();
        return line;
      });
    },
  };
}
export type WitnessService = ReturnType<typeof createWitnessService>;

/** Parses `TRANSPARENCY_WITNESSES`: comma-separated `<url> <vkey>` pairs. */
export function parseWitnessList(setting: string | undefined): { url: string; vkey: string }[] {
  if (!setting?.trim()) return [];
  return setting.split(',').map((p) => {
    const [url, vkey] = p.trim().split(/\s+/);
    return { url: url!, vkey: vkey! };
  });
}

/** The log side: asks a remote witness over HTTP (POST <url>/add-checkpoint). */
export function createHttpWitnessClient({ url, vkey, timeoutMs = 10_000 }: { url: string; vkey: string; timeoutMs?: number }): WitnessClient {
  const name = parseCosignatureVkey(vkey).name;
  const endpoint = `${url.replace(/\/+$/, '')}/add-checkpoint`;
  return {
    name,
    async addCheckpoint(req) {
      const res = await fetch(endpoint, {
        method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: formatAddCheckpoint(req), signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (res.status === 200) {
        const line = text.split('\n').find((l) => l.startsWith(`— ${name} `));
        if (!line) throw new WitnessError('witness.bad_checkpoint', `${endpoint} answered no cosignature line of ${name}`);
        return line;
      }
      if (res.status === 409 && /^\d+\n?$/.test(text)) throw new WitnessError('witness.conflict', `${endpoint}: the witness has size ${text.trim()}`, Number(text));
      const code = res.status === 404 ? 'witness.unknown_log' : res.status === 422 ? 'witness.fork' : 'witness.bad_checkpoint';
      throw new WitnessError(code, `${endpoint} answered ${res.status}: ${text.slice(0, 200).trim()}`);
    },
  };
}
