/**
 * Photos taken in the app (拍照取证): the camera's picture is redrawn on a canvas with the time,
 * position, heading and subject stamped in a band at the bottom, saved as JPEG; the same facts
 * travel with the record (`photos[i]`: takenAt, lon, lat, headingDeg) and in the JPEG's EXIF (exif.ts).
 */
import { withExif } from './exif.ts';

export interface Stamp { takenAt: Date; lon: number | null; lat: number | null; accuracyM: number | null; headingDeg: number | null; subject: string }

const MAX_SIDE = 1600;

export async function stampPhoto(file: Blob, s: Stamp): Promise<Blob> {
  const bmp = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
  const w = Math.max(320, Math.round(bmp.width * scale));
  const h = Math.max(240, Math.round(bmp.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const g = canvas.getContext('2d')!;
  g.drawImage(bmp, 0, 0, w, h);
  bmp.close();
  const font = Math.max(14, Math.round(w / 40));
  const lines = [
    `${s.subject}`,
    `${formatTime(s.takenAt)}  ${s.lon !== null && s.lat !== null ? `${s.lon.toFixed(6)}E ${s.lat.toFixed(6)}N` : '—'}${s.accuracyM !== null ? ` ±${Math.round(s.accuracyM)}m` : ''}`,
    `${s.headingDeg !== null ? `${Math.round(s.headingDeg)}°` : '—'}  阳光国土 外业核查`,
  ];
  const band = lines.length * font * 1.35 + font * 0.6;
  g.fillStyle = 'rgba(0,0,0,0.6)';
  g.fillRect(0, h - band, w, band);
  g.fillStyle = '#fff';
  g.font = `${font}px sans-serif`;
  g.textBaseline = 'top';
  lines.forEach((l, i) => g.fillText(l, font * 0.5, h - band + font * 0.3 + i * font * 1.35, w - font));
  const jpeg = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas'))), 'image/jpeg', 0.85));
  // The same facts in the picture's own EXIF (the canvas dropped the camera's): the server reads them back.
  const bytes = withExif(new Uint8Array(await jpeg.arrayBuffer()), { takenAt: s.takenAt, lon: s.lon, lat: s.lat, headingDeg: s.headingDeg });
  return new Blob([bytes as BlobPart], { type: 'image/jpeg' });
}

export async function sha256Hex(b: Blob): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', await b.arrayBuffer());
  return [...new Uint8Array(d)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** Local time with the zone offset, as on the picture. */
export function formatTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} UTC${off >= 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}`;
}
