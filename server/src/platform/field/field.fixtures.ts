/** Test and bench fixtures of the field platform: real small PNGs (no test harness imported). */
import crypto from 'node:crypto';
import zlib from 'node:zlib';

/** A real PNG of w×h pixels of one colour (valid chunks and CRCs), unique per `seed`. */
export function makePng(seed: number, w = 8, h = 8): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x++) { row[1 + x * 3] = seed & 0xff; row[2 + x * 3] = (seed >> 8) & 0xff; row[3 + x * 3] = 0x80; }
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** A real 16×12 baseline JPEG (JFIF, quality 75), the canvas of makeJpeg. */
const TINY_JPEG = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDIBCQkJDAsMGA0NGDIhHCEyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMv/AABEIAAwAEAMBEQACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/AMyNap0Tx6bLUa1k6J302RRivXcUedTLMYrJxR3Uz//Z', 'base64');

/**
 * The APP1 segment of an EXIF block (little-endian TIFF) with the time taken (DateTimeOriginal
 * and its offset, local time) and the GPS position (degrees, minutes, seconds as rationals), as a
 * phone camera writes them.
 */
export function exifApp1(o: { takenAt?: string; offset?: string; lon?: number; lat?: number }): Buffer {
  type Entry = { tag: number; type: 2 | 4 | 5; count: number; data: Buffer };
  const ascii = (s: string) => Buffer.from(`${s}\0`, 'latin1');
  const rationals = (deg: number) => {
    const a = Math.abs(deg); const d = Math.floor(a); const m = Math.floor((a - d) * 60); const s = Math.round(((a - d) * 60 - m) * 60 * 10000);
    const b = Buffer.alloc(24);
    [[d, 1], [m, 1], [s, 10000]].forEach(([n, q], i) => { b.writeUInt32LE(n!, i * 8); b.writeUInt32LE(q!, i * 8 + 4); });
    return b;
  };
  const exif: Entry[] = [];
  if (o.takenAt) {
    exif.push({ tag: 0x9003, type: 2, count: 20, data: ascii(o.takenAt) });
    if (o.offset) exif.push({ tag: 0x9011, type: 2, count: 7, data: ascii(o.offset) });
  }
  const gps: Entry[] = [];
  if (o.lat !== undefined && o.lon !== undefined) {
    gps.push({ tag: 0x0001, type: 2, count: 2, data: ascii(o.lat >= 0 ? 'N' : 'S') });
    gps.push({ tag: 0x0002, type: 5, count: 3, data: rationals(o.lat) });
    gps.push({ tag: 0x0003, type: 2, count: 2, data: ascii(o.lon >= 0 ? 'E' : 'W') });
    gps.push({ tag: 0x0004, type: 5, count: 3, data: rationals(o.lon) });
  }
  // Layout: header (8) | IFD0 | Exif IFD + its data | GPS IFD + its data.
  const ifdSize = (n: number) => 2 + n * 12 + 4;
  const dataSize = (es: Entry[]) => es.reduce((s, e) => s + (e.data.length > 4 ? e.data.length + (e.data.length % 2) : 0), 0);
  const ifd0: Entry[] = [];
  const ifd0Len = ifdSize((exif.length ? 1 : 0) + (gps.length ? 1 : 0));
  const exifAt = 8 + ifd0Len;
  const gpsAt = exifAt + (exif.length ? ifdSize(exif.length) + dataSize(exif) : 0);
  const ptr = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
  if (exif.length) ifd0.push({ tag: 0x8769, type: 4, count: 1, data: ptr(exifAt) });
  if (gps.length) ifd0.push({ tag: 0x8825, type: 4, count: 1, data: ptr(gpsAt) });
  const ifd = (es: Entry[], at: number) => {
    const head = Buffer.alloc(ifdSize(es.length));
    head.writeUInt16LE(es.length, 0);
    let dataAt = at + head.length;
    const blobs: Buffer[] = [];
    es.forEach((e, i) => {
      const p = 2 + i * 12;
      head.writeUInt16LE(e.tag, p); head.writeUInt16LE(e.type, p + 2); head.writeUInt32LE(e.count, p + 4);
      if (e.data.length <= 4) e.data.copy(head, p + 8);
      else {
        head.writeUInt32LE(dataAt, p + 8);
        const padded = e.data.length % 2 ? Buffer.concat([e.data, Buffer.alloc(1)]) : e.data;
        blobs.push(padded); dataAt += padded.length;
      }
    });
    return Buffer.concat([head, ...blobs]);
  };
  const tiff = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]), ifd(ifd0, 8),
    ...(exif.length ? [ifd(exif, exifAt)] : []), ...(gps.length ? [ifd(gps, gpsAt)] : [])]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const len = Buffer.alloc(2); len.writeUInt16BE(body.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), len, body]);
}

/**
 * A real JPEG with an EXIF block (time taken, GPS position) spliced in after SOI, and a comment
 * segment that makes it unique per `seed`: what a phone camera's photo carries.
 */
export function makeJpeg(seed: number, exif: { takenAt?: string; offset?: string; lon?: number; lat?: number } = {}): Buffer {
  const note = Buffer.from(`sunland test photo ${seed}`, 'latin1');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([(note.length + 2) >> 8, (note.length + 2) & 0xff]), note]);
  const app1 = exif.takenAt || exif.lon !== undefined ? exifApp1(exif) : Buffer.alloc(0);
  return Buffer.concat([TINY_JPEG.subarray(0, 2), app1, com, TINY_JPEG.subarray(2)]);
}
