/**
 * 地质灾害 monitoring: readings ingested over MQTT (the embedded broker of the target, QoS 1) and
 * over HTTP (`POST /api/hazards/ingest/:deviceId`), readings/s and none lost (every reading
 * counted back in hazards.observations); then the alarm latency: a reading over a threshold →
 * the alarm row and the SMS to the site's roster in the notify outbox, p50/p95 ms from the
 * publish. Beside the bare route of the same run.
 */
import mqtt from 'mqtt';
import pg from 'pg';
import type { SuiteContext } from '../suite.ts';

const DEVICES = Number(process.env.BENCH_HAZARD_DEVICES ?? 50);
const READINGS_PER_DEVICE = Number(process.env.BENCH_HAZARD_READINGS ?? 100);
const HTTP_CONCURRENCY = 16;
const ALARM_TRIALS = Number(process.env.BENCH_HAZARD_ALARMS ?? 40);

const q = (sorted: number[], p: number) => +(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);
const stats = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return { p50Ms: q(s, 0.5), p95Ms: q(s, 0.95), p99Ms: q(s, 0.99), maxMs: q(s, 1) }; };

function connect(port: number, deviceId: string, secret: string): Promise<mqtt.MqttClient> {
  const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: deviceId, username: deviceId, password: secret, reconnectPeriod: 0, connectTimeout: 10_000, clean: true });
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve(c));
    c.once('error', (e) => { c.end(true); reject(e); });
  });
}
const publish = (c: mqtt.MqttClient, topic: string, body: string) => new Promise<void>((resolve, reject) => c.publish(topic, body, { qos: 1 }, (e) => (e ? reject(e) : resolve())));

