/**
 * Offline verifier of the transparency log (阳光日志) and of agency draws (中介机构随机抽取).
 * Run from the repository: `node tools/verify.ts <command> …`. Exit code 0 = verified, 1 = not.
 *
 *   checkpoint  <checkpoint-file> --vkey <vkey|file>            (the Ed25519 /log/vkey or the SM2 /log/vkey-sm2)
 *   inclusion   <checkpoint-file> --vkey <vkey|file> --source <url|dir> --index <n> [--entry <file>]
 *   proof       <checkpoint-file> --vkey <vkey|file> --proof <inclusion-proof.json> [--entry <file>]
 *   consistency <older-checkpoint> <newer-checkpoint> --vkey <vkey|file> --source <url|dir of the newer tree>
 *   log         <checkpoint-file> --vkey <vkey|file> --source <url|dir>   (recompute the root from every entry)
 *   mirror      <base-url, e.g. https://host/log> <dir>
 *   draw        <draw-record.json> [--vkey <vkey|file>]
 *   cosigned    <checkpoint-file> --vkey <vkey|file> --witness <witness vkey|file> [--witness …]   (C2SP cosignatures)
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import {
  checkpointOf, cosignedCheckpointOf, mirror, sourceOf, verifyCheckpointConsistency, verifyDraw, verifyEntryInclusion, verifyInclusionJson, verifyWholeLog, VerifyError,
  type DrawRecord,
} from './verifier.ts';

const USAGE = 'usage: node tools/verify.ts checkpoint|inclusion|proof|consistency|log|mirror|draw|cosigned … (see the head of tools/verify.ts)';

function readArg(v: string | undefined, what: string): string {
  if (!v) throw new VerifyError('usage', `${what} is required\n${USAGE}`);
  return fs.existsSync(v) ? fs.readFileSync(v, 'utf8') : v;
}
function readFile(f: string | undefined, what: string): string {
  if (!f) throw new VerifyError('usage', `${what} is required\n${USAGE}`);
  if (!fs.existsSync(f)) throw new VerifyError('usage', `${what}: no file ${f}`);
  return fs.readFileSync(f, 'utf8');
}

async function main(argv: string[]): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv, allowPositionals: true,
    options: { vkey: { type: 'string' }, source: { type: 'string' }, index: { type: 'string' }, entry: { type: 'string' }, proof: { type: 'string' }, witness: { type: 'string', multiple: true } },
  });
  const [cmd, a, b] = positionals;
  const vkey = () => readArg(values.vkey, '--vkey').trim();
  const source = () => {
    if (!values.source) throw new VerifyError('usage', `--source is required\n${USAGE}`);
    return sourceOf(values.source);
  };
  switch (cmd) {
    case 'checkpoint': {
      const cp = checkpointOf(readFile(a, 'checkpoint file'), vkey());
      return `OK checkpoint of ${cp.origin}: size ${cp.size}, root ${cp.root.toString('base64')}`;
    }
    case 'inclusion': {
      const cp = checkpointOf(readFile(a, 'checkpoint file'), vkey());
      if (!values.index || !/^\d+$/.test(values.index)) throw new VerifyError('usage', '--index must be a whole number');
      const entry = values.entry ? fs.readFileSync(values.entry) : undefined;
      const r = await verifyEntryInclusion(cp, source(), Number(values.index), entry);
      return `OK entry ${r.index} is in the log at size ${cp.size}: ${r.data}`;
    }
    case 'proof': {
      const cp = checkpointOf(readFile(a, 'checkpoint file'), vkey());
      let proof: { index: number; size: number; leafHash: string; proof: string[] };
      try { proof = JSON.parse(readFile(values.proof, '--proof')); } catch (e) {
        if (e instanceof VerifyError) throw e;
        throw new VerifyError('proof.malformed', '--proof is not JSON');
      }
      verifyInclusionJson(cp, proof, values.entry ? fs.readFileSync(values.entry) : undefined);
      return `OK entry ${proof.index} is in the log at size ${cp.size}`;
    }
    case 'consistency': {
      const k = vkey();
      const older = checkpointOf(readFile(a, 'older checkpoint file'), k);
      const newer = checkpointOf(readFile(b, 'newer checkpoint file'), k);
      await verifyCheckpointConsistency(older, newer, source());
      return `OK size ${newer.size} extends size ${older.size}`;
    }
    case 'log': {
      const cp = checkpointOf(readFile(a, 'checkpoint file'), vkey());
      const r = await verifyWholeLog(cp, source());
      return `OK all ${r.entries} entries give the checkpoint's root at size ${r.size}`;
    }
    case 'mirror': {
      if (!a || !b) throw new VerifyError('usage', USAGE);
      const r = await mirror(a, b);
      return `OK saved ${r.files} files of the tree of size ${r.size} to ${b}`;
    }
    case 'draw': {
      let record: DrawRecord;
      try { record = JSON.parse(readFile(a, 'draw record')); } catch (e) {
        if (e instanceof VerifyError) throw e;
        throw new VerifyError('draw.malformed', 'the draw record is not JSON');
      }
      const r = verifyDraw(record, values.vkey ? vkey() : undefined);
      return `OK draw ${record.drawNo}: seed ${r.seed}, order ${r.order.join(',')}, first drawn agency ${r.first}`;
    }
    case 'cosigned': {
      const r = cosignedCheckpointOf(readFile(a, 'checkpoint file'), vkey(), (values.witness ?? []).map((w) => readArg(w, '--witness').trim()));
      return `OK checkpoint of ${r.checkpoint.origin} at size ${r.checkpoint.size} cosigned by ${r.witnesses.map((w) => `${w.name} (${new Date(w.time * 1000).toISOString()})`).join(', ')}`;
    }
    default:
      throw new VerifyError('usage', USAGE);
  }
}

if (import.meta.main) {
  try {
    console.log(await main(process.argv.slice(2)));
  } catch (e) {
    const err = e as Error & { code?: string };
    console.error(`FAILED${err instanceof VerifyError ? ` [${err.code}]` : ''}: ${err.message}`);
    process.exitCode = 1;
  }
}

export { main };
