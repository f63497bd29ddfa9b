import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import { call, loginAs, nextIp, reportIdOf, setPowDifficulty, submitPublic, reportBody } from './tipoffs.test-helpers.ts';
import { loginAdmin } from '../../platform/identity/test-helpers.ts';
import { DEMO_OPEN311_KEY } from './tipoffs.seed.ts';

const t: TestApp = await startTestApp();
await setPowDifficulty(t, 0);

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const post = (file: string, o: Record<string, string>) => t.inject({
  method: 'POST', url: `/open311/v2/${file}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: nextIp(), payload: form(o),
});
const get = (url: string) => t.inject({ method: 'GET', url });
const GOOD = {
  api_key: DEMO_OPEN311_KEY, service_code: 'land_illegal_occupation', lat: '27.54', long: '106.83', address_string: '播州区三岔镇',
  description: '有人在耕地上建房，已经砌了围墙。', 'attribute[division_code]': '520304', 'attribute[party]': '某村民', email: 'citizen@example.com',
  first_name: '小明', last_name: '王',
};

describe('Open311 discovery and services', () => {
  it('discovery.json and .xml name the GeoReport v2 endpoint', async () => {
    const j = await get('/open311/v2/discovery.json');
    assert.equal(j.statusCode, 200);
    assert.match(j.headers['content-type'] as string, /application\/json/);
    const d = json(j);
    assert.equal(d.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.deepEqual(d.endpoints[0].formats, ['text/xml', 'application/json']);
    const x = await get('/open311/v2/discovery.xml');
    assert.match(x.headers['content-type'] as string, /text\/xml/);
    assert.match(x.body, /^<\?xml version="1.0" encoding="utf-8"\?><discovery>.*<endpoints><endpoint><specification>http:\/\/wiki.open311.org\/GeoReport_v2<\/specification>/);
    assert.match(x.body, /<formats><format>text\/xml<\/format><format>application\/json<\/format><\/formats>/);
  });

  it('services.json lists one service per violation type; services.xml the same in XML', async () => {
    const j = json(await get('/open311/v2/services.json'));
    assert.equal(j.length, 10);
    const s = j.find((x: { service_code: string }) => x.service_code === 'mineral_illegal_mining');
    assert.deepEqual(Object.keys(s).sort(), ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    assert.equal(s.service_name, '违法开采');
    assert.equal(s.metadata, true);
    assert.equal(s.type, 'realtime');
    const x = (await get('/open311/v2/services.xml')).body;
    assert.equal((x.match(/<service>/g) ?? []).length, 10);
    assert.match(x, /<service><service_code>land_illegal_approval<\/service_code><service_name>违法批地<\/service_name>/);
  });

  it('services/{code}.json gives the attributes; an unknown code is a 404 in the spec format', async () => {
    const d = json(await get('/open311/v2/services/land_farmland_damage.json'));
    assert.equal(d.service_code, 'land_farmland_damage');
    assert.deepEqual(d.attributes.map((a: { code: string; required: boolean; variable: boolean }) => [a.code, a.required, a.variable]), [['division_code', false, true], ['party', true, true]]);
    assert.match(d.attributes[0].datatype_description, /address_string/);
    const x = await get('/open311/v2/services/land_farmland_damage.xml');
    assert.match(x.body, /<service_definition><service_code>land_farmland_damage<\/service_code><attributes><attribute><variable>true<\/variable><code>division_code<\/code>/);
    const nf = await get('/open311/v2/services/nope.json');
    assert.equal(nf.statusCode, 404);
    assert.deepEqual(Object.keys(json(nf)[0]).sort(), ['code', 'description']);
    assert.equal(json(nf)[0].code, 404);
    const nfx = await get('/open311/v2/services/nope.xml');
    assert.match(nfx.body, /<errors><error><code>404<\/code><description>service_code nope not found<\/description><\/error><\/errors>/);
  });
});

describe('Open311 POST requests', () => {
  it('creates a report from a form-encoded POST and returns service_request_id (JSON and XML)', async () => {
    const res = await post('requests.json', GOOD);
    assert.equal(res.statusCode, 200, res.body);
    const [r] = json(res);
    assert.match(r.service_request_id, /^JB\d{14}$/);
    assert.ok('service_notice' in r && 'account_id' in r);
    const row = await t.testDb.owner.selectFrom('tipoffs.reports').select(['channel', 'violationType', 'party', 'apiKeyId']).where('reportNo', '=', r.service_request_id).executeTakeFirstOrThrow();
    assert.equal(row.channel, 'open311');
    assert.equal(row.party, '某村民');
    assert.ok(row.apiKeyId);
    const x = await post('requests.xml', { ...GOOD, description: '同一地点另一位市民的举报，内容不同。' });
    assert.equal(x.statusCode, 200);
    assert.match(x.body, /^<\?xml version="1.0" encoding="utf-8"\?><service_requests><request><service_request_id>JB\d{14}<\/service_request_id>/);
  });

  it('takes the division from an address that names it when division_code is left out, and an empty description (GeoReport v2 makes it optional)', async () => {
    // Address only (no lat/long, GeoReport v2 allows it): the division the address names.
    const { 'attribute[division_code]': _omitted, lat: _lat, long: _long, ...noDivision } = GOOD;
    const cases: [Record<string, string>, string][] = [
      [{ ...noDivision, address_string: '遵义市播州区三岔镇新华村三组', description: '' }, '520304102'],
      [{ ...noDivision, address_string: '播州区某村公路旁', description: '照片见链接', media_url: 'https://example.com/p.jpg' }, '520304'],
    ];
    for (const [body, code] of cases) {
      const res = await post('requests.json', body);
      assert.equal(res.statusCode, 200, `${JSON.stringify(body)} → ${res.body}`);
      const row = await t.testDb.owner.selectFrom('tipoffs.reports').select(['divisionCode', 'facts', 'status']).where('reportNo', '=', json(res)[0].service_request_id).executeTakeFirstOrThrow();
      assert.equal(row.divisionCode, code);
      assert.equal(row.status, 'received');
      assert.equal(row.facts, body.media_url ? `${body.description}\n媒体链接：${body.media_url}` : '');
    }
    // The key is still required with an empty description.
    const noKey = await post('requests.json', { ...noDivision, api_key: '', description: '' });
    assert.equal(noKey.statusCode, 403);
  });

  it('answers every bad input with the spec error list, never a 500', async () => {
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ ...GOOD, api_key: '' }, 403, /api_key/],
      [{ ...GOOD, api_key: 'wrong-key' }, 403, /api_key/],
      [{ ...GOOD, service_code: '' }, 400, /service_code/],
      [{ ...GOOD, service_code: 'potholes' }, 404, /service_code/],
      [{ ...GOOD, lat: '' }, 400, /^lat: required with long/],
      [{ ...GOOD, lat: '', long: '', address_string: '' }, 400, /^lat\/long, address_string or address_id/],
      [{ ...GOOD, lat: 'north' }, 400, /^lat:/],
      [{ ...GOOD, long: '200' }, 400, /^long:/],
      [{ ...GOOD, lat: '35.69', long: '139.69' }, 400, /^lat\/long:.*not inside China/],
      // A point in no known boundary (the map holds 播州区 only) whose address names no division.
      [{ ...GOOD, 'attribute[division_code]': '', address_string: '村口公路旁', lat: '39.9', long: '116.4' }, 400, /attribute\[division_code\]: required when the point lies in no known boundary and address_string names no county/],
      [{ ...GOOD, 'attribute[division_code]': '52x304' }, 400, /attribute\[division_code\]/],
      [{ ...GOOD, 'attribute[division_code]': '529999' }, 400, /attribute\[division_code\]/],
      [{ ...GOOD, 'attribute[party]': '' }, 400, /attribute\[party\]/],
      [{ ...GOOD, description: 'x'.repeat(4001) }, 400, /description: at most 4000/],
      [{ ...GOOD, email: 'not-an-email' }, 400, /email/],
      [{ ...GOOD, phone: '12' }, 400, /phone/],
    ];
    for (const [body, status, re] of cases) {
      const res = await post('requests.json', body);
      assert.equal(res.statusCode, status, `${JSON.stringify(body)} → ${res.body}`);
      const errs = json(res);
      assert.ok(Array.isArray(errs) && errs.length === 1, res.body);
      assert.equal(errs[0].code, status);
      assert.match(errs[0].description, re);
    }
    const x = await post('requests.xml', { ...GOOD, api_key: 'wrong' });
    assert.equal(x.statusCode, 403);
    assert.match(x.body, /<errors><error><code>403<\/code><description>api_key: invalid or revoked<\/description><\/error><\/errors>/);
    // JSON instead of a form: the spec's format still.
    const js = await t.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/json' }, payload: { api_key: DEMO_OPEN311_KEY } });
    assert.equal(js.statusCode, 400);
    assert.equal(json(js)[0].code, 400);
    // Malformed body and unknown formats.
    const big = await post('requests.json', { ...GOOD, description: 'x'.repeat(70 * 1024) });
    assert.equal(big.statusCode, 413);
    assert.equal(json(big)[0].code, 413);
    const fmt = await get('/open311/v2/services.csv');
    assert.equal(fmt.statusCode, 404);
    assert.equal(json(fmt)[0].code, 404);
  });
});

describe('Open311 GET requests', () => {
  it('lists with filters, maps stages to open/closed with status_notes, and never shows reporter data', async () => {
    const a = json(await post('requests.json', { ...GOOD, service_code: 'mineral_illegal_exploration', description: '有人在山上私自钻探勘查。' }))[0].service_request_id;
    const web = await submitPublic(t, reportBody({ reporter: { anonymous: false, name: '赵六', phone: '13800009999', idNumber: '520304199001011234' } }));
    const id = await reportIdOf(t, web.body.reportNo);
    const hotline = await loginAs(t, 'hotline');
    await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'refuse', reason: 'staff_conduct' });

    const all = json(await get('/open311/v2/requests.json'));
    const keys = Object.keys(all[0]).sort();
    assert.deepEqual(keys, ['address', 'address_id', 'agency_responsible', 'description', 'expected_datetime', 'lat', 'long', 'media_url', 'requested_datetime',
      'service_code', 'service_name', 'service_notice', 'service_request_id', 'status', 'status_notes', 'updated_datetime', 'zipcode']);
    const body = JSON.stringify(all);
    for (const secret of ['赵六', '13800009999', '520304199001011234', '王', 'citizen@example.com', '某村民']) assert.ok(!body.includes(`"${secret}"`) && !body.includes(secret === '王' ? '"王' : secret), secret);
    const refused = all.find((r: { service_request_id: string }) => r.service_request_id === web.body.reportNo);
    assert.equal(refused.status, 'closed');
    assert.match(refused.status_notes, /不予受理.*纪检监察/);
    const open = all.find((r: { service_request_id: string }) => r.service_request_id === a);
    assert.equal(open.status, 'open');
    assert.match(open.status_notes, /已接收.*判定/);
    assert.equal(open.agency_responsible, '遵义市自然资源局');
    assert.match(open.requested_datetime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);

    const byCode = json(await get('/open311/v2/requests.json?service_code=mineral_illegal_exploration'));
    assert.deepEqual(byCode.map((r: { service_request_id: string }) => r.service_request_id), [a]);
    const closed = json(await get('/open311/v2/requests.json?status=closed'));
    assert.ok(closed.every((r: { status: string }) => r.status === 'closed') && closed.length >= 1);
    const openOnly = json(await get('/open311/v2/requests.json?status=open'));
    assert.ok(openOnly.every((r: { status: string }) => r.status === 'open') && openOnly.length >= 3);
    const byIds = json(await get(`/open311/v2/requests.json?service_request_id=${a},${web.body.reportNo}&status=open`));
    assert.equal(byIds.length, 2, 'with service_request_id the other filters are ignored');
    const future = json(await get('/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z'));
    assert.deepEqual(future, []);
    const past = json(await get('/open311/v2/requests.json?end_date=2000-01-01T00:00:00%2B08:00'));
    assert.deepEqual(past, []);
    const oneX = await get(`/open311/v2/requests/${a}.xml`);
    assert.match(oneX.body, new RegExp(`^<\\?xml version="1.0" encoding="utf-8"\\?><service_requests><request><service_request_id>${a}</service_request_id><status>open</status>`));
    const oneJ = json(await get(`/open311/v2/requests/${a}.json`));
    assert.equal(oneJ.length, 1);
    assert.equal(oneJ[0].service_code, 'mineral_illegal_exploration');
  });

  it('refuses malformed filters and unknown ids in the spec format', async () => {
    for (const [url, status, re] of [
      ['/open311/v2/requests.json?status=pending', 400, /status/],
      ['/open311/v2/requests.json?start_date=yesterday', 400, /start_date/],
      ['/open311/v2/requests.json?start_date=2026-02-01&end_date=2026-01-01', 400, /start_date/],
      ['/open311/v2/requests.json?service_code=potholes', 400, /service_code/],
      ['/open311/v2/requests.json?status=open&status=closed', 400, /status/],
      ['/open311/v2/requests/JB0000.json', 404, /not found/],
      ['/open311/v2/nothing.json', 404, /no resource/],
      ['/open311/v2/a/b/c.json', 404, /no resource/],
    ] as const) {
      const res = await get(url);
      assert.equal(res.statusCode, status, `${url} → ${res.body}`);
      assert.equal(json(res)[0].code, status);
      assert.match(json(res)[0].description, re);
    }
  });
});

describe('API keys', () => {
  it('are issued by the system administrator, work once issued, and stop when revoked', async () => {
    const admin = await loginAdmin(t, 'sysadmin');
    const hotline = await loginAs(t, 'hotline');
    const denied = await call(t, hotline, 'POST', '/api/tipoffs/apikeys', { name: '某 App' });
    assert.equal(denied.status, 403);
    const k = await call(t, admin, 'POST', '/api/tipoffs/apikeys', { name: '遵义市民 App', contact: '张工' });
    assert.equal(k.status, 201, JSON.stringify(k.body));
    assert.match(k.body.key, /^o311_/);
    const ok = await post('requests.json', { ...GOOD, api_key: k.body.key, description: '用新发的密钥提交一条举报。' });
    assert.equal(ok.statusCode, 200, ok.body);
    const list = await call(t, admin, 'GET', '/api/tipoffs/apikeys');
    const mine = list.body.items.find((i: { id: number }) => i.id === k.body.id);
    assert.ok(mine.lastUsedAt);
    assert.ok(!JSON.stringify(list.body).includes(k.body.key));
    const rv = await call(t, admin, 'POST', `/api/tipoffs/apikeys/${k.body.id}/revoke`, {});
    assert.equal(rv.status, 200);
    const after = await post('requests.json', { ...GOOD, api_key: k.body.key });
    assert.equal(after.statusCode, 403);
  });
});

describe('OpenAPI', () => {
  it('documents the tip-off routes (and keeps Open311 out of it)', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const paths = Object.keys(json(res).paths);
    for (const p of ['/api/public/tipoffs/reports', '/api/tipoffs/reports/{id}/triage', '/api/tipoffs/trends/rising']) assert.ok(paths.includes(p), p);
    assert.ok(!paths.some((p) => p.startsWith('/open311')));
  });
});

describe('Open311 location: address only, address_id, and the division at the point', () => {
  const { 'attribute[division_code]': _d, lat: _lat, long: _long, ...addressOnly } = GOOD;

  it('accepts an address without lat/long, places it by the township it names, and leaves lat/long out of GET', async () => {
    const res = await post('requests.json', { ...addressOnly, address_string: '播州区三岔镇新华村三组路口' });
    assert.equal(res.statusCode, 200, res.body);
    const no = json(res)[0].service_request_id;
    const row = await t.testDb.owner.selectFrom('tipoffs.reports').select(['divisionCode', 'lon', 'lat', 'placePending', 'status']).where('reportNo', '=', no).executeTakeFirstOrThrow();
    assert.deepEqual(row, { divisionCode: '520304102', lon: null, lat: null, placePending: false, status: 'received' });
    const [g] = json(await get(`/open311/v2/requests/${no}.json`));
    assert.equal(g.address, '播州区三岔镇新华村三组路口');
    assert.ok(!('lat' in g) && !('long' in g), JSON.stringify(g));
    const x = (await get(`/open311/v2/requests/${no}.xml`)).body;
    assert.doesNotMatch(x, /<lat|<long/);
    // The ledger and the trends read it without a point.
    const hotline = await loginAs(t, 'hotline');
    const id = await reportIdOf(t, no);
    const v = await call(t, hotline, 'GET', `/api/tipoffs/reports/${id}`);
    assert.equal(v.status, 200);
    assert.equal(v.body.lon, null);
    assert.equal(v.body.placePending, false);
    const heat = await call(t, hotline, 'GET', '/api/tipoffs/trends/heatmap');
    assert.equal(heat.status, 200, JSON.stringify(heat.body));
    assert.ok(heat.body.cells.every((c: { lon: number | null; lat: number | null }) => c.lon !== null && c.lat !== null));
  });

  it('accepts an address that names no division (or an address_id) for triage to place; the hotline places it when assigning', async () => {
    const res = await post('requests.json', { ...addressOnly, address_string: '村口公路旁的大棚后面' });
    assert.equal(res.statusCode, 200, res.body);
    const no = json(res)[0].service_request_id;
    const row = await t.testDb.owner.selectFrom('tipoffs.reports').select(['divisionCode', 'lon', 'placePending', sql<string>`org_path::text`.as('org')]).where('reportNo', '=', no).executeTakeFirstOrThrow();
    assert.equal(row.placePending, true);
    assert.equal(row.lon, null);
    assert.equal(row.divisionCode, '520300'); // the receiving city bureau's own division, until placed
    const [g] = json(await get(`/open311/v2/requests/${no}.json`));
    assert.match(g.status_notes, /发生地待定/);
    assert.ok(!('lat' in g));

    const byId = await post('requests.json', { ...addressOnly, address_string: '', address_id: 'ADDR-0042' });
    assert.equal(byId.statusCode, 200, byId.body);
    const idRow = await t.testDb.owner.selectFrom('tipoffs.reports').select(['address', 'channelRef', 'placePending']).where('reportNo', '=', json(byId)[0].service_request_id).executeTakeFirstOrThrow();
    assert.equal(idRow.placePending, true);
    assert.equal(idRow.address, '地址编号 ADDR-0042');
    assert.match(idRow.channelRef ?? '', /address_id=ADDR-0042/);

    // The hotline sees it needs placing in the ledger, and places it by assigning it to a county.
    const hotline = await loginAs(t, 'hotline');
    const id = await reportIdOf(t, no);
    const list = await call(t, hotline, 'GET', '/api/tipoffs/reports?status=received&limit=100');
    assert.equal(list.status, 200);
    const item = list.body.items.find((i: { reportNo: string }) => i.reportNo === no);
    assert.ok(item, 'the pending report is in the hotline ledger');
    assert.equal(item.placePending, true);
    assert.equal(item.lon, null);
    assert.equal((await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept' })).status, 200);
    const noCounty = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer' });
    assert.equal(noCounty.status, 400);
    assert.match(JSON.stringify(noCounty.body), /countyCode/);
    const ok = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer', countyCode: '520304' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const placed = await t.testDb.owner.selectFrom('tipoffs.reports').select(['divisionCode', 'placePending', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(placed, { divisionCode: '520304', placePending: false, status: 'assigned' });
    // Hot spots group points: reports without one (several by now) are left out, not a null place.
    const hot = await call(t, hotline, 'GET', '/api/tipoffs/trends/hotspots');
    assert.equal(hot.status, 200, JSON.stringify(hot.body));
    assert.ok(hot.body.items.every((h: { lon: number | null }) => typeof h.lon === 'number'));
  });

  it('derives the division from lat/long inside a township boundary of the map (三岔镇)', async () => {
    // A point just inside the inner corner of 三岔镇 on the public divisions layer.
    const f = await t.testDb.owner.selectFrom('map.features as f').innerJoin('map.layers as l', 'l.id', 'f.layerId')
      .select(sql<string>`f.bbox::text`.as('bbox')).where('l.code', '=', 'divisions').where('f.code', '=', '520304102').executeTakeFirstOrThrow();
    const [x1, y1, x0, y0] = f.bbox.replace(/[()]/g, '').split(',').map(Number) as [number, number, number, number];
    const inner = { lon: Math.min(x0, x1) + 0.003, lat: Math.max(y0, y1) - 0.003 };
    const res = await post('requests.json', { ...addressOnly, lat: String(inner.lat), long: String(inner.lon), address_string: '村口公路旁' });
    assert.equal(res.statusCode, 200, res.body);
    const row = await t.testDb.owner.selectFrom('tipoffs.reports').select(['divisionCode', 'placePending', 'lon']).where('reportNo', '=', json(res)[0].service_request_id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { divisionCode: '520304102', placePending: false, lon: inner.lon });
    // The service definition says what a request needs.
    const d = json(await get('/open311/v2/services/land_farmland_damage.json'));
    assert.match(d.attributes[0].datatype_description, /lat\+long, or address_string, or address_id/);
    assert.match(d.attributes[0].datatype_description, /triage/);
  });
});
