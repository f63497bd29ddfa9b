/** Hand-built zip archives for the unzip caps' tests, bombs included (not a test file itself). */
import zlib from 'node:zlib';

export interface RawEntry {
  name: string;
  /** Stored bytes (already deflated when method is 8). */
  data: Buffer;
  method: 0 | 8;
  crc: number;
  /** Uncompressed size written into the headers (a liar may write less than the truth). */
  size: number;
}

/** A zip of the given entries, headers written as told (so sizes may lie). */
export function buildZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0x800, 6); lh.writeUInt16LE(e.method, 8);
    lh.writeUInt32LE(e.crc >>> 0, 14); lh.writeUInt32LE(e.data.length, 18); lh.writeUInt32LE(e.size, 22); lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(0x800, 8); ch.writeUInt16LE(e.method, 10);
    ch.writeUInt32LE(e.crc >>> 0, 16); ch.writeUInt32LE(e.data.length, 20); ch.writeUInt32LE(e.size, 24); ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, e.data);
    centrals.push(ch, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** An honest deflated entry. */
export function deflated(name: string, content: Buffer): RawEntry {
  return { name, data: zlib.deflateRawSync(content), method: 8, crc: zlib.crc32(content), size: content.length };
}

/**
 * A deflate stream of `mib` MiB of zeros, built from one flushed block of 1 MiB repeated (so a
 * 1 GiB bomb costs 1 MiB of work to make and about 1 MB to send), with its true CRC.
 */
export function zeroBomb(name: string, mib: number, declaredSize?: number): RawEntry {
  const oneMiB = Buffer.alloc(1024 * 1024);
  const block = zlib.deflateRawSync(oneMiB, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const data = Buffer.concat([...Array.from({ length: mib }, () => block), Buffer.from([0x03, 0x00])]);
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = zlib.crc32(oneMiB, crc);
  const size = declaredSize ?? Math.min(mib * 1024 * 1024, 0xfffffffe);
  return { name, data, method: 8, crc, size };
}