export async function run(ctx: SuiteContext): Promise<void> {
  const { info, emit, bareRps } = ctx;
  if (!info.mqttPort) throw new Error('the target started no MQTT broker (bench/target.ts mqttPort)');
  const owner = new pg.Client({ connectionString: info.ownerUrl });
  owner.on('error', () => undefined);
  await owner.connect();
  const clients: mqtt.MqttClient[] = [];
  try {
    const login = await fetch(`${info.appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.17.0.1' }, body: JSON.stringify({ username: 'hazard_office', password: 'Sunland@2026' }) });
    const cookie = login.headers.getSetCookie().find((x) => x.startsWith('sunland_session='))?.split(';')[0];
    if (!cookie) throw new Error(`hazard_office login failed: ${login.status} ${await login.text()}`);
    const site = await owner.query<{ id: string }>(`select id from hazards.sites where site_no = '520304102-HP01'`);
    const siteId = Number(site.rows[0]!.id);
    // Devices: a crack meter each (value thresholds 蓝 5 / 黄 10 / 橙 20 / 红 40 mm), registered through the API.
    const devices: { id: string; secret: string; ds: number }[] = [];
    for (let i = 0; i < DEVICES + 1; i++) {
      const id = `BENCH-CM-${String(i).padStart(4, '0')}`;
      const res = await fetch(`${info.appUrl}/api/hazards/devices`, {
        method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-forwarded-for': '10.17.0.1' },
        body: JSON.stringify({ siteId, deviceId: id, name: `基准裂缝计 ${i}`, datastreams: [{ code: 'crack', name: '裂缝宽度', observedProperty: 'crack_width', sensor: '裂缝计', unitName: 'millimetre', unitSymbol: 'mm', thresholds: [{ metric: 'value', blue: 5, yellow: 10, orange: 20, red: 40 }] }] }),
      });
      const body = await res.json() as { secret: string; datastreams: { id: number }[] };
      if (res.status !== 201) throw new Error(`device ${id}: ${res.status} ${JSON.stringify(body)}`);
      devices.push({ id, secret: body.secret, ds: body.datastreams[0]!.id });
    }
    const alarmDevice = devices.pop()!;
    const count = async (ids: number[]) => Number((await owner.query<{ n: string }>('select count(*) n from hazards.observations where datastream_id = any($1::bigint[])', [ids])).rows[0]!.n);
    const t0 = Date.UTC(2026, 0, 1);
    const reading = (k: number, value = 1 + (k % 30) / 10) => JSON.stringify({ datastream: 'crack', phenomenonTime: new Date(t0 + k * 1000).toISOString(), result: value });

    // 1. MQTT: every device connected, each publishes its readings one after another (QoS 1: the
    //    PUBACK comes after the commit), all devices at once.
    for (const d of devices) clients.push(await connect(info.mqttPort, d.id, d.secret));
    const perPublish: number[] = [];
    const m0 = performance.now();
    await Promise.all(devices.map(async (d, i) => {
      for (let k = 0; k < READINGS_PER_DEVICE; k++) {
        const s = performance.now();
        await publish(clients[i]!, `sunland/devices/${d.id}/observations`, reading(k));
        perPublish.push(performance.now() - s);
      }
    }));
    const mqttSeconds = (performance.now() - m0) / 1000;
    const sent = DEVICES * READINGS_PER_DEVICE;
    const storedMqtt = await count(devices.map((d) => d.ds));
    emit({ bench: 'hazards.mqtt_ingest', devices: DEVICES, readings: sent, stored: storedMqtt, lost: sent - storedMqtt, seconds: +mqttSeconds.toFixed(2),
      readingsPerSecond: +(sent / mqttSeconds).toFixed(1), pubackLatency: stats(perPublish), bareRps });
    for (const c of clients.splice(0)) c.end(true);

    // 2. HTTP: the same devices post one reading per request (later phenomenon times), 16 at a time.
    const httpTimes: number[] = [];
    let next = 0; let non2xx = 0;
    const h0 = performance.now();
    await Promise.all(Array.from({ length: HTTP_CONCURRENCY }, async () => {
      for (let n = next++; n < sent; n = next++) {
        const d = devices[n % DEVICES]!;
        const k = READINGS_PER_DEVICE + Math.floor(n / DEVICES);
        const s = performance.now();
        const res = await fetch(`${info.appUrl}/api/hazards/ingest/${d.id}`, {
          method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${d.id}:${d.secret}`).toString('base64')}`, 'content-type': 'application/json', 'x-forwarded-for': `10.18.${n % 250}.${1 + (n % 200)}` },
          body: reading(k),
        });
        await res.arrayBuffer();
        httpTimes.push(performance.now() - s);
        if (res.status < 200 || res.status >= 300) non2xx++;
      }
    }));
    const httpSeconds = (performance.now() - h0) / 1000;
    const storedHttp = (await count(devices.map((d) => d.ds))) - storedMqtt;
    emit({ bench: 'hazards.http_ingest', devices: DEVICES, readings: sent, stored: storedHttp, lost: sent - storedHttp, non2xx, connections: HTTP_CONCURRENCY,
      seconds: +httpSeconds.toFixed(2), readingsPerSecond: +(sent / httpSeconds).toFixed(1), ...stats(httpTimes), bareRps });

    // 3. Alarm latency: a reading over the yellow threshold (raised: alarm row + SMS to the roster
    //    in the outbox, one transaction), seen by polling the database from the publish; then a
    //    reading of 0 clears it for the next trial.
    const alarmClient = await connect(info.mqttPort, alarmDevice.id, alarmDevice.secret);
    clients.push(alarmClient);
    const topic = `sunland/devices/${alarmDevice.id}/observations`;
    const seen: number[] = []; const acked: number[] = [];
    let smsPerAlarm = 0;
    for (let i = 0; i < ALARM_TRIALS; i++) {
      const before = Number((await owner.query<{ m: string | null }>('select coalesce(max(id), 0) m from hazards.alarms where datastream_id = $1', [alarmDevice.ds])).rows[0]!.m);
      const s = performance.now();
      const ack = publish(alarmClient, topic, reading(100_000 + 2 * i, 12)).then(() => acked.push(performance.now() - s));
      for (;;) {
        const r = await owner.query<{ sms: string }>(`select count(o.id) sms from hazards.alarms a join notify.outbox o on o.channel = 'sms' and o.dedupe_key like 'hazards.alarm.' || a.id || '.%'
           where a.datastream_id = $1 and a.id > $2 group by a.id`, [alarmDevice.ds, before]);
        if (r.rows.length) { seen.push(performance.now() - s); smsPerAlarm = Number(r.rows[0]!.sms); break; }
        if (performance.now() - s > 30_000) throw new Error('no alarm within 30 s');
        await new Promise((res) => setTimeout(res, 2));
      }
      await ack;
      await publish(alarmClient, topic, reading(100_000 + 2 * i + 1, 0));
    }
    const alarms = Number((await owner.query<{ n: string }>('select count(*) n from hazards.alarms where datastream_id = $1', [alarmDevice.ds])).rows[0]!.n);
    emit({ bench: 'hazards.alarm_latency', trials: ALARM_TRIALS, alarms, smsPerAlarm, route: 'MQTT reading over threshold → hazards.alarms + SMS in notify.outbox',
      seen: stats(seen), puback: stats(acked), bareRps });
  } finally {
    for (const c of clients) c.end(true);
    await owner.end();
  }
}
