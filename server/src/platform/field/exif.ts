/**
 * EXIF of a field photo (照片 EXIF): the time taken and the GPS position the camera wrote, read
 * with exifr when an upload completes (field.service.ts `finish`). Only the first 256 KiB are read
 * (the EXIF block is an APP1 segment near the start, at most 64 KiB). A photo without EXIF, or with
 * a broken one, has none: that is not an error, the app's own facts still stand.
 */
import fs from 'node:fs';
import exifr from 'exifr';

export interface PhotoExif {
  /** ISO instant; GPS time (UTC) when the camera wrote it, else DateTimeOriginal at its offset (+08:00 unless named). */
  takenAt: string | null;
  lon: number | null;
  lat: number | null;
}

const HEAD_BYTES = 256 * 1024;

function degrees(v: unknown, ref: unknown, neg: string): number | null {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) return null;
  const [d = 0, m = 0, s = 0] = v as number[];
  const deg = (d + m / 60 + s / 3600) * (String(ref ?? '').toUpperCase().startsWith(neg) ? -1 : 1);
  return Number.isFinite(deg) ? Math.round(deg * 1e7) / 1e7 : null;
}

function instant(raw: Record<string, unknown>): string | null {
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  const gd = raw.GPSDateStamp; const gt = raw.GPSTimeStamp;
  if (typeof gd === 'string' && /^\d{4}:\d{2}:\d{2}$/.test(gd) && Array.isArray(gt) && gt.length === 3) {
    const [h, m, s] = gt as number[];
    const d = new Date(`${gd.replaceAll(':', '-')}T${pad(h!)}:${pad(m!)}:${pad(s!)}Z`);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  const dt = raw.DateTimeOriginal ?? raw.CreateDate;
  if (typeof dt === 'string') {
    const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(dt);
    const off = typeof raw.OffsetTimeOriginal === 'string' && /^[+-]\d{2}:\d{2}$/.test(raw.OffsetTimeOriginal) ? raw.OffsetTimeOriginal : '+08:00';
    if (m) {
      const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${off}`);
      if (!Number.isNaN(d.getTime())) return d.toISOString();
    }
  }
  return null;
}

/** The EXIF facts of an image's bytes, or null when it carries none. */
export async function readExif(bytes: Uint8Array): Promise<PhotoExif | null> {
  let raw: Record<string, unknown> | undefined;
  try {
    raw = await exifr.parse(bytes, {
      tiff: true, exif: true, gps: true, ifd1: false, interop: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false,
      makerNote: false, userComment: false, reviveValues: false, translateValues: false, mergeOutput: true,
      pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef', 'GPSDateStamp', 'GPSTimeStamp'],
    }) as Record<string, unknown> | undefined;
  } catch {
    return null; // no or broken EXIF
  }
  if (!raw) return null;
  let lat = degrees(raw.GPSLatitude, raw.GPSLatitudeRef, 'S');
  let lon = degrees(raw.GPSLongitude, raw.GPSLongitudeRef, 'W');
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) { lat = null; lon = null; }
  const takenAt = instant(raw);
  if (takenAt === null && lat === null) return null;
  return { takenAt, lon, lat };
}

/** The EXIF facts of an image file (its first 256 KiB). */
export async function readExifOfFile(file: string): Promise<PhotoExif | null> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return await readExif(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}
