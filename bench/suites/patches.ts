/**
 * Patches bench (卫片执法, issue 13):
 * - 1,000,000 land-use parcels (地类图斑, BENCH_PATCH_PARCELS_SIDE² — 1000² by default) bulk-loaded
 *   with generate_series over the middle of the demo county, in a layer that then takes the code
 *   `landuse` (the pre-check reads layers by code; the demo land use waits as `landuse_demo`);
 * - a batch of BENCH_PATCHES change patches (10,000 by default), each over ~30 parcels, imported
 *   through the API: the dry run, then the apply with the automatic pre-check (overlay of every
 *   patch with 8 layers of the one map, one transaction) — patches per second, with the server-side
 *   progress polled meanwhile (the steps the import page's bar would show);
 * - the same overlay of the same patches with the same parcels in PostGIS (ST_Intersects +
 *   ST_Area(ST_Intersection(…)::geography)), where Debian's PostgreSQL 15 + PostGIS 3 are installed;
 * - sync of BENCH_PATCH_SYNC_RECORDS field records (1,000) on those patches from 8 phones, each with
 *   two JPEG photos carrying EXIF (time, GPS) uploaded resumably, then every photo's last chunk and
 *   every record sent again (phones that lost the answers): records per second, 0 lost, 0 duplicated.
 * Beside the bare route of this run.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import type { SuiteContext } from '../suite.ts';
import { withScratchPostgis } from '../postgis.ts';
import { makeJpeg, sha256 } from '../../server/src/platform/field/field.fixtures.ts';

const N = Number(process.env.BENCH_PATCHES ?? 10_000);
const SIDE = Number(process.env.BENCH_PATCH_PARCELS_SIDE ?? 1000);
const RECORDS = Number(process.env.BENCH_PATCH_SYNC_RECORDS ?? 1000);
const PHONES = 8;
const COUNTY = 'cn.p52.c5203.x520304';

async function login(appUrl: string, username: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Sunland@2026' }) });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sunland_session='));
  if (!res.ok || !cookie) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

interface Area { x0: number; y0: number; dx: number; dy: number }

/** Parcel (i = row, j = col) of the grid as SQL: a square cell, 地类 cropland (0103) on two rows of three. */
const PARCEL_SQL = (a: Area) => `
  lateral (select ${a.x0}::float8 + j * ${a.dx} as xa, ${a.y0}::float8 + i * ${a.dy} as ya,
                  ${a.x0}::float8 + (j + 1) * ${a.dx} as xb, ${a.y0}::float8 + (i + 1) * ${a.dy} as yb,
                  case when (i + j) % 3 = 0 then '0702' else '0103' end as dlbm) c`;

/** The patches: a √N × √N grid over the parcels, each ~5.5 × 5.5 parcels, off the cell lines. */
function patchRings(a: Area): [number, number][][] {
  const side = Math.ceil(Math.sqrt(N));
  const step = SIDE / side;
  const r = (v: number) => Math.round(v * 1e8) / 1e8;
  return Array.from({ length: N }, (_, k) => {
    const ci = Math.floor(k / side) * step + 0.3, cj = (k % side) * step + 0.3;
    const x = a.x0 + cj * a.dx, y = a.y0 + ci * a.dy, w = Math.min(5.5, step * 0.6) * a.dx, h = Math.min(5.5, step * 0.6) * a.dy;
    return [[r(x), r(y)], [r(x + w), r(y)], [r(x + w), r(y + h)], [r(x), r(y + h)], [r(x), r(y)]];
  });
}

