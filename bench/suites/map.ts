/**
 * Map bench (一张图): 1,000,000 parcels bulk-loaded into the bench database, then
 * - overlay of a red line touching ~500 parcels (POST /api/map/overlay), p50/p95 over many runs;
 * - sustained random red lines for ~25 s each by 2 and by 6 clients (BENCH_MAP_CLIENTS), per minute:
 *   project red lines (irregular, 0.2–50 ha log-uniform, the range of a county's 用地预审 cases)
 *   and, as the hard case, the 500-parcel squares;
 * - vector tiles at zoom 12–16, cold (first request) and warm (served from the tile cache);
 * - Shapefile import rate through POST /api/geo/convert?from=shapefile;
 * beside the bare route of this run and, where Debian's PostGIS can be started, the same
 * overlay in PostGIS (ST_Intersection + geography area) on the same parcels.
 *
 * The parcels go into a layer of their own, `bench_parcels`, which is then given the code
 * `parcels` (the overlay reads the layers by code) while the demo parcels wait under
 * `parcels_demo`; both are restored at the end. The bench database is thrown away anyway.
 */
import os from 'node:os';
import pg from 'pg';
import { cpuMeter, type SuiteContext } from '../suite.ts';
import { withScratchPostgis } from '../postgis.ts';

const ROWS = Number(process.env.BENCH_MAP_ROWS ?? 1000);
const COLS = Number(process.env.BENCH_MAP_COLS ?? 1000);
const LON0 = 107.6, LAT0 = 27.9, DX = 0.0003, DY = 0.00027;
/** A red line of 21.5 × 21.5 cells meets 22–23 cells a side: ~500 parcels. */
const SIDE_CELLS = 21.5;
const OVERLAY_RUNS = Number(process.env.BENCH_MAP_OVERLAY_RUNS ?? 30);
const SUSTAIN_MS = Number(process.env.BENCH_MAP_SUSTAIN_S ?? 25) * 1000;
const SUSTAIN_CLIENTS = (process.env.BENCH_MAP_CLIENTS ?? '2,6').split(',').map(Number).filter((n) => n > 0);
const TILES_PER_ZOOM = Number(process.env.BENCH_MAP_TILES ?? 8);
const SHP_FEATURES = 20_000;
const COUNTY = 'cn.p52.c5203.x520304';

/** Deterministic pseudo-random in [0,1) (same parcels in the app database and in PostGIS). */
const H = (k: number) => `(abs(sin(i * 12.9898 + j * 78.233 + ${k} * 37.719) * 43758.5453) - floor(abs(sin(i * 12.9898 + j * 78.233 + ${k} * 37.719) * 43758.5453)))`;
/** Corners of parcel (i = row, j = col): a quadrilateral jittered inside its cell (no overlaps). */
const CORNERS = `
  lateral (select ${LON0}::float8 + j * ${DX} as x0, ${LAT0}::float8 + i * ${DY} as y0) c0,
  lateral (select round((x0 + ${DX} * 0.15 * ${H(1)})::numeric, 7)::float8 as xa, round((y0 + ${DY} * 0.15 * ${H(2)})::numeric, 7)::float8 as ya,
                  round((x0 + ${DX} - ${DX} * 0.15 * ${H(3)})::numeric, 7)::float8 as xb, round((y0 + ${DY} * 0.15 * ${H(4)})::numeric, 7)::float8 as yb,
                  round((x0 + ${DX} - ${DX} * 0.15 * ${H(5)})::numeric, 7)::float8 as xc, round((y0 + ${DY} - ${DY} * 0.15 * ${H(6)})::numeric, 7)::float8 as yc,
                  round((x0 + ${DX} * 0.15 * ${H(7)})::numeric, 7)::float8 as xd, round((y0 + ${DY} - ${DY} * 0.15 * ${H(8)})::numeric, 7)::float8 as yd) c`;

type Ring = [number, number][];

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function redlines(n: number, seed: number): Ring[] {
  const rnd = mulberry32(seed);
  const out: Ring[] = [];
  for (let k = 0; k < n; k++) {
    const x = LON0 + (1 + rnd() * (COLS - SIDE_CELLS - 2)) * DX, y = LAT0 + (1 + rnd() * (ROWS - SIDE_CELLS - 2)) * DY;
    const w = SIDE_CELLS * DX, h = SIDE_CELLS * DY;
    const r = (v: number) => Math.round(v * 1e7) / 1e7;
    out.push([[r(x), r(y)], [r(x + w), r(y)], [r(x + w), r(y + h)], [r(x), r(y + h)], [r(x), r(y)]]);
  }
  return out;
}

