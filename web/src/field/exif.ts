/**
 * EXIF for the stamped photo (拍照取证): the canvas re-encodes the picture and drops the camera's
 * metadata, so the app writes the facts it stamped — time taken (local time and its offset), GPS
 * position and heading — into an EXIF APP1 segment right after the JPEG's SOI. The server reads
 * them back on upload (platform/field/exif.ts) and checks them against the subject.
 */
export interface ExifFacts { takenAt: Date; lon: number | null; lat: number | null; headingDeg: number | null }

type Entry = { tag: number; type: 1 | 2 | 4 | 5; count: number; data: Uint8Array }; // BYTE, ASCII, LONG, RATIONAL

const ascii = (s: string) => new TextEncoder().encode(`${s}\0`);

function u32(v: number): Uint8Array { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v, true); return b; }

function rationals(parts: [number, number][]): Uint8Array {
  const b = new Uint8Array(parts.length * 8);
  const dv = new DataView(b.buffer);
  parts.forEach(([n, d], i) => { dv.setUint32(i * 8, n, true); dv.setUint32(i * 8 + 4, d, true); });
  return b;
}

/** Degrees as EXIF degrees, minutes, seconds (seconds to 1/10000). */
function dms(deg: number): Uint8Array {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 10000);
  return rationals([[d, 1], [m, 1], [s, 10000]]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** One IFD at offset `at` of the TIFF block: entries, next-IFD 0, then the values longer than 4 bytes. */
function ifd(es: Entry[], at: number): Uint8Array {
  const head = new Uint8Array(2 + es.length * 12 + 4);
  const dv = new DataView(head.buffer);
  dv.setUint16(0, es.length, true);
  let dataAt = at + head.length;
  const blobs: Uint8Array[] = [];
  es.forEach((e, i) => {
    const p = 2 + i * 12;
    dv.setUint16(p, e.tag, true); dv.setUint16(p + 2, e.type, true); dv.setUint32(p + 4, e.count, true);
    if (e.data.length <= 4) head.set(e.data, p + 8);
    else {
      dv.setUint32(p + 8, dataAt, true);
      const padded = e.data.length % 2 ? concat([e.data, new Uint8Array(1)]) : e.data;
      blobs.push(padded);
      dataAt += padded.length;
    }
  });
  return concat([head, ...blobs]);
}

const ifdLength = (es: Entry[]) => 2 + es.length * 12 + 4 + es.reduce((n, e) => n + (e.data.length > 4 ? e.data.length + (e.data.length % 2) : 0), 0);

/** The APP1 segment (FF E1, length, "Exif\0\0", little-endian TIFF) of the facts. */
export function exifSegment(f: ExifFacts): Uint8Array {
  const p = (n: number) => String(n).padStart(2, '0');
  const t = f.takenAt;
  const off = -t.getTimezoneOffset();
  const local = `${t.getFullYear()}:${p(t.getMonth() + 1)}:${p(t.getDate())} ${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}`;
  const offset = `${off >= 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  const exif: Entry[] = [
    { tag: 0x9003, type: 2, count: 20, data: ascii(local) },        // DateTimeOriginal
    { tag: 0x9011, type: 2, count: 7, data: ascii(offset) },        // OffsetTimeOriginal
  ];
  const gps: Entry[] = [];
  if (f.lon !== null && f.lat !== null) {
    const utc = t.toISOString();
    gps.push(
      { tag: 0x0000, type: 1, count: 4, data: new Uint8Array([2, 3, 0, 0]) },             // GPSVersionID (BYTE)
      { tag: 0x0001, type: 2, count: 2, data: ascii(f.lat >= 0 ? 'N' : 'S') },
      { tag: 0x0002, type: 5, count: 3, data: dms(f.lat) },
      { tag: 0x0003, type: 2, count: 2, data: ascii(f.lon >= 0 ? 'E' : 'W') },
      { tag: 0x0004, type: 5, count: 3, data: dms(f.lon) },
      { tag: 0x0007, type: 5, count: 3, data: rationals([[t.getUTCHours(), 1], [t.getUTCMinutes(), 1], [t.getUTCSeconds(), 1]]) }, // GPSTimeStamp (UTC)
    );
    if (f.headingDeg !== null) {
      gps.push({ tag: 0x0010, type: 2, count: 2, data: ascii('T') }, { tag: 0x0011, type: 5, count: 1, data: rationals([[Math.round(f.headingDeg * 100), 100]]) });
    }
    gps.push({ tag: 0x001d, type: 2, count: 11, data: ascii(utc.slice(0, 10).replaceAll('-', ':')) }); // GPSDateStamp
  }
  const ifd0Count = 1 + (gps.length ? 1 : 0);
  const exifAt = 8 + 2 + ifd0Count * 12 + 4;
  const gpsAt = exifAt + ifdLength(exif);
  const ifd0: Entry[] = [{ tag: 0x8769, type: 4, count: 1, data: u32(exifAt) }];
  if (gps.length) ifd0.push({ tag: 0x8825, type: 4, count: 1, data: u32(gpsAt) });
  const tiff = concat([new Uint8Array([0x49, 0x49, 0x2a, 0x00]), u32(8), ifd(ifd0, 8), ifd(exif, exifAt), ...(gps.length ? [ifd(gps, gpsAt)] : [])]);
  const body = concat([ascii('Exif'), new Uint8Array([0]), tiff]);
  const len = body.length + 2;
  return concat([new Uint8Array([0xff, 0xe1, len >> 8, len & 0xff]), body]);
}

/** The JPEG with the EXIF segment after its SOI and JFIF APP0 (an EXIF APP1 it had is left out). */
export function withExif(jpeg: Uint8Array, f: ExifFacts): Uint8Array {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return jpeg;
  const app0: Uint8Array[] = [];
  const rest: Uint8Array[] = [];
  let i = 2;
  // The APPn and COM segments before the frame.
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff && ((jpeg[i + 1]! >= 0xe0 && jpeg[i + 1]! <= 0xef) || jpeg[i + 1] === 0xfe)) {
    const len = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    const seg = jpeg.subarray(i, i + 2 + len);
    const isExif = jpeg[i + 1] === 0xe1 && String.fromCharCode(...jpeg.subarray(i + 4, i + 8)) === 'Exif';
    if (jpeg[i + 1] === 0xe0) app0.push(seg);
    else if (!isExif) rest.push(seg);
    i += 2 + len;
  }
  return concat([jpeg.subarray(0, 2), ...app0, exifSegment(f), ...rest, jpeg.subarray(i)]);
}
