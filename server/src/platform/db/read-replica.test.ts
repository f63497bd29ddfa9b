/**
 * DATABASE_READ_URL (issue 20): the heavy read paths — map tiles, OGC API items, extents,
 * search — run on the read connection, under the same app role and row-level security, while
 * edits stay on the primary. The "replica" here is the test database reached through a
 * read-only session, so any write on the read path would fail.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { loadEnv } from '../../env.ts';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../identity/test-helpers.ts';
import { decodeTile, makeGrid, makeLayer, tileOf, BOZHOU, HUICHUAN } from '../../modules/map/tiles/tiles.test-fixtures.ts';

const t: TestApp = await startTestApp();
const readUrl = new URL(t.testDb.appUrl);
readUrl.searchParams.set('options', '-c default_transaction_read_only=on');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-read-'));
const env = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: 'false', DEMO: 'true', TRUST_PROXY: '127.0.0.1', MQTT_PORT: '0', DATABASE_READ_URL: readUrl.toString() });
const app = await buildApp({ env, appUrl: t.testDb.appUrl });
await app.http.ready();
const r = { ...t, env, platform: app.platform, inject: app.http.inject.bind(app.http) } as TestApp;
after(async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const now = async () => (await sql<{ at: Date }>`select clock_timestamp() as at`.execute(t.testDb.owner)).rows[0]!.at;

/** Sessions of the read pool (application_name sunland-read) that ran a statement since `since`. */
async function readSessionsActiveSince(since: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
    where application_name = 'sunland-read' and datname = current_database() and state_change > ${since}`.execute(t.testDb.owner);
  return rows[0]!.n;
}

describe('a read replica for the heavy read paths', () => {
  it('the read connection is a separate, read-only session of the same app role', async () => {
    assert.notEqual(app.platform.readDb, app.platform.db);
    const ro = await sql<{ ro: string; who: string }>`select current_setting('transaction_read_only') as ro, current_user as who`.execute(app.platform.readDb);
    const rw = await sql<{ ro: string; who: string }>`select current_setting('transaction_read_only') as ro, current_user as who`.execute(app.platform.db);
    assert.deepEqual(ro.rows[0], { ro: 'on', who: rw.rows[0]!.who });
    assert.equal(rw.rows[0]!.ro, 'off');
    // Without the setting, both are one and the same.
    assert.equal(t.platform.readDb, t.platform.db);
  });

  it('tiles and OGC items are read on the replica; an edit goes to the primary and shows there', async () => {
    const layerId = await makeLayer(t.testDb.owner, 'rr_parcels', 'public');
    await makeGrid(t.testDb.owner, layerId, { lon0: 106.9005, lat0: 27.6705, rows: 2, cols: 2, size: 0.001, gap: 0.0002, prefix: 'RR', orgPath: HUICHUAN, isPublic: true });
    const c = tileOf(106.901, 27.671, 14);
    const before = await now();
    assert.equal(await readSessionsActiveSince(before), 0);
    const tile = await r.inject({ method: 'GET', url: `/tiles/rr_parcels/${c.z}/${c.x}/${c.y}.mvt` });
    assert.equal(tile.statusCode, 200, tile.body);
    assert.equal(decodeTile(tile.rawPayload, 'rr_parcels', c).length, 4);
    assert.ok((await readSessionsActiveSince(before)) > 0, 'a read-pool session served the tile');

    const beforeItems = await now();
    const items = await r.inject({ method: 'GET', url: '/ogc/collections/rr_parcels/items?limit=10' });
    assert.ok((await readSessionsActiveSince(beforeItems)) > 0, 'a read-pool session served the items');
    assert.equal(items.statusCode, 200, items.body);
    assert.equal(json(items).features.length, 4);

    const f = await t.testDb.owner.selectFrom('map.features').select(['id', 'version']).where('code', '=', 'RR-0-0').executeTakeFirstOrThrow();
    const edit = await call(r, await loginAs(r, 'hc_inspector'), 'PATCH', `/api/map/layers/rr_parcels/features/${f.id}`, { version: f.version, name: '主库写入' });
    assert.equal(edit.status, 200, JSON.stringify(edit.body));
    const after = await r.inject({ method: 'GET', url: `/ogc/collections/rr_parcels/items/${f.id}` });
    assert.equal(json(after).properties.name, '主库写入');
  });

  it('row-level security holds on the replica: a scoped layer shows another county nothing', async () => {
    const layerId = await makeLayer(t.testDb.owner, 'rr_scoped', 'scoped');
    await makeGrid(t.testDb.owner, layerId, { lon0: 106.9005, lat0: 27.6705, rows: 1, cols: 2, size: 0.001, prefix: 'BZ', orgPath: BOZHOU, isPublic: false });
    const hc = await loginAs(r, 'hc_inspector');
    const theirs = await r.inject({ method: 'GET', url: '/ogc/collections/rr_scoped/items', headers: { cookie: hc } });
    assert.equal(theirs.statusCode, 200, theirs.body);
    assert.equal(json(theirs).features.length, 0);
    const own = await r.inject({ method: 'GET', url: '/ogc/collections/rr_scoped/items', headers: { cookie: await loginAs(r, 'inspector') } });
    assert.equal(json(own).features.length, 2);
  });
});