export async function run(ctx: SuiteContext): Promise<void> {
  const { appUrl, ownerUrl } = ctx.info;
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    // The middle 40 % of the demo county (inside the county everywhere: divisionAt finds it).
    const b = (await owner.query<{ x0: number; y0: number; x1: number; y1: number }>(`
      select (f.bbox[1])[0] as x0, (f.bbox[1])[1] as y0, (f.bbox[0])[0] as x1, (f.bbox[0])[1] as y1
      from map.features f join map.layers l on l.id = f.layer_id where l.code = 'divisions' and f.code = '520304'`)).rows[0]!;
    const [cx, cy, w, h] = [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, (b.x1 - b.x0) * 0.2, (b.y1 - b.y0) * 0.2];
    const area: Area = { x0: cx - w, y0: cy - h, dx: (2 * w) / SIDE, dy: (2 * h) / SIDE };

    // --- 1,000,000 land-use parcels -----------------------------------------------------------
    const t0 = performance.now();
    const kind = (await owner.query<{ kind: string }>(`select kind from map.layers where code = 'landuse'`)).rows[0]?.kind ?? 'landuse';
    const layer = (await owner.query<{ id: number }>(`insert into map.layers (code, name, name_en, kind, geometry_type, visibility, org_path, style, synthetic, source_note)
      values ('bench_landuse', '压测地类图斑', 'Bench land use', $1, 'Polygon', 'scoped', $2, '{"default":{"fill":"rgba(120,200,80,0.15)","stroke":"#4a8a2a"}}', true, 'bench/suites/patches.ts')
      returning id`, [kind, COUNTY])).rows[0]!.id;
    const load = async (from: number, to: number) => {
      const c = new pg.Client({ connectionString: ownerUrl });
      await c.connect();
      try {
        await c.query(`insert into map.features (layer_id, code, properties, geom, bbox, is_public, org_path)
          select $1, 'BL-' || i || '-' || j, jsonb_build_object('dlbm', dlbm, 'tbbh', i * ${SIDE} + j),
            jsonb_build_object('type', 'Polygon', 'coordinates', jsonb_build_array(jsonb_build_array(
              jsonb_build_array(xa, ya), jsonb_build_array(xb, ya), jsonb_build_array(xb, yb), jsonb_build_array(xa, yb), jsonb_build_array(xa, ya)))),
            box(point(xa, ya), point(xb, yb)), false, $2::ltree
          from generate_series($3::int, $4::int) i, generate_series(0, ${SIDE - 1}) j, ${PARCEL_SQL(area)}`, [layer, COUNTY, from, to]);
      } finally {
        await c.end();
      }
    };
    // The GiST index is built once after the load (this database is the bench's own).
    await owner.query('drop index map.features_layer_bbox');
    const half = Math.floor(SIDE / 2);
    await Promise.all([load(0, half - 1), load(half, SIDE - 1)]);
    await owner.query('create index features_layer_bbox on map.features using gist (layer_id, bbox)');
    await owner.query(`update map.layers set feature_count = $2, version = version + 1 where id = $1`, [layer, SIDE * SIDE]);
    await owner.query('analyze map.features');
    const loadS = (performance.now() - t0) / 1000;
    ctx.emit({ bench: 'patches.seed_parcels', parcels: SIDE * SIDE, seconds: +loadS.toFixed(1), parcelsPerSecond: Math.round((SIDE * SIDE) / loadS), note: 'SQL generate_series on 2 connections, then the GiST (layer_id, bbox) index' });

    await owner.query(`update map.layers set code = 'landuse_demo' where code = 'landuse'`);
    await owner.query(`update map.layers set code = 'landuse', version = version + 1 where id = $1`, [layer]);
    const rings = patchRings(area);
    let batchNo = '';
    try {
      batchNo = await importBatch(ctx, appUrl, owner, rings);
    } finally {
      await owner.query(`update map.layers set code = 'bench_landuse' where id = $1`, [layer]);
      await owner.query(`update map.layers set code = 'landuse' where code = 'landuse_demo'`);
    }
    await postgis(ctx, area, rings);
    if (batchNo) await fieldSync(ctx, appUrl, owner, batchNo);
  } finally {
    await owner.end();
  }
}

