/**
 * The in-browser check of the log page and /verify, run on Node's Web Crypto against checkpoints
 * and proofs made by the server's own code (note.ts, merkle.ts): a genuine entry passes; a changed
 * entry, a changed proof, a checkpoint signed by another key or altered after signing, and an
 * entry beyond the checkpoint each fail with their reason.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkpointBody, newSeed, signNote, vkeyOf } from '../../../../server/src/modules/transparency/note.ts';
import { inclusionProof, leafHash, nodeHash, rangeHash } from '../../../../server/src/modules/transparency/merkle.ts';
import { checkInclusion } from './browser-verify.ts';

const entries = Array.from({ length: 13 }, (_, i) => JSON.stringify({ v: 1, kind: 'test.entry', payload: { i, text: `条目 ${i}` } }));
const leaves = entries.map((e) => leafHash(Buffer.from(e, 'utf8')));
// Node (level, index) = hash of leaves [index·2^level, (index+1)·2^level).
const get = (level: number, index: number): Buffer => (level === 0 ? leaves[index]! : nodeHash(get(level - 1, 2 * index), get(level - 1, 2 * index + 1)));
const seed = newSeed();
const origin = 'sunland.test/log';
const size = entries.length;
const root = rangeHash(get, 0, size);
const note = signNote(checkpointBody(origin, size, root), origin, seed);
const vkey = vkeyOf(origin, seed);
const proofOf = (i: number) => inclusionProof(get, i, size).map((p) => p.toString('base64'));

describe('inclusion check in the browser (Web Crypto)', () => {
  it('a genuine entry is in the signed checkpoint, at every index', async () => {
    for (let i = 0; i < size; i++) {
      const r = await checkInclusion({ vkey, note, index: i, entryData: entries[i]!, proof: proofOf(i) });
      assert.equal(r.ok, true, `entry ${i}: ${r.problem}`);
      assert.deepEqual(r.checkpoint, { origin, size, root: root.toString('base64') });
      assert.equal(r.leafHash, leaves[i]!.toString('base64'));
    }
  });

  it('a changed entry, a changed proof, another entry\'s proof: proof_mismatch', async () => {
    const changed = entries[5]!.replace('条目 5', '条目 6');
    assert.equal((await checkInclusion({ vkey, note, index: 5, entryData: changed, proof: proofOf(5) })).problem, 'proof_mismatch');
    const p = proofOf(5);
    p[1] = Buffer.alloc(32, 7).toString('base64');
    assert.equal((await checkInclusion({ vkey, note, index: 5, entryData: entries[5]!, proof: p })).problem, 'proof_mismatch');
    assert.equal((await checkInclusion({ vkey, note, index: 5, entryData: entries[5]!, proof: proofOf(4) })).problem, 'proof_mismatch');
  });

  it('a checkpoint altered after signing, signed by another key, or not covering the entry is refused', async () => {
    const forged = note.replace(`\n${size}\n`, `\n${size + 1}\n`);
    const r1 = await checkInclusion({ vkey, note: forged, index: 0, entryData: entries[0]!, proof: proofOf(0) });
    assert.equal(r1.problem, 'bad_signature');
    assert.equal(r1.signatureOk, false);
    const other = signNote(checkpointBody(origin, size, root), origin, newSeed());
    assert.equal((await checkInclusion({ vkey, note: other, index: 0, entryData: entries[0]!, proof: proofOf(0) })).problem, 'unknown_key');
    assert.equal((await checkInclusion({ vkey: 'not a key', note, index: 0, entryData: entries[0]!, proof: proofOf(0) })).problem, 'vkey_malformed');
    assert.equal((await checkInclusion({ vkey, note: 'garbage', index: 0, entryData: entries[0]!, proof: [] })).problem, 'note_malformed');
    assert.equal((await checkInclusion({ vkey, note, index: size, entryData: entries[0]!, proof: [] })).problem, 'not_covered');
  });
});