/**
 * Random project red lines: a star-shaped ring of 6–20 vertices (radii 0.55–1 of an ellipse with
 * axis ratio 1–3, turned at random, so most are not convex), its area drawn log-uniformly from
 * 0.2 ha to 50 ha, placed at random on the parcel grid. The parcels are ~30 m × 30 m, so a red
 * line meets from a handful to ~600 of them.
 */
function projectRedlines(n: number, seed: number): Ring[] {
  const rnd = mulberry32(seed);
  const mPerLon = 111_320 * Math.cos((LAT0 * Math.PI) / 180), mPerLat = 110_900;
  const out: Ring[] = [];
  for (let k = 0; k < n; k++) {
    const areaM2 = 2_000 * Math.exp(rnd() * Math.log(250)); // 0.2 ha … 50 ha
    const nv = 6 + Math.floor(rnd() * 15), ratio = 1 + 2 * rnd(), turn = rnd() * Math.PI;
    const local: [number, number][] = [];
    for (let i = 0; i < nv; i++) {
      const t = (i / nv) * 2 * Math.PI, r = 0.55 + 0.45 * rnd();
      const ex = r * Math.cos(t) * ratio, ey = r * Math.sin(t);
      local.push([ex * Math.cos(turn) - ey * Math.sin(turn), ex * Math.sin(turn) + ey * Math.cos(turn)]);
    }
    let twice = 0;
    for (let i = 0; i < nv; i++) {
      const [x1, y1] = local[i]!, [x2, y2] = local[(i + 1) % nv]!;
      twice += x1 * y2 - x2 * y1;
    }
    const scale = Math.sqrt(areaM2 / Math.abs(twice / 2)); // metres per unit
    const margin = 3 * scale; // ratio ≤ 3 and r ≤ 1
    const cx = LON0 + (margin / mPerLon) + rnd() * (COLS * DX - (2 * margin) / mPerLon);
    const cy = LAT0 + (margin / mPerLat) + rnd() * (ROWS * DY - (2 * margin) / mPerLat);
    const r7 = (v: number) => Math.round(v * 1e7) / 1e7;
    const ring: Ring = local.map(([x, y]) => [r7(cx + (x * scale) / mPerLon), r7(cy + (y * scale) / mPerLat)]);
    out.push([...ring, ring[0]!]);
  }
  return out;
}

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!.toFixed(1);
}

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z, r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export async function run(ctx: SuiteContext): Promise<void> {
  const { appUrl, cookie, ownerUrl } = ctx.info;
  if (!cookie) {
    ctx.emit({ bench: 'map.skipped', reason: 'demo login failed' });
    return;
  }
  const headers = { cookie, 'content-type': 'application/json' };
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  const total = ROWS * COLS;
  try {
    // --- bulk load ---------------------------------------------------------------------------
    const t0 = performance.now();
    const layer = (await owner.query(`insert into map.layers (code, name, name_en, kind, geometry_type, visibility, org_path, style, synthetic, source_note)
      values ('bench_parcels', '压测宗地', 'Bench parcels', 'cadastre', 'Polygon', 'scoped', $1, '{"default":{"fill":"rgba(240,165,0,0.15)","stroke":"#b36b00"}}', true, 'bench/suites/map.ts')
      returning id`, [COUNTY])).rows[0].id as number;
    // The GiST index is built once after the load rather than maintained row by row (this
    // database is the bench's own); two connections share the jsonb building.
    const half = Math.floor(ROWS / 2);
    const load = async (from: number, to: number) => {
      const c = new pg.Client({ connectionString: ownerUrl });
      await c.connect();
      try {
        await c.query(`insert into map.features (layer_id, code, properties, geom, bbox, is_public, org_path)
          select $1, 'BENCH-' || i || '-' || j, jsonb_build_object('dlbm', '0103', 'zl', '压测路' || i || '号' || j),
            jsonb_build_object('type', 'Polygon', 'coordinates', jsonb_build_array(jsonb_build_array(
              jsonb_build_array(xa, ya), jsonb_build_array(xb, yb), jsonb_build_array(xc, yc), jsonb_build_array(xd, yd), jsonb_build_array(xa, ya)))),
            box(point(least(xa, xd), least(ya, yb)), point(greatest(xb, xc), greatest(yc, yd))), false, $2::ltree
          from generate_series($3::int, $4::int) i, generate_series(0, ${COLS - 1}) j, ${CORNERS}`, [layer, COUNTY, from, to]);
      } finally {
        await c.end();
      }
    };
    await owner.query('drop index map.features_layer_bbox');
    await Promise.all([load(0, half - 1), load(half, ROWS - 1)]);
    await owner.query('create index features_layer_bbox on map.features using gist (layer_id, bbox)');
    await owner.query(`update map.layers set feature_count = $2, version = version + 1 where id = $1`, [layer, total]);
    await owner.query('analyze map.features');
    const loadS = (performance.now() - t0) / 1000;
    ctx.emit({ bench: 'map.bulk_load', features: total, seconds: +loadS.toFixed(1), featuresPerS: Math.round(total / loadS), note: 'SQL generate_series → GeoJSON quadrilaterals + box on 2 connections, then the GiST (layer_id, bbox) index built' });

    await owner.query(`update map.layers set code = 'parcels_demo' where code = 'parcels'`);
    await owner.query(`update map.layers set code = 'parcels' where id = $1`, [layer]);
    try {
      await overlays(ctx, appUrl, headers);
      await tiles(ctx, appUrl, cookie);
    } finally {
      await owner.query(`update map.layers set code = 'bench_parcels' where id = $1`, [layer]);
      await owner.query(`update map.layers set code = 'parcels' where code = 'parcels_demo'`);
    }
    await shapefileImport(ctx, appUrl, owner, layer, cookie);
    await postgis(ctx);
  } finally {
    await owner.end();
  }
}

