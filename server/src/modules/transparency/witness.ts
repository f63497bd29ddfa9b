/**
 * A witness (见证方) of the log in the sense of C2SP tlog-witness / tlog-cosignature: it keeps the
 * last checkpoint it cosigned for each log it follows, and cosigns a new checkpoint only when the
 * log's signature holds and a consistency proof shows the new tree extends that one. A fork — a
 * different root at the same size, or a tree that does not contain the old one — is refused, and
 * the witness keeps what it saw. Another Sunland instance runs one with its own key; the log asks
 * it through a `WitnessClient` (in process here; over HTTP it is the tlog-witness add-checkpoint).
 */
import { verifyConsistency } from './merkle.ts';
import { cosignatureLine, cosignatureVkeyOf, NoteError, parseVkey, verifyCheckpoint } from './note.ts';

export class WitnessError extends Error {
  /** `witness.conflict` (409: the old size is not the one the witness has; `size` says which), `witness.fork` (422), `witness.unknown_log`, `witness.bad_checkpoint`. */
  readonly code: 'witness.conflict' | 'witness.fork' | 'witness.unknown_log' | 'witness.bad_checkpoint';
  readonly size: number | undefined;
  constructor(code: WitnessError['code'], message: string, size?: number) {
    super(message);
    this.code = code;
    this.size = size;
  }
}

/** What the log calls: tlog-witness add-checkpoint (old size, consistency proof, signed checkpoint) → the cosignature line. */
export interface WitnessClient {
  name: string;
  addCheckpoint(req: { oldSize: number; proof: Buffer[]; checkpoint: string }): Promise<string>;
}

export interface WitnessState { get(origin: string): { size: number; root: Buffer } | undefined; set(origin: string, v: { size: number; root: Buffer }): void }

export function createWitness(opts: { name: string; seed: Buffer; logs: { origin: string; vkey: string }[]; state?: WitnessState; now?: () => Date }) {
  const state: WitnessState = opts.state ?? new Map<string, { size: number; root: Buffer }>();
  const logs = new Map(opts.logs.map((l) => [l.origin, parseVkey(l.vkey)]));
  const now = opts.now ?? (() => new Date());
  const witness: WitnessClient & { vkey: string; last(origin: string): { size: number; root: Buffer } | undefined } = {
    name: opts.name,
    vkey: cosignatureVkeyOf(opts.name, opts.seed),
    last: (origin) => state.get(origin),
    async addCheckpoint({ oldSize, proof, checkpoint }) {
      const origin = checkpoint.split('\n', 1)[0] ?? '';
      const verifier = logs.get(origin);
      if (!verifier) throw new WitnessError('witness.unknown_log', `this witness does not follow ${origin}`);
      let cp;
      try {
        cp = verifyCheckpoint(checkpoint, verifier, origin);
      } catch (e) {
        if (e instanceof NoteError) throw new WitnessError('witness.bad_checkpoint', e.message);
        throw e;
      }
      const last = state.get(origin);
      const known = last?.size ?? 0;
      if (oldSize !== known) throw new WitnessError('witness.conflict', `the witness last cosigned size ${known}, not ${oldSize}`, known);
      if (cp.size < known) throw new WitnessError('witness.fork', `the checkpoint (size ${cp.size}) is smaller than the one cosigned before (${known})`);
      if (last) {
        const extends_ = cp.size === last.size ? cp.root.equals(last.root) : verifyConsistency(last.size, cp.size, proof, last.root, cp.root);
        if (!extends_) throw new WitnessError('witness.fork', `the checkpoint of size ${cp.size} is not an extension of the one of size ${last.size} this witness cosigned`);
      }
      state.set(origin, { size: cp.size, root: cp.root });
      return cosignatureLine(checkpoint.slice(0, checkpoint.lastIndexOf('\n\n') + 1), opts.name, opts.seed, Math.floor(now().getTime() / 1000));
    },
  };
  return witness;
}