/** The dry run and the apply of the batch file, with the server-side progress polled. */
async function importBatch(ctx: SuiteContext, appUrl: string, owner: pg.Client, rings: [number, number][][]): Promise<string> {
  const features = rings.map((ring, k) => ({ type: 'Feature', properties: { TBBH: `BENCH${String(k).padStart(6, '0')}`, BHLX: '新增建设' }, geometry: { type: 'Polygon', coordinates: [ring] } }));
  const body = JSON.stringify({ type: 'FeatureCollection', features });
  const cookie = await login(appUrl, 'supervisor');
  const created = await fetch(`${appUrl}/api/patches/batches`, {
    method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: appUrl },
    body: JSON.stringify({ name: '性能测试批次', source: 'self', beforeDate: '2026-01-01', afterDate: '2026-03-31', deadline: '2026-06-30' }),
  });
  if (!created.ok) throw new Error(`create batch: ${created.status} ${await created.text()}`);
  const { batchNo } = (await created.json()) as { batchNo: string };
  const post = async (dryRun: boolean) => {
    const token = crypto.randomUUID();
    const seen = new Set<string>();
    let done = false;
    const poll = (async () => {
      while (!done) {
        const r = await fetch(`${appUrl}/api/patches/import-progress/${token}`, { headers: { cookie } });
        if (r.ok) {
          const p = (await r.json()) as { phase: string; validated: number; inserted: number };
          seen.add(`${p.phase}:${p.validated}:${p.inserted}`);
        } else await r.body?.cancel();
        await new Promise((res) => setTimeout(res, 250));
      }
    })();
    const t0 = performance.now();
    try {
      const res = await fetch(`${appUrl}/api/patches/batches/${batchNo}/import?format=geojson&dryRun=${dryRun}&progress=${token}`, {
        method: 'POST', headers: { cookie, 'content-type': 'application/geo+json', origin: appUrl }, body,
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`import dryRun=${dryRun}: ${res.status} ${text.slice(0, 500)}`);
      const out = JSON.parse(text) as { report: { valid: number; outside: unknown[]; invalid: unknown[] } };
      return { ms: Math.round(performance.now() - t0), valid: out.report.valid, outside: out.report.outside.length, invalid: out.report.invalid.length, progressSnapshotsSeen: seen.size };
    } finally {
      done = true;
      await poll;
    }
  };
  const parcels = (await owner.query<{ n: number }>(`select feature_count as n from map.layers where code = 'landuse'`)).rows[0]!.n;
  const dry = await post(true);
  ctx.emit({ bench: 'patches.import_dry_run', patches: N, ...dry, patchesPerSecond: Math.round((N / dry.ms) * 1000), bareRps: ctx.bareRps, landuseParcels: parcels });
  const apply = await post(false);
  const pieces = (await owner.query<{ n: number; m2: number }>(`select sum(jsonb_array_length(coalesce(precheck->'approvals', '[]')))::int as n, sum((precheck->>'croplandM2')::float8)::float8 as m2
    from patches.patches p join patches.batches b on b.id = p.batch_id where b.batch_no = $1`, [batchNo])).rows[0]!;
  ctx.emit({
    bench: 'patches.import_apply_with_precheck', patches: N, ...apply, patchesPerSecond: Math.round((N / apply.ms) * 1000), bareRps: ctx.bareRps, landuseParcels: parcels,
    croplandM2Total: Math.round(pieces.m2), note: '8 layers overlaid per patch (approved, supplied, temporary, facility, land use, basic farmland, plan zones, mining), ~30 land-use parcels each; one transaction',
  });
  appOverlay = { patchesPerSecond: Math.round((N / apply.ms) * 1000), croplandM2: pieces.m2 };
  const suggested = (await owner.query<{ c: string; n: number }>(`select coalesce(suggested_class, '-') as c, count(*)::int as n from patches.patches p join patches.batches b on b.id = p.batch_id where b.batch_no = $1 group by 1 order by 1`, [batchNo])).rows;
  ctx.emit({ bench: 'patches.precheck_classes', suggested });
  return batchNo;
}

let appOverlay: { patchesPerSecond: number; croplandM2: number } | null = null;