async function overlays(ctx: SuiteContext, appUrl: string, headers: Record<string, string>): Promise<void> {
  const call = async (ring: Ring) => {
    const res = await fetch(`${appUrl}/api/map/overlay`, { method: 'POST', headers, body: JSON.stringify({ geometry: { type: 'Polygon', coordinates: [ring] } }) });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`overlay ${res.status}: ${body.slice(0, 300)}`);
    return (JSON.parse(body) as { parcels?: { count?: number } }).parcels?.count ?? NaN;
  };
  const probe = await fetch(`${appUrl}/api/map/overlay`, { method: 'POST', headers, body: '{}' });
  if (probe.status === 404) {
    ctx.emit({ bench: 'map.overlay', skipped: 'POST /api/map/overlay not present in this build' });
    return;
  }
  await call(redlines(1, 99)[0]!); // warm-up: JIT, connection pool
  const lines = redlines(OVERLAY_RUNS, 1);
  const ms: number[] = [];
  const touched: number[] = [];
  for (const r of lines) {
    const { ms: m, value } = await timed(() => call(r));
    ms.push(m);
    touched.push(value);
  }
  overlayMs = ms;
  ctx.emit({
    bench: 'map.overlay', route: 'POST /api/map/overlay', parcelsInLayer: ROWS * COLS, runs: ms.length,
    parcelsTouchedMean: Math.round(touched.reduce((s, x) => s + x, 0) / touched.length), p50Ms: pct(ms, 50), p95Ms: pct(ms, 95), maxMs: pct(ms, 100),
    bareRps: ctx.bareRps,
  });

  // Sustained: random red lines back to back, by 2 clients and then by more (the two cores'
  // worth: Node for the overlay, PostgreSQL for the candidates), each for SUSTAIN_MS. First the
  // project red lines, then the 500-parcel squares by the largest number of clients.
  for (const { kind, label, pool } of SUSTAINED_KINDS) {
    for (const clients of kind === 'project' ? SUSTAIN_CLIENTS : SUSTAIN_CLIENTS.slice(-1)) {
      let ok = 0, failed = 0, k = 0;
      const lat: number[] = [], touched: number[] = [];
      const end = performance.now() + SUSTAIN_MS;
      const t0 = performance.now();
      const cpu = cpuMeter(ctx.info.targetPid);
      const worker = async () => {
        while (performance.now() < end) {
          const r = pool[k++ % pool.length]!;
          try {
            const { ms: m, value } = await timed(() => call(r));
            lat.push(m);
            touched.push(value);
            ok++;
          } catch {
            failed++;
          }
        }
      };
      await Promise.all(Array.from({ length: clients }, worker));
      const s = (performance.now() - t0) / 1000;
      const perMinute = Math.round((ok / s) * 60);
      const used = cpu?.();
      const cpuMsPerOverlay = used && ok > 0 ? Object.fromEntries(Object.entries(used).map(([k, v]) => [k, +((v * 1000) / ok).toFixed(2)])) : null;
      sustained.push({ kind, clients, perMinute });
      ctx.emit({
        bench: 'map.overlay_sustained', redlines: label, clients,
        seconds: +s.toFixed(1), completed: ok, failed, parcelsTouchedMean: Math.round(touched.reduce((a, x) => a + x, 0) / Math.max(1, touched.length)),
        perMinute, target: 10_000, p50Ms: pct(lat, 50), p95Ms: pct(lat, 95), cpuMsPerOverlay, bareRps: ctx.bareRps,
      });
    }
  }
}

