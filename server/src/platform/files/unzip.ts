/**
 * The one way the platform unpacks a zip archive (zipped Shapefiles, KMZ, OFD/OOXML checks):
 * every entry is inflated with a hard output cap, so a decompression bomb is refused after at
 * most its cap's worth of work instead of filling memory (issue 9).
 *
 * Refused before anything is inflated, from the central directory: more than `maxEntries`
 * entries, an entry declaring more than `maxEntryBytes`, a total over `maxTotalBytes`, or a
 * compression ratio over `maxRatio` (above 1 MiB uncompressed; tiny files may compress more).
 * Then each entry is inflated by zlib with `maxOutputLength` = its declared size: an archive
 * that lies about its sizes is stopped as soon as the lie shows, and its CRC is checked.
 *
 * ```ts
 * const entries = unzipCapped(buffer);             // { 'parcels.shp': Uint8Array, ... }
 * const small = unzipCapped(buffer, { maxTotalBytes: 64 * 1024 * 1024, field: 'body' });
 * ```
 */
import zlib from 'node:zlib';
import { AppError, fieldError } from '../http/errors.ts';

export interface UnzipLimits {
  /** Sum of the uncompressed sizes. */
  maxTotalBytes?: number;
  /** Uncompressed size of one entry. */
  maxEntryBytes?: number;
  /** Uncompressed / compressed, per entry and for the whole archive (checked above 1 MiB). */
  maxRatio?: number;
  /** Entries, directories included. */
  maxEntries?: number;
  /** Field named in errors (default `file`). */
  field?: string;
}

export const UNZIP_LIMITS: Required<Omit<UnzipLimits, 'field'>> = {
  maxTotalBytes: 256 * 1024 * 1024,
  maxEntryBytes: 128 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 1000,
};

/** Below this uncompressed size the ratio is not checked (a 100 KB file of blanks compresses 1000:1). */
const RATIO_FLOOR = 1024 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  /** Offset of the entry's local header. */
  offset: number;
  encrypted: boolean;
  directory: boolean;
}

const invalid = (field: string, message: string, reasonZh: string): AppError => fieldError('files.archive_invalid', field, message, reasonZh);

function tooLarge(field: string, message: string, limits: Record<string, unknown>): AppError {
  return new AppError('files.archive_too_large', `${field}: ${message}`, { field, ...limits });
}

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

/** The entries of a zip's central directory, with the caps checked; nothing is inflated. */
export function listZip(zip: Uint8Array, limits: UnzipLimits = {}): ZipEntry[] {
  const field = limits.field ?? 'file';
  const L = { ...UNZIP_LIMITS, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) };
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  // End of central directory: 22 bytes plus a comment of up to 65535.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw invalid(field, 'not a zip archive, or it is corrupted (no end of central directory)', '不是 ZIP 压缩包，或文件已损坏（找不到中央目录结束记录）');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw invalid(field, 'ZIP64 archives are not accepted', '不接受 ZIP64 格式的压缩包');
  if (count > L.maxEntries) throw tooLarge(field, `the archive holds ${count} entries; at most ${L.maxEntries} are accepted`, { maxEntries: L.maxEntries });
  if (cdOffset + cdSize > eocd) throw invalid(field, 'the zip archive is corrupted (central directory out of bounds)', '压缩包已损坏（中央目录越界）');
  const entries: ZipEntry[] = [];
  let total = 0;
  let totalCompressed = 0;
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw invalid(field, 'the zip archive is corrupted (bad central directory)', '压缩包已损坏（中央目录有误）');
    const flags = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (next > eocd) throw invalid(field, 'the zip archive is corrupted (bad central directory)', '压缩包已损坏（中央目录有误）');
    const nameBytes = buf.subarray(p + 46, p + 46 + nameLen);
    // Bit 11: UTF-8 names; otherwise kept byte for byte (latin1), as fflate does.
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
    const e: ZipEntry = {
      name, method: buf.readUInt16LE(p + 10), crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20), size: buf.readUInt32LE(p + 24), offset: buf.readUInt32LE(p + 42),
      encrypted: (flags & 1) === 1, directory: name.endsWith('/'),
    };
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff || e.offset === 0xffffffff) throw invalid(field, 'ZIP64 archives are not accepted', '不接受 ZIP64 格式的压缩包');
    const label = name.slice(0, 200);
    if (e.size > L.maxEntryBytes) {
      throw tooLarge(field, `${label} unpacks to ${mib(e.size)}; at most ${mib(L.maxEntryBytes)} per entry`, { maxEntryBytes: L.maxEntryBytes });
    }
    if (e.size > RATIO_FLOOR && e.size / Math.max(1, e.compressedSize) > L.maxRatio) {
      throw tooLarge(field, `${label} is compressed ${Math.round(e.size / Math.max(1, e.compressedSize))}:1; at most ${L.maxRatio}:1 is accepted`, { maxRatio: L.maxRatio });
    }
    total += e.size;
    totalCompressed += e.compressedSize;
    if (total > L.maxTotalBytes) {
      throw tooLarge(field, `the archive unpacks to more than ${mib(L.maxTotalBytes)}`, { maxTotalBytes: L.maxTotalBytes });
    }
    entries.push(e);
    p = next;
  }
  if (total > RATIO_FLOOR && total / Math.max(1, totalCompressed) > L.maxRatio) {
    throw tooLarge(field, `the archive is compressed ${Math.round(total / Math.max(1, totalCompressed))}:1; at most ${L.maxRatio}:1 is accepted`, { maxRatio: L.maxRatio });
  }
  return entries;
}