/** The same overlay (patches × land-use parcels, cropland area on the ellipsoid) in PostGIS. */
async function postgis(ctx: SuiteContext, area: Area, rings: [number, number][][]): Promise<void> {
  await withScratchPostgis(ctx, 'patches.precheck_postgis', async (c) => {
    const t0 = performance.now();
    await c.query(`create table landuse as select i, j, dlbm, ST_MakeEnvelope(xa, ya, xb, yb, 4326) as geom
      from generate_series(0, ${SIDE - 1}) i, generate_series(0, ${SIDE - 1}) j, ${PARCEL_SQL(area)}`);
    await c.query('create index on landuse using gist (geom)');
    await c.query('analyze landuse');
    const loadS = (performance.now() - t0) / 1000;
    await c.query('create table patches (k int primary key, geom geometry(Polygon, 4326))');
    await c.query(`insert into patches select k, ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) from unnest($1::text[]) with ordinality as x(g, k)`,
      [rings.map((r) => JSON.stringify({ type: 'Polygon', coordinates: [r] }))]);
    await c.query('analyze patches');
    const t1 = performance.now();
    const { rows } = await c.query<{ n: number; pieces: number; m2: number }>(`
      select count(distinct p.k)::int as n, count(*)::int as pieces,
             sum(case when l.dlbm like '01%' then ST_Area(ST_Intersection(l.geom, p.geom)::geography) else 0 end)::float8 as m2
      from patches p join landuse l on l.geom && p.geom and ST_Intersects(l.geom, p.geom)`);
    const s = (performance.now() - t1) / 1000;
    const pps = Math.round(N / s);
    ctx.emit({
      bench: 'patches.precheck_postgis', what: 'the same patches × the same 1,000,000 land-use parcels: ST_Intersects + ST_Area(ST_Intersection(…)::geography) of cropland, one SQL statement, PostgreSQL 15 + PostGIS 3 (Debian)',
      parcels: SIDE * SIDE, loadSeconds: +loadS.toFixed(1), patches: rows[0]!.n, pieces: rows[0]!.pieces, seconds: +s.toFixed(2), patchesPerSecond: pps,
      croplandM2Total: Math.round(rows[0]!.m2), appCroplandM2Total: appOverlay ? Math.round(appOverlay.croplandM2) : null,
      appPatchesPerSecond: appOverlay?.patchesPerSecond ?? null, appVsPostgis: appOverlay ? +(appOverlay.patchesPerSecond / pps).toFixed(3) : null,
      note: 'PostGIS cuts one layer in one set-based statement without HTTP or transaction; the app overlays 8 layers per patch, computes the class and inserts every patch',
    });
  });
}