/** The red lines of the sustained runs, the app's and PostGIS's alike. */
const SUSTAINED_KINDS = [
  { kind: 'project', label: 'project red lines, irregular, 0.2–50 ha', pool: projectRedlines(2000, 7) },
  { kind: 'square500', label: '500-parcel squares', pool: redlines(2000, 7) },
] as const;

/** Sustained figures of the app, for the PostGIS baseline of the same red lines. */
const sustained: { kind: string; clients: number; perMinute: number }[] = [];

/** Overlay latencies of the app, for the PostGIS ratio. */
let overlayMs: number[] = [];

async function tiles(ctx: SuiteContext, appUrl: string, cookie: string): Promise<void> {
  const rnd = mulberry32(5);
  for (let z = 12; z <= 16; z++) {
    const [x0, y1] = tileOf(LON0, LAT0, z);
    const [x1, y0] = tileOf(LON0 + COLS * DX, LAT0 + ROWS * DY, z);
    const seen = new Set<string>();
    const picks: [number, number][] = [];
    const available = (x1 - x0 + 1) * (y1 - y0 + 1);
    while (picks.length < Math.min(TILES_PER_ZOOM, available)) {
      const x = x0 + Math.floor(rnd() * (x1 - x0 + 1)), y = y0 + Math.floor(rnd() * (y1 - y0 + 1));
      if (seen.has(`${x}/${y}`)) continue;
      seen.add(`${x}/${y}`);
      picks.push([x, y]);
    }
    const cold: number[] = [], warm: number[] = [], bytes: number[] = [];
    let truncated = 0, aggregated = 0;
    for (const pass of [cold, warm]) {
      for (const [x, y] of picks) {
        const { ms, value: res } = await timed(async () => {
          const r = await fetch(`${appUrl}/tiles/parcels/${z}/${x}/${y}.mvt`, { headers: { cookie } });
          const b = await r.arrayBuffer();
          return { status: r.status, size: b.byteLength, truncated: r.headers.get('x-tile-truncated') === '1', aggregated: r.headers.get('x-tile-aggregated') === '1' };
        });
        if (res.status !== 200) throw new Error(`tile ${z}/${x}/${y}: ${res.status}`);
        pass.push(ms);
        if (pass === cold) {
          bytes.push(res.size);
          if (res.truncated) truncated++;
          if (res.aggregated) aggregated++;
        }
      }
    }
    ctx.emit({
      bench: `map.tile_z${z}`, route: 'GET /tiles/parcels/{z}/{x}/{y}.mvt', parcelsInLayer: ROWS * COLS, tiles: picks.length,
      coldP50Ms: pct(cold, 50), coldP95Ms: pct(cold, 95), warmP50Ms: pct(warm, 50), warmP95Ms: pct(warm, 95),
      meanKB: +(bytes.reduce((s, b) => s + b, 0) / bytes.length / 1024).toFixed(1), truncatedTiles: truncated, aggregatedTiles: aggregated, bareRps: ctx.bareRps,
    });
  }
}

