import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
  consistencyProof, decodeBundle, encodeBundle, inclusionProof, leafHash, nodeHash, parseTileIndex, rangeHash, tileIndexPath, tileWidth,
  verifyConsistency, verifyInclusion, type NodeGetter,
} from './merkle.ts';
import { checkpointBody, newSeed, parseCheckpointBody, parseVkey, signNote, verifyCheckpoint, vkeyOf } from './note.ts';

/** RFC 9162 §2.1.1 MTH, written from the definition over the whole list. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return crypto.createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

function tree(n: number) {
  const leaves = Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
  const get: NodeGetter = (level, index) => mth(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level));
  return { leaves, get, root: mth(leaves) };
}

describe('RFC 9162 Merkle tree', () => {
  it('hashes leaves with 0x00 and nodes with 0x01', () => {
    assert.equal(leafHash(Buffer.from('')).toString('hex'), '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    const l = Buffer.alloc(32, 1), r = Buffer.alloc(32, 2);
    assert.deepEqual(nodeHash(l, r), crypto.createHash('sha256').update(Buffer.from([1])).update(l).update(r).digest());
  });

  it('folds any size from complete subtrees to the RFC root, and proves every entry and every pair of sizes', () => {
    for (let n = 1; n <= 33; n++) {
      const t = tree(n);
      assert.deepEqual(rangeHash(t.get, 0, n), t.root, `root at ${n}`);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(t.get, i, n);
        assert.ok(verifyInclusion(t.leaves[i], i, n, proof, t.root), `inclusion ${i}/${n}`);
        assert.ok(!verifyInclusion(t.leaves[(i + 1) % n], i, n, proof, t.root) || n === 1, `wrong leaf ${i}/${n}`);
        assert.ok(!verifyInclusion(t.leaves[i], i, n + 1, proof, tree(n + 1).root), `proof for another size ${i}/${n}`);
      }
      for (let m = 1; m <= n; m++) {
        const old = mth(t.leaves.slice(0, m));
        const proof = consistencyProof(t.get, m, n);
        assert.ok(verifyConsistency(m, n, proof, old, t.root), `consistency ${m}→${n}`);
        if (m < n) {
          const forked = leafHash(Buffer.from('forked'));
          const other = mth([...t.leaves.slice(0, m - 1), forked]);
          assert.ok(!verifyConsistency(m, n, proof, other, t.root), `fork ${m}→${n} must fail`);
        }
      }
    }
  });

  it('encodes tile indices as x001/x234/067 and back', () => {
    assert.equal(tileIndexPath(0), '000');
    assert.equal(tileIndexPath(1234067), 'x001/x234/067');
    assert.equal(parseTileIndex('x001/x234/067'), 1234067);
    assert.equal(parseTileIndex('1234'), undefined);
    assert.equal(parseTileIndex('x000/001'), undefined);
    assert.equal(tileWidth(0, 0, 300), 256);
    assert.equal(tileWidth(0, 1, 300), 44);
    assert.equal(tileWidth(1, 0, 300), 1);
    assert.equal(tileWidth(1, 0, 255), 0);
  });

  it('bundles entries with big-endian 16-bit lengths', () => {
    const b = encodeBundle([Buffer.from('ab'), Buffer.alloc(0), Buffer.alloc(300, 7)]);
    assert.deepEqual([...b.subarray(0, 4)], [0, 2, 0x61, 0x62]);
    assert.deepEqual(b.subarray(4, 8), Buffer.from([0, 0, 0x01, 0x2c]));
    assert.deepEqual(decodeBundle(b).map((e) => e.length), [2, 0, 300]);
    assert.throws(() => decodeBundle(b.subarray(0, b.length - 1)), /truncated/);
  });
});

describe('signed-note checkpoints', () => {
  const seed = newSeed();
  const name = 'example.org/log';
  const root = leafHash(Buffer.from('x'));
  const note = signNote(checkpointBody(name, 7, root), name, seed);

  it('signs a C2SP checkpoint that verifies against its vkey', () => {
    const lines = note.split('\n');
    assert.deepEqual(lines.slice(0, 4), [name, '7', root.toString('base64'), '']);
    assert.match(lines[4], /^\u2014 example\.org\/log [A-Za-z0-9+/]{91}=$/);
    const vkey = vkeyOf(name, seed);
    assert.match(vkey, /^example\.org\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    const cp = verifyCheckpoint(note, parseVkey(vkey));
    assert.equal(cp.size, 7);
    assert.deepEqual(cp.root, root);
  });

  it('refuses a changed body, another key and a malformed checkpoint with clear errors', () => {
    const v = parseVkey(vkeyOf(name, seed));
    assert.throws(() => verifyCheckpoint(note.replace('\n7\n', '\n8\n'), v), { code: 'note.bad_signature' });
    assert.throws(() => verifyCheckpoint(note, parseVkey(vkeyOf(name, newSeed()))), { code: 'note.unknown_key' });
    assert.throws(() => verifyCheckpoint(note.replace('\n\n', '\n'), v), { code: 'note.malformed' });
    assert.throws(() => parseCheckpointBody(`${name}\nseven\n${root.toString('base64')}\n`), { code: 'checkpoint.malformed' });
    assert.throws(() => parseCheckpointBody(`${name}\n7\nAAAA\n`), { code: 'checkpoint.malformed' });
    assert.throws(() => parseVkey('nonsense'), { code: 'note.vkey_malformed' });
  });
});