/** 1,000 field records with two EXIF photos each, from 8 phones; then everything again; then counted. */
async function fieldSync(ctx: SuiteContext, appUrl: string, owner: pg.Client, batchNo: string): Promise<void> {
  const cookie = await login(appUrl, 'inspector');
  const call = async (method: string, p: string, body: unknown, headers: Record<string, string> = {}) => {
    const raw = Buffer.isBuffer(body);
    const res = await fetch(`${appUrl}${p}`, { method, headers: { cookie, ...(raw ? {} : { 'content-type': 'application/json' }), ...headers }, body: raw ? new Uint8Array(body) : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const patches = (await owner.query<{ id: string; version: number; lon: number; lat: number }>(`select p.id, p.version, p.lon, p.lat from patches.patches p join patches.batches b on b.id = p.batch_id
    where b.batch_no = $1 order by p.tbbh limit $2`, [batchNo, RECORDS])).rows;
  if (patches.length < RECORDS) throw new Error(`only ${patches.length} patches to record`);
  const run = crypto.randomUUID().slice(0, 8);
  const photos = (i: number) => [1, 2].map((k) => makeJpeg(i * 2 + k + Date.now() % 1e6 * 1e4, { takenAt: '2026:04:02 10:15:30', offset: '+08:00', lon: patches[i]!.lon, lat: patches[i]!.lat }));
  const files = Array.from({ length: RECORDS }, (_, i) => photos(i));
  const recordIds = Array.from({ length: RECORDS }, () => crypto.randomUUID());
  const recordOf = (i: number) => ({
    recordId: recordIds[i]!, kind: 'patch', assignmentId: patches[i]!.id, baseVersion: String(patches[i]!.version),
    values: { landUse: 'building', occupiesCropland: false, note: `bench ${run} ${i}` },
    position: { lon: patches[i]!.lon, lat: patches[i]!.lat, accuracyM: 6 },
    photos: files[i]!.map((f) => ({ sha256: sha256(f), takenAt: '2026-04-02T02:15:30.000Z', lon: patches[i]!.lon, lat: patches[i]!.lat, headingDeg: 90 })),
    signatureSha256: null, recordedAt: '2026-04-02T02:16:00.000Z',
  });
  const uploadIds = new Map<number, string[]>();
  const failures: string[] = [];
  const syncOne = async (i: number) => {
    const ids: string[] = [];
    for (const f of files[i]!) {
      const begin = await call('POST', '/api/field/uploads', { name: 'photo.jpg', mime: 'image/jpeg', size: f.length });
      if (begin.status !== 201) { failures.push(`upload ${i}: ${begin.status} ${JSON.stringify(begin.body)}`); return; }
      const done = await call('PATCH', `/api/field/uploads/${begin.body.id}`, f, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' });
      if (!done.body?.complete || !done.body?.exif) { failures.push(`chunk ${i}: ${done.status} ${JSON.stringify(done.body)}`); return; }
      ids.push(begin.body.id);
    }
    uploadIds.set(i, ids);
    const r = await call('POST', '/api/field/records', recordOf(i));
    if (r.status !== 201) failures.push(`record ${i}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const pool = async (fn: (i: number) => Promise<void>) => {
    let next = 0;
    await Promise.all(Array.from({ length: PHONES }, async () => { for (let i = next++; i < RECORDS; i = next++) await fn(i); }));
  };
  const t0 = performance.now();
  await pool(syncOne);
  const secs = (performance.now() - t0) / 1000;
  let replayed = 0;
  await pool(async (i) => {
    for (const [k, f] of files[i]!.entries()) {
      const id = uploadIds.get(i)?.[k];
      if (id) await call('PATCH', `/api/field/uploads/${id}`, f, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' });
    }
    const r = await call('POST', '/api/field/records', recordOf(i));
    if (r.status === 200 && r.body?.replayed) replayed++;
  });
  const counted = (await owner.query<{ rows: number; distinct: number }>(`select count(*)::int as rows, count(distinct record_id)::int as distinct from field.records where record_id = any($1::uuid[])`, [recordIds])).rows[0]!;
  const onPatches = (await owner.query<{ n: number }>(`select count(*)::int as n from patches.patches where field_record->>'recordId' = any($1::text[])`, [recordIds])).rows[0]!.n;
  const shas = files.flat().map(sha256);
  const stored = (await owner.query<{ rows: number; distinct: number; exif: number }>(`select count(*)::int as rows, count(distinct sha256)::int as distinct, count(*) filter (where exif_lon is not null)::int as exif
    from field.uploads where sha256 = any($1::text[])`, [shas])).rows[0]!;
  ctx.emit({
    bench: 'patches.field_sync', records: RECORDS, photos: shas.length, phones: PHONES, seconds: +secs.toFixed(1), recordsPerSecond: +(RECORDS / secs).toFixed(1),
    failures: failures.length, firstFailure: failures[0] ?? null, replayedAnswers: replayed,
    recordsStored: counted.rows, lost: RECORDS - counted.distinct, duplicated: counted.rows - counted.distinct, onPatches,
    photosStored: stored.distinct, photosLost: new Set(shas).size - stored.distinct, photoUploadRows: stored.rows, photosWithExif: stored.exif, bareRps: ctx.bareRps,
    note: 'each record: 2 JPEG photos with EXIF (create + one PATCH each), then the record; then every last chunk and record again',
  });
}
