/**
 * The GIS round trip with GDAL (what QGIS uses): `ogr2ogr` reads a collection from `/ogc/` with
 * its OGC API – Features driver (OAPIF) into a GeoPackage, the GeoPackage goes out again as
 * GeoJSON, and that file comes back through `POST /api/geo/convert`; the features and their
 * attributes must equal what `/ogc/` served. `npm test` installs gdal-bin (scripts/chromium.ts
 * `ensureGdal`, as root); without it the test is skipped with the reason.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { OGR2OGR } from '../../../../scripts/chromium.ts';

const hasGdal = fs.existsSync(OGR2OGR);
const skip = hasGdal ? false : `gdal-bin is not installed (${OGR2OGR}); run npm test as root or: apt-get install -y gdal-bin`;

describe('GDAL round trip through /ogc and /api/geo/convert', { skip }, async () => {
  const t: TestApp = await startTestApp();
  await t.http.listen({ host: '127.0.0.1', port: 0 });
  const port = (t.http.server.address() as AddressInfo).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-gdal-'));
  // Asynchronously: the server answering GDAL runs in this process.
  const run = async (tool: string, args: string[]) => (await promisify(execFile)(OGR2OGR.replace(/ogr2ogr$/, tool), args, { encoding: 'utf8', env: { ...process.env, GDAL_HTTP_TIMEOUT: '60' }, timeout: 120_000 })).stdout;
  const ogr = (...args: string[]) => run('ogr2ogr', args);

  it('plan_zones: OAPIF → GeoPackage → GeoJSON → /api/geo/convert gives the same features and attributes', async () => {
    const served = JSON.parse((await t.inject({ method: 'GET', url: '/ogc/collections/plan_zones/items?limit=1000' })).body);
    assert.ok(served.features.length >= 20);
    const gpkg = path.join(dir, 'zones.gpkg'), back = path.join(dir, 'zones.geojson');
    // A small page size makes GDAL follow the next links; single features are fetched by id when asked.
    await ogr('-f', 'GPKG', gpkg, `OAPIF:http://127.0.0.1:${port}/ogc`, 'plan_zones', '-oo', 'PAGE_SIZE=7', '-nln', 'plan_zones');
    await ogr('-f', 'GeoJSON', back, gpkg, 'plan_zones', '-lco', 'SIGNIFICANT_FIGURES=17', '-lco', 'WRITE_NAME=NO');
    const res = await t.inject({ method: 'POST', url: '/api/geo/convert?from=geojson&to=geojson', headers: { 'content-type': 'application/octet-stream' }, payload: fs.readFileSync(back) });
    assert.equal(res.statusCode, 200, res.body);
    const got = JSON.parse(res.body) as { features: { geometry: { coordinates: unknown }; properties: Record<string, unknown> }[] };
    assert.equal(got.features.length, served.features.length);

    const byCode = new Map(got.features.map((f) => [f.properties.code, f]));
    for (const f of served.features) {
      const g = byCode.get(f.properties.code);
      assert.ok(g, `feature ${f.properties.code} came back`);
      for (const key of ['gzqlx', 'ghwh', 'code', 'name', 'version']) assert.deepEqual(g.properties[key], f.properties[key], `${f.properties.code}.${key}`);
      // convert writes its own ellipsoidal areaM2 (rounded): the same figure as the layer's.
      assert.ok(Math.abs((g.properties.areaM2 as number) - f.properties.areaM2) <= 0.01, `${f.properties.code}.areaM2 ${g.properties.areaM2} vs ${f.properties.areaM2}`);
      assert.equal(new Date(String(g.properties.updatedAt)).getTime(), new Date(f.properties.updatedAt).getTime(), `${f.properties.code}.updatedAt`);
      // Coordinates: doubles end to end (GeoPackage stores them as such), GeoJSON with 17 significant figures.
      const flat = (c: unknown): number[] => (Array.isArray(c) ? c.flatMap(flat) : [c as number]);
      const a = flat(f.geometry.coordinates), b = flat(g.geometry.coordinates);
      assert.equal(b.length, a.length, `${f.properties.code} vertex count`);
      a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-12, `${f.properties.code} coordinate ${i}: ${v} vs ${b[i]}`));
    }
  });

  it('GDAL reads a single feature by its id (it appends /{id} to the items link)', async () => {
    const served = JSON.parse((await t.inject({ method: 'GET', url: '/ogc/collections/plan_zones/items?limit=3' })).body);
    const f = served.features[2];
    const one = await run('ogrinfo', ['-ro', '-q', '-fid', String(f.id), `OAPIF:http://127.0.0.1:${port}/ogc`, 'plan_zones']);
    assert.match(one, new RegExp(`code \\(String\\) = ${f.properties.code}`), one.slice(0, 800));
  });

  it('GDAL\'s feature count and attribute filter (numberMatched and CQL2 on the server) give the right answers', async () => {
    const info = await run('ogrinfo', ['-ro', '-so', `OAPIF:http://127.0.0.1:${port}/ogc`, 'plan_zones']);
    assert.match(info, /Feature Count: 20\b/);
    const where = await run('ogrinfo', ['-ro', '-al', '-q', '-where', "gzqlx = '允许建设区'", `OAPIF:http://127.0.0.1:${port}/ogc`, 'plan_zones']);
    const zones = [...where.matchAll(/gzqlx \(String\) = (\S+)/g)].map((m) => m[1]);
    assert.ok(zones.length > 0 && zones.every((z) => z === '允许建设区'), where.slice(0, 500));
  });
});