/** The bytes of one listed entry, inflated with its declared size as a hard cap. */
export function readZipEntry(zip: Uint8Array, e: ZipEntry, field = 'file'): Uint8Array {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  if (e.encrypted) throw invalid(field, `${e.name}: encrypted entries are not accepted`, `${e.name}：不接受加密的文件`);
  if (e.offset + 30 > buf.length || buf.readUInt32LE(e.offset) !== 0x04034b50) throw invalid(field, `${e.name}: the zip archive is corrupted (bad local header)`, `${e.name}：压缩包已损坏（本地文件头有误）`);
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  if (start + e.compressedSize > buf.length) throw invalid(field, `${e.name}: the zip archive is truncated`, `${e.name}：压缩包不完整`);
  const data = buf.subarray(start, start + e.compressedSize);
  let out: Buffer;
  if (e.method === 0) out = data;
  else if (e.method === 8) {
    try {
      // maxOutputLength stops zlib as soon as the output passes the declared size.
      out = e.size === 0 ? Buffer.alloc(0) : zlib.inflateRawSync(data, { maxOutputLength: e.size });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(field, `${e.name} unpacks to more than the ${e.size} bytes it declares`, {});
      throw invalid(field, `${e.name}: the zip archive is corrupted (${(err as Error).message})`, `${e.name}：压缩包已损坏（${(err as Error).message}）`);
    }
  } else throw invalid(field, `${e.name}: compression method ${e.method} is not supported (only stored and deflate)`, `${e.name}：不支持压缩方法 ${e.method}（仅支持 stored 和 deflate）`);
  if (out.length !== e.size) throw invalid(field, `${e.name}: unpacks to ${out.length} bytes, not the ${e.size} it declares`, `${e.name}：解压后为 ${out.length} 字节，与声明的 ${e.size} 字节不符`);
  if (zlib.crc32(out) !== e.crc) throw invalid(field, `${e.name}: CRC mismatch, the archive is corrupted`, `${e.name}：CRC 校验不符，压缩包已损坏`);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Every file entry of a zip (directories left out), inflated under the caps. */
export function unzipCapped(zip: Uint8Array, limits: UnzipLimits = {}): Record<string, Uint8Array> {
  const field = limits.field ?? 'file';
  const out: Record<string, Uint8Array> = {};
  for (const e of listZip(zip, limits)) {
    if (!e.directory) out[e.name] = readZipEntry(zip, e, field);
  }
  return out;
}
