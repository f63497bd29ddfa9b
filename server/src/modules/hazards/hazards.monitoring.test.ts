import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { startEmbeddedBroker, type MqttIngest } from './mqtt.ts';
import { connectDevice, monitoringOf, obs, registerGauge } from './hazards.test-helpers.ts';
import { deviceTopic } from './monitoring.service.ts';

const t: TestApp = await startTestApp();
let officer = '';
let broker: MqttIngest;
let gauge: { secret: string; rainId: number; crackId: number };
const DEV = 'T-RG-100';
const base = new Date(Date.now() - 3 * 3600_000);
const at = (min: number) => new Date(base.getTime() + min * 60_000);

const alarms = () => t.testDb.owner.selectFrom('hazards.alarms').selectAll().where('datastreamId', '=', gauge.rainId).orderBy('id').execute();
const sms = () => t.testDb.owner.selectFrom('notify.outbox').select(['recipient', 'body']).where('channel', '=', 'sms').where('body', 'like', '%地灾监测%').orderBy('id').execute();
const rejections = () => t.testDb.owner.selectFrom('hazards.ingest_rejections').selectAll().orderBy('id').execute();
const stored = async () => (await t.testDb.owner.selectFrom('hazards.observations').select('result').where('datastreamId', '=', gauge.rainId).execute()).length;

before(async () => {
  officer = await loginAs(t, 'hazard_office');
  gauge = await registerGauge(t, officer, DEV);
  broker = await startEmbeddedBroker(monitoringOf(t), { port: 0 });
});
after(async () => { await broker.close(); });

describe('observations over MQTT (QoS 1) → one alarm, escalated, cleared → SMS to the roster → acknowledged', () => {
  it('raises one alarm when the 1-hour rainfall reaches blue, not one per observation, and texts the site roster once', async () => {
    const c = await connectDevice(broker.port!, DEV, gauge.secret);
    await c.publishAsync(deviceTopic(DEV), obs('rain', at(0), 5), { qos: 1 });
    assert.equal((await alarms()).length, 0, '5 mm: below blue');
    await c.publishAsync(deviceTopic(DEV), JSON.stringify({ observations: [{ datastream: 'rain', phenomenonTime: at(5).toISOString(), result: 6 }] }), { qos: 1 });
    let a = await alarms();
    assert.equal(a.length, 1);
    assert.equal(a[0]!.severity, 4, '11 mm in an hour: 蓝色 (四级)');
    const texts = await sms();
    assert.deepEqual(texts.map((x) => x.recipient).sort(), ['13985203101', '13985203201', '13985203300'], 'monitor, village and township persons of the site');
    assert.match(texts[0]!.body, /三岔镇新街村大湾组滑坡.*降雨量1小时累计11mm.*蓝色（四级）/);
    await c.publishAsync(deviceTopic(DEV), obs('rain', at(10), 4), { qos: 1 });
    a = await alarms();
    assert.equal(a.length, 1, 'still one alarm');
    assert.equal(a[0]!.severity, 4);
    assert.equal(a[0]!.lastValue, 15);
    assert.equal((await sms()).length, 3, 'no new SMS at the same level');

    // The same observation again (a QoS 1 redelivery) changes nothing.
    await c.publishAsync(deviceTopic(DEV), obs('rain', at(10), 4), { qos: 1 });
    assert.equal(await stored(), 3);

    await c.publishAsync(deviceTopic(DEV), obs('rain', at(15), 9), { qos: 1 });
    a = await alarms();
    assert.equal(a.length, 1);
    assert.equal(a[0]!.severity, 3, '24 mm: escalated to 黄色 (三级)');
    const after = await sms();
    assert.equal(after.length, 6, 'the escalation is texted again');
    assert.match(after[5]!.body, /报警升级.*黄色（三级）/);
    await c.endAsync();
  });

  it('is acknowledged by a person with hazards.alarm.ack; others may not', async () => {
    const [a] = await alarms();
    assert.equal((await call(t, await loginAs(t, 'window'), 'POST', `/api/hazards/alarms/${a!.id}/acknowledge`)).status, 403);
    assert.equal((await call(t, await loginAs(t, 'hc_hazard'), 'POST', `/api/hazards/alarms/${a!.id}/acknowledge`)).status, 404, 'another county does not see it');
    const res = await call(t, officer, 'POST', `/api/hazards/alarms/${a!.id}/acknowledge`);
    assert.equal(res.status, 200);
    assert.ok(res.body.acknowledgedAt);
    assert.equal((await call(t, officer, 'POST', `/api/hazards/alarms/${a!.id}/acknowledge`)).status, 409);
    const list = await call(t, officer, 'GET', '/api/hazards/alarms?status=active');
    assert.equal(list.body[0].siteNo, '520304102-HP01');
  });

  it('clears when the rainfall falls back below every threshold', async () => {
    const c = await connectDevice(broker.port!, DEV, gauge.secret);
    await c.publishAsync(deviceTopic(DEV), obs('rain', at(120), 0.5), { qos: 1 });
    const a = await alarms();
    assert.equal(a.length, 1);
    assert.equal(a[0]!.status, 'cleared');
    const ev = await call(t, officer, 'GET', `/api/hazards/alarms/${a[0]!.id}/events`);
    assert.deepEqual(ev.body.map((e: { kind: string }) => e.kind), ['raised', 'escalated', 'acknowledged', 'cleared']);
    await c.endAsync();
  });
});

