/**
 * Synthetic before/after "imagery" (合成影像) of a demo batch, so the demo works offline: XYZ
 * tiles (256 px, Web Mercator) drawn from the land-use layer of the one map, each class in an
 * earth-like colour with a little deterministic speckle; the after image paints the batch's
 * patches in as bare ground and roofs. Labelled synthetic in the UI (batches.synthetic_imagery).
 */
import zlib from 'node:zlib';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { layerFeaturesInBox } from '../map/index.ts';
import { polygonsOf, type Polygonal } from '../../platform/geo/geo.types.ts';

const SIZE = 256;
/** Earth-like colours per land-use 一级类 (imagery, not a map legend). */
const EARTH: Record<string, [number, number, number]> = {
  '01': [150, 170, 95], '02': [110, 140, 70], '03': [50, 90, 45], '04': [140, 160, 100], '06': [170, 160, 150], '07': [185, 170, 160],
  '10': [160, 160, 160], '11': [60, 90, 120],
};
const BUILT: [number, number, number] = [215, 205, 190];

function tileBox(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (i: number) => (i / n) * 360 - 180;
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

function project(z: number, x: number, y: number) {
  const n = 2 ** z * SIZE;
  return (lon: number, lat: number): [number, number] => {
    const px = ((lon + 180) / 360) * n - x * SIZE;
    const s = Math.sin((lat * Math.PI) / 180);
    const py = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n - y * SIZE;
    return [px, py];
  };
}

/** Even-odd scanline fill of a polygonal geometry into the RGB buffer. */
function fill(buf: Buffer, g: Polygonal, p: (lon: number, lat: number) => [number, number], rgb: [number, number, number], speckle: number) {
  for (const rings of polygonsOf(g)) {
    const edges: [number, number, number, number][] = [];
    for (const ring of rings) for (let i = 0; i + 1 < ring.length; i++) {
      const a = p(ring[i]![0]!, ring[i]![1]!); const b = p(ring[i + 1]![0]!, ring[i + 1]![1]!);
      edges.push([a[0], a[1], b[0], b[1]]);
    }
    const minY = Math.max(0, Math.floor(Math.min(...edges.map((e) => Math.min(e[1], e[3])))));
    const maxY = Math.min(SIZE - 1, Math.ceil(Math.max(...edges.map((e) => Math.max(e[1], e[3])))));
    for (let py = minY; py <= maxY; py++) {
      const yc = py + 0.5; const xs: number[] = [];
      for (const [x1, y1, x2, y2] of edges) if ((y1 > yc) !== (y2 > yc)) xs.push(x1 + ((yc - y1) * (x2 - x1)) / (y2 - y1));
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        for (let px = Math.max(0, Math.ceil(xs[k]! - 0.5)); px <= Math.min(SIZE - 1, Math.floor(xs[k + 1]! - 0.5)); px++) {
          const h = ((px * 73856093) ^ (py * 19349663)) >>> 0;
          const d = ((h % 21) - 10) * speckle;
          const o = (py * SIZE + px) * 3;
          buf[o] = Math.max(0, Math.min(255, rgb[0] + d)); buf[o + 1] = Math.max(0, Math.min(255, rgb[1] + d)); buf[o + 2] = Math.max(0, Math.min(255, rgb[2] + d));
        }
      }
    }
  }
}

const CRC = new Int32Array(256).map((_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c; });
function crc32(b: Buffer): number { let c = -1; for (const x of b) c = CRC[(c ^ x) & 0xff]! ^ (c >>> 8); return (c ^ -1) >>> 0; }
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
export function encodePng(rgb: Buffer, w = SIZE, h = SIZE): Buffer {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) rgb.copy(raw, y * (w * 3 + 1) + 1, y * w * 3, (y + 1) * w * 3);
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** One tile of the before or after image of a batch (the caller checked the batch is synthetic and visible). */
export async function syntheticTile(trx: Tx, batchId: number, phase: 'before' | 'after', z: number, x: number, y: number): Promise<Buffer> {
  const buf = Buffer.alloc(SIZE * SIZE * 3, 0);
  for (let i = 0; i < SIZE * SIZE; i++) { buf[i * 3] = 120; buf[i * 3 + 1] = 130; buf[i * 3 + 2] = 100; }
  if (z < 12) return encodePng(buf);
  const [w, s, e, n] = tileBox(z, x, y);
  const box = `(${w},${s}),(${e},${n})`;
  const p = project(z, x, y);
  const rows = await layerFeaturesInBox(trx, 'landuse', [w, s, e, n], { limit: 5000 });
  for (const r of rows) if (r.geom.type === 'Polygon' || r.geom.type === 'MultiPolygon') fill(buf, r.geom, p, EARTH[String(r.properties.dlbm ?? '').slice(0, 2)] ?? [130, 140, 110], 1);
  if (phase === 'after') {
    const patches = await trx.selectFrom('patches.patches').select('geom').where('batchId', '=', batchId).where(sql<boolean>`bbox && ${box}::box`).execute();
    for (const q of patches) fill(buf, q.geom as Polygonal, p, BUILT, 2);
  }
  return encodePng(buf);
}
