/** The platform's one unzip (issue 9): bombs are refused after a bounded amount of work. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { AppError } from '../http/errors.ts';
import { listZip, unzipCapped } from './unzip.ts';
import { buildZip, deflated, zeroBomb } from './zip.fixtures.ts';

function refused(f: () => unknown): AppError {
  try { f(); } catch (e) { assert.ok(e instanceof AppError, String(e)); return e; }
  assert.fail('expected a refusal');
}

describe('unzipCapped', () => {
  it('unpacks an ordinary archive (fflate-made, directories left out)', () => {
    const zip = zipSync({ 'a/parcels.shp': new Uint8Array([1, 2, 3]), 'a/': {}, '说明.txt': new TextEncoder().encode('红线 '.repeat(500)) });
    const out = unzipCapped(zip);
    assert.deepEqual(Object.keys(out).sort(), ['a/parcels.shp', '说明.txt']);
    assert.deepEqual([...out['a/parcels.shp']!], [1, 2, 3]);
    assert.equal(new TextDecoder().decode(out['说明.txt']), '红线 '.repeat(500));
  });

  it('refuses a 1 GiB entry from its header, before inflating anything', () => {
    const bomb = buildZip([zeroBomb('bomb.shp', 1024)]);
    assert.ok(bomb.length < 1_200_000, `the bomb is small: ${bomb.length}`);
    const e = refused(() => unzipCapped(bomb, { field: 'body' }));
    assert.equal(e.code, 'files.archive_too_large');
    assert.equal(e.status, 413);
    assert.equal(e.details?.field, 'body');
    assert.match(e.message, /^body: bomb\.shp unpacks to 1024 MiB/);
  });

  it('refuses an entry that lies about its size as soon as the lie shows', () => {
    const liar = buildZip([zeroBomb('liar.shp', 1024, 1000)]);
    const t0 = performance.now();
    const e = refused(() => unzipCapped(liar, { maxRatio: 1e9 }));
    assert.equal(e.code, 'files.archive_too_large');
    assert.match(e.message, /more than the 1000 bytes it declares/);
    assert.ok(performance.now() - t0 < 1000, 'stopped early, not after inflating 1 GiB');
  });

  it('refuses a compression ratio over the cap, the total over the cap, and too many entries', () => {
    const ratio = refused(() => unzipCapped(buildZip([zeroBomb('z.dbf', 8)])));
    assert.match(ratio.message, /compressed \d+:1; at most 100:1/);
    const parts = Array.from({ length: 3 }, (_, i) => deflated(`p${i}.bin`, Buffer.alloc(2 * 1024 * 1024, i + 65)));
    const total = refused(() => unzipCapped(buildZip(parts), { maxTotalBytes: 5 * 1024 * 1024, maxRatio: 1e9 }));
    assert.match(total.message, /unpacks to more than 5 MiB/);
    const many = refused(() => listZip(buildZip(Array.from({ length: 11 }, (_, i) => deflated(`f${i}`, Buffer.from('x')))), { maxEntries: 10 }));
    assert.match(many.message, /11 entries; at most 10/);
  });

  it('refuses a corrupted archive, a truncated one and a wrong CRC as invalid (400)', () => {
    const ok = buildZip([deflated('a.txt', Buffer.from('hello world'))]);
    assert.equal(refused(() => unzipCapped(Buffer.from('not a zip'))).code, 'files.archive_invalid');
    assert.equal(refused(() => unzipCapped(ok.subarray(10))).code, 'files.archive_invalid');
    const badCrc = buildZip([{ ...deflated('a.txt', Buffer.from('hello world')), crc: 1234 }]);
    const crc = refused(() => unzipCapped(badCrc));
    assert.match(crc.message, /CRC mismatch/);
    // The reason in Chinese for a zh-CN page (web/src/app/errors.ts).
    assert.equal(crc.details?.reasonZh, 'a.txt：CRC 校验不符，压缩包已损坏');
  });
});