describe('bad device input is refused and logged, and nothing else changes', () => {
  it('a wrong secret or unknown device cannot connect', async () => {
    const n = (await rejections()).length;
    await assert.rejects(connectDevice(broker.port!, DEV, 'wrong-secret'));
    await assert.rejects(connectDevice(broker.port!, 'NO-SUCH-DEV', 'x'));
    const r = (await rejections()).slice(n);
    assert.deepEqual(r.map((x) => x.deviceId), [DEV, 'NO-SUCH-DEV']);
    assert.match(r[0]!.reason, /wrong secret/);
  });

  it('another device\'s topic, a malformed payload, an unknown datastream and a time far in the future are refused', async () => {
    const before = await stored();
    const n = (await rejections()).length;
    const c = await connectDevice(broker.port!, DEV, gauge.secret);
    await c.publishAsync(deviceTopic(DEV), 'not json {', { qos: 1 });
    await c.publishAsync(deviceTopic(DEV), obs('nosuch', at(30), 1), { qos: 1 });
    await c.publishAsync(deviceTopic(DEV), JSON.stringify({ datastream: 'rain', phenomenonTime: at(31).toISOString(), result: 'lots' }), { qos: 1 });
    await c.publishAsync(deviceTopic(DEV), obs('rain', new Date(Date.now() + 3 * 86400_000), 99), { qos: 1 });
    // Another device's topic: refused and the connection is closed.
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    c.publish(deviceTopic('BZ-RG-001'), obs('rain', at(32), 1), { qos: 1 });
    await closed;
    c.end(true);
    const r = (await rejections()).slice(n);
    assert.deepEqual(r.map((x) => x.reason.split(':')[0]), ['payload', 'datastream', 'observations[0].result', 'observations[0].phenomenonTime', 'topic']);
    assert.equal(r[4]!.topic, 'sunland/devices/BZ-RG-001/observations');
    assert.equal(await stored(), before);
    assert.equal((await alarms()).length, 1);
  });

  it('HTTP ingest takes the same payload with the device\'s credentials and refuses the same way (4xx naming the field)', async () => {
    const auth = (s: string) => ({ authorization: `Basic ${Buffer.from(`${DEV}:${s}`).toString('base64')}` });
    const post = (payload: unknown, s = gauge.secret) => t.inject({ method: 'POST', url: `/api/hazards/ingest/${DEV}`, headers: auth(s), payload: payload as object });
    const bad = await post({ datastream: 'crack', phenomenonTime: at(40).toISOString(), result: 1 }, 'nope');
    assert.equal(bad.statusCode, 401);
    const future = await post({ datastream: 'crack', phenomenonTime: new Date(Date.now() + 3600_000).toISOString(), result: 1 });
    assert.equal(future.statusCode, 422);
    assert.match(JSON.parse(future.body).error.message, /phenomenonTime/);
    const ok = await post({ observations: [{ datastream: 'crack', phenomenonTime: at(40).toISOString(), result: 3.2 }, { datastream: 'crack', phenomenonTime: at(45).toISOString(), result: 6.5 }] });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(JSON.parse(ok.body), { stored: 2, duplicates: 0 });
    const crack = await t.testDb.owner.selectFrom('hazards.alarms').select(['severity', 'metric']).where('datastreamId', '=', gauge.crackId).execute();
    assert.deepEqual(crack, [{ severity: 4, metric: 'value' }], 'crack width 6.5 mm ≥ 5: blue');
  });
});

