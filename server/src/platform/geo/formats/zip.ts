/**
 * The one way the geo formats open a zip (zipped Shapefile, KMZ; the upload check of red-line
 * materials through them): a corrupted archive is a geo.file_invalid naming the field.
 * Decompression limits belong here, so that every geo format inherits them.
 */
import { AppError } from '../../http/errors.ts';
import { unzipCapped } from '../../files/unzip.ts';

/** Largest unpacked geo archive (all entries): a county's red lines are a few MB; GEO_MAX_VERTICES refuses more geometry anyway. */
export const SHAPEFILE_UNZIP_MAX_BYTES = 64 * 1024 * 1024;

/** True when the bytes start like a zip archive (local file header or empty archive). */
export function looksLikeZip(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 0x03 || buf[2] === 0x05) && (buf[3] === 0x04 || buf[3] === 0x06);
}

/** Entries of a zip archive by path (archive order kept); macOS resource forks dropped. */
export function readZipArchive(zip: Uint8Array, field = 'body'): Record<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipCapped(zip, { field, maxTotalBytes: SHAPEFILE_UNZIP_MAX_BYTES, maxEntryBytes: SHAPEFILE_UNZIP_MAX_BYTES });
  } catch (e) {
    // Too large stays files.archive_too_large (413); anything else is a broken file.
    if (e instanceof AppError && e.code === 'files.archive_too_large') throw e;
    throw new AppError('geo.file_invalid', `${field}: the zip archive is corrupted or not a zip (${(e as Error).message.replace(new RegExp(`^${field}: `), '')})`, { field });
  }
  const out: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) if (!/(^|\/)__MACOSX\//.test(k) && !k.endsWith('/')) out[k] = v;
  return out;
}