async function shapefileImport(ctx: SuiteContext, appUrl: string, owner: pg.Client, layer: number, cookie: string): Promise<void> {
  const { rows } = await owner.query(`select code, properties, geom from map.features where layer_id = $1 order by id limit $2`, [layer, SHP_FEATURES]);
  const fc = JSON.stringify({ type: 'FeatureCollection', features: rows.map((r: { code: string; properties: object; geom: object }) => ({ type: 'Feature', properties: { code: r.code, ...r.properties }, geometry: r.geom })) });
  const convert = async (from: string, to: string, body: Blob | string) => {
    // Signed in: anonymous callers may send only GEO_ANON_MAX_BYTES (4 MiB), less than these files.
    const res = await fetch(`${appUrl}/api/geo/convert?from=${from}&to=${to}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', cookie }, body });
    const out = await res.blob();
    if (res.status !== 200) throw new Error(`convert ${from}→${to}: ${res.status} ${(await out.text()).slice(0, 300)}`);
    return out;
  };
  const shp = await convert('geojson', 'shapefile', fc);
  const runs = 3;
  const shpMs: number[] = [], jsonMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    shpMs.push((await timed(() => convert('shapefile', 'geojson', shp))).ms);
    jsonMs.push((await timed(() => convert('geojson', 'geojson', fc))).ms);
  }
  const best = (xs: number[]) => Math.min(...xs);
  ctx.emit({
    bench: 'map.shapefile_import', route: 'POST /api/geo/convert?from=shapefile&to=geojson', features: rows.length, zipKB: Math.round(shp.size / 1024),
    bestMs: Math.round(best(shpMs)), featuresPerS: Math.round(rows.length / (best(shpMs) / 1000)),
    geojsonBaselineFeaturesPerS: Math.round(rows.length / (best(jsonMs) / 1000)), note: 'baseline: the same features GeoJSON→GeoJSON (read, validate, area, write) in the same run',
  });
}

/** The same overlay in PostGIS, when Debian's PostgreSQL 15 + PostGIS 3 are installed. */
async function postgis(ctx: SuiteContext): Promise<void> {
  await withScratchPostgis(ctx, 'map.postgis', async (c, config) => {
    const t0 = performance.now();
    await c.query(`create table parcels as select i, j, ST_SetSRID(ST_MakePolygon(ST_MakeLine(array[
        ST_MakePoint(xa, ya), ST_MakePoint(xb, yb), ST_MakePoint(xc, yc), ST_MakePoint(xd, yd), ST_MakePoint(xa, ya)])), 4326) as geom
      from generate_series(0, ${ROWS - 1}) i, generate_series(0, ${COLS - 1}) j, ${CORNERS}`);
    await c.query('create index on parcels using gist (geom)');
    await c.query('analyze parcels');
    const loadS = (performance.now() - t0) / 1000;
    const q = `select count(*)::int as n, sum(ST_Area(ST_Intersection(geom, r)::geography))::float8 as m2
      from parcels, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) r where geom && r and ST_Intersects(geom, r)`;
    const gj = (ring: Ring) => JSON.stringify({ type: 'Polygon', coordinates: [ring] });
    await c.query(q, [gj(redlines(1, 99)[0]!)]);
    const ms: number[] = [];
    const touched: number[] = [];
    for (const r of redlines(OVERLAY_RUNS, 1)) {
      const { ms: m, value } = await timed(() => c.query(q, [gj(r)]));
      ms.push(m);
      touched.push(value.rows[0].n);
    }
    // The same sustained loads on PostGIS, by as many connections as the machine has cores
    // (each PostgreSQL backend is single-threaded; the clients here cost next to nothing).
    const cores = os.availableParallelism();
    const conns = [c, ...await Promise.all(Array.from({ length: cores - 1 }, async () => {
      const x = new pg.Client(config);
      await x.connect();
      return x;
    }))];
    try {
      for (const { kind, label, pool } of SUSTAINED_KINDS) {
        let ok = 0, k = 0;
        const end = performance.now() + SUSTAIN_MS, t1 = performance.now();
        await Promise.all(conns.map(async (x) => {
          while (performance.now() < end) {
            await x.query(q, [gj(pool[k++ % pool.length]!)]);
            ok++;
          }
        }));
        const perMinute = Math.round((ok / ((performance.now() - t1) / 1000)) * 60);
        const app = sustained.filter((a) => a.kind === kind).sort((a, b) => b.perMinute - a.perMinute)[0];
        ctx.emit({
          bench: 'map.postgis_sustained', redlines: label, connections: conns.length,
          perMinute, appPerMinute: app?.perMinute ?? null, appVsPostgis: app ? +(app.perMinute / perMinute).toFixed(2) : null,
          note: 'PostGIS cuts the parcels alone, in SQL, without HTTP; the app reads 7 layers and answers the whole report',
        });
      }
    } finally {
      await Promise.all(conns.slice(1).map((x) => x.end()));
    }
    const appP95 = pct(overlayMs, 95);
    ctx.emit({
      bench: 'map.postgis', what: 'same red lines, same parcels: ST_Intersects + ST_Area(ST_Intersection(...)::geography), PostgreSQL 15 + PostGIS 3 (Debian)',
      loadSeconds: +loadS.toFixed(1), runs: ms.length, parcelsTouchedMean: Math.round(touched.reduce((s, x) => s + x, 0) / touched.length),
      p50Ms: pct(ms, 50), p95Ms: pct(ms, 95), appOverlayP95Ms: appP95, appVsPostgisP95: Number.isFinite(appP95) ? +(appP95 / pct(ms, 95)).toFixed(2) : null,
      note: 'the app overlay also reads 6 other layers, computes ellipsoidal areas on CGCS2000, and answers JSON over HTTP; PostGIS here is the parcel cut alone in SQL',
    });
  });
}