describe('the SensorThings 1.1 read API at /sta/v1.1/', () => {
  it('lists entity sets and serves entities with @iot.id, @iot.selfLink, $filter, $orderby, $top/$skip with nextLink and $expand', async () => {
    const root = await call(t, officer, 'GET', '/sta/v1.1');
    assert.deepEqual(root.body.value.map((v: { name: string }) => v.name), ['Things', 'Locations', 'Sensors', 'ObservedProperties', 'Datastreams', 'Observations']);
    const things = await call(t, officer, 'GET', `/sta/v1.1/Things?$filter=${encodeURIComponent(`name eq '${DEV} 雨量裂缝一体机'`)}&$expand=Datastreams,Locations`);
    assert.equal(things.status, 200, JSON.stringify(things.body));
    assert.equal(things.body.value.length, 1);
    const thing = things.body.value[0];
    assert.match(thing['@iot.selfLink'], new RegExp(`/sta/v1\\.1/Things\\(${thing['@iot.id']}\\)$`));
    assert.deepEqual(thing.Datastreams.map((d: { name: string }) => d.name), ['降雨量', '裂缝宽度']);
    assert.equal(thing.Datastreams[0].unitOfMeasurement.symbol, 'mm');
    assert.equal(thing.Locations[0].location.type, 'Point');
    const page = await call(t, officer, 'GET', `/sta/v1.1/Datastreams(${gauge.rainId})/Observations?$orderby=phenomenonTime%20desc&$top=2&$count=true`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal(page.body['@iot.count'], 5);
    assert.deepEqual(page.body.value.map((o: { result: number }) => o.result), [0.5, 9]);
    assert.match(page.body['@iot.nextLink'], /\$skip=2/);
    const next = await call(t, officer, 'GET', new URL(page.body['@iot.nextLink']).pathname + new URL(page.body['@iot.nextLink']).search);
    assert.deepEqual(next.body.value.map((o: { result: number }) => o.result), [4, 6]);
    const gt = await call(t, officer, 'GET', `/sta/v1.1/Observations?$filter=${encodeURIComponent(`result ge 5 and phenomenonTime lt ${at(100).toISOString()}`)}&$orderby=result`);
    assert.ok(gt.body.value.some((o: { result: number }) => o.result === 9));
    assert.ok(gt.body.value.every((o: { result: number }) => o.result >= 5));
    const ds = await call(t, officer, 'GET', `/sta/v1.1/Datastreams(${gauge.rainId})/Thing`);
    assert.equal(ds.body['@iot.id'], thing['@iot.id']);
    assert.equal((await call(t, officer, 'GET', '/sta/v1.1/Things?$filter=name%20like%201')).status, 400);
    assert.equal((await call(t, officer, 'GET', '/sta/v1.1/Things?$top=5000')).status, 400);
    assert.equal((await call(t, officer, 'GET', '/sta/v1.1/Widgets')).status, 404);
    // RLS: another county's SensorThings client sees no Thing of 播州区; the public none at all.
    const other = await call(t, await loginAs(t, 'hc_hazard'), 'GET', '/sta/v1.1/Things');
    assert.equal(other.body.value.length, 0);
    assert.equal((await call(t, null, 'GET', '/sta/v1.1/Things')).status, 401);
  });
});

describe('a second process on the same host', () => {
  it('finds the MQTT port taken: the start fails and leaves no broker timer behind (the process can still exit)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    await assert.rejects(startEmbeddedBroker(monitoringOf(t), { port: broker.port! }), /EADDRINUSE/);
    assert.equal(timers(), before, 'the failed broker\'s heartbeat is stopped');
  });
});
