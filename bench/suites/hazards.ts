/**
 * 地质灾害 monitoring at the scale of issue 17: 5,000 devices (registered in one SQL statement with
 * their secrets) ingest readings over MQTT (the embedded broker of the target, QoS 1) and over
 * HTTP (`POST /api/hazards/ingest/:deviceId`), readings/s and none lost (every reading counted
 * back in hazards.observations); the alarm latency: a reading over a threshold → the alarm row
 * and the SMS to the site's roster in the notify outbox, p50/p95 ms from the publish; and the
 * dispatch of one warning to 10,000 responsible people (责任人/群测群防员, seeded in one SQL
 * statement): drafted, co-signed and published through the API, time until all 10,000 SMS are in
 * the outbox and until the platform's sender has delivered them to the development SMS sink
 * (notify.sms_messages), none missing, none twice. Beside the bare route of the same run.
 */
import crypto from 'node:crypto';
import mqtt from 'mqtt';
import pg from 'pg';
import type { SuiteContext } from '../suite.ts';

const DEVICES = Number(process.env.BENCH_HAZARD_DEVICES ?? 5000);
const READINGS_PER_DEVICE = Number(process.env.BENCH_HAZARD_READINGS ?? 4);
const HTTP_READINGS = Number(process.env.BENCH_HAZARD_HTTP ?? 5000);
const HTTP_CONCURRENCY = 16;
/** MQTT connections opened at once while connecting every device. */
const CONNECT_BATCH = 250;
const RECIPIENTS = Number(process.env.BENCH_HAZARD_RECIPIENTS ?? 10_000);
/** The warned township (播州区三岔镇, three registered sites in the demo). */
const TOWNSHIP = '520304102';
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
    // Devices: a crack meter each (value thresholds 蓝 5 / 黄 10 / 橙 20 / 红 40 mm). The alarm
    // device is registered through the API (the real path); the 5,000 ingest devices in one SQL
    // statement (things + datastreams + thresholds, the secret stored as its SHA-256 like the API does).
    const crackMeter = { code: 'crack', name: '裂缝宽度', observedProperty: 'crack_width', sensor: '裂缝计', unitName: 'millimetre', unitSymbol: 'mm', thresholds: [{ metric: 'value', blue: 5, yellow: 10, orange: 20, red: 40 }] };
    const res = await fetch(`${info.appUrl}/api/hazards/devices`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-forwarded-for': '10.17.0.1' },
      body: JSON.stringify({ siteId, deviceId: 'BENCH-CM-ALARM', name: '基准裂缝计 报警', datastreams: [crackMeter] }),
    });
    const reg = await res.json() as { secret: string; datastreams: { id: number }[] };
    if (res.status !== 201) throw new Error(`device BENCH-CM-ALARM: ${res.status} ${JSON.stringify(reg)}`);
    const alarmDevice = { id: 'BENCH-CM-ALARM', secret: reg.secret, ds: reg.datastreams[0]!.id };
    const ids = Array.from({ length: DEVICES }, (_, i) => `BENCH-CM-${String(i).padStart(5, '0')}`);
    const secrets = ids.map(() => crypto.randomBytes(18).toString('base64url'));
    const r0 = performance.now();
    const registered = await owner.query<{ device_id: string; ds: string }>(`
      with input as (select * from unnest($1::text[], $2::text[]) with ordinality as u(device_id, secret, n)),
      site as (select id, org_path, lon, lat from hazards.sites where id = $3),
      t as (insert into hazards.things (site_id, org_path, name, device_id, secret_hash, lon, lat)
            select site.id, site.org_path, '基准裂缝计 ' || input.n, input.device_id, encode(sha256(convert_to(input.secret, 'UTF8')), 'hex'), site.lon, site.lat
            from input, site returning id, device_id, org_path),
      d as (insert into hazards.datastreams (thing_id, sensor_id, observed_property_id, org_path, code, name, unit_name, unit_symbol)
            select t.id, (select id from hazards.sensors where name = '裂缝计'), (select id from hazards.observed_properties where code = 'crack_width'), t.org_path, 'crack', '裂缝宽度', 'millimetre', 'mm'
            from t returning id, thing_id, org_path),
      th as (insert into hazards.thresholds (datastream_id, org_path, metric, blue, yellow, orange, red) select d.id, d.org_path, 'value', 5, 10, 20, 40 from d)
      select t.device_id, d.id ds from t join d on d.thing_id = t.id`, [ids, secrets, siteId]);
    const registerSeconds = (performance.now() - r0) / 1000;
    const dsOf = new Map(registered.rows.map((r) => [r.device_id, Number(r.ds)]));
    const devices = ids.map((id, i) => ({ id, secret: secrets[i]!, ds: dsOf.get(id)! }));
    if (dsOf.size !== DEVICES) throw new Error(`registered ${dsOf.size} of ${DEVICES} devices`);
    const count = async (ids: number[]) => Number((await owner.query<{ n: string }>('select count(*) n from hazards.observations where datastream_id = any($1::bigint[])', [ids])).rows[0]!.n);
    const t0 = Date.UTC(2026, 0, 1);
    const reading = (k: number, value = 1 + (k % 30) / 10) => JSON.stringify({ datastream: 'crack', phenomenonTime: new Date(t0 + k * 1000).toISOString(), result: value });

    // 1. MQTT: every device connected, each publishes its readings one after another (QoS 1: the
    //    PUBACK comes after the commit), all devices at once.
    const c0 = performance.now();
    for (let i = 0; i < devices.length; i += CONNECT_BATCH) {
      clients.push(...await Promise.all(devices.slice(i, i + CONNECT_BATCH).map((d) => connect(info.mqttPort!, d.id, d.secret))));
    }
    const connectSeconds = (performance.now() - c0) / 1000;
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
    emit({ bench: 'hazards.mqtt_ingest', devices: DEVICES, registerSeconds: +registerSeconds.toFixed(2), connectSeconds: +connectSeconds.toFixed(2), readings: sent, stored: storedMqtt, lost: sent - storedMqtt, seconds: +mqttSeconds.toFixed(2),
      readingsPerSecond: +(sent / mqttSeconds).toFixed(1), pubackLatency: stats(perPublish), bareRps });
    for (const c of clients.splice(0)) c.end(true);

    // 2. HTTP: the same devices post one reading per request (later phenomenon times), 16 at a time.
    const httpSent = HTTP_READINGS;
    const httpTimes: number[] = [];
    let next = 0; let non2xx = 0;
    const h0 = performance.now();
    await Promise.all(Array.from({ length: HTTP_CONCURRENCY }, async () => {
      for (let n = next++; n < httpSent; n = next++) {
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
    emit({ bench: 'hazards.http_ingest', devices: Math.min(DEVICES, httpSent), readings: httpSent, stored: storedHttp, lost: httpSent - storedHttp, non2xx, connections: HTTP_CONCURRENCY,
      seconds: +httpSeconds.toFixed(2), readingsPerSecond: +(httpSent / httpSeconds).toFixed(1), ...stats(httpTimes), bareRps });

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
    for (const c of clients.splice(0)) c.end(true);

    // 4. One warning to 10,000 responsible people: seeded on the warned township's registered sites
    //    in one statement (phones 198xxxxxxxx, one each), then drafted by the hazard office,
    //    co-signed by the weather bureau and published through the API. Publishing writes one
    //    dispatch and one SMS per person into the outbox in its transaction, so the outbox is full
    //    when the answer comes. Then the platform's sender (in the target) delivers them to the SMS
    //    sink. Everything due before (the alarms' SMS) is delivered first, so that only the warning is timed.
    const seeded = await owner.query(`
      with s as (select id, org_path, row_number() over (order by id) - 1 rn, count(*) over () n from hazards.sites where township_code = $1 and status = 'registered')
      insert into hazards.site_people (site_id, org_path, role, name, phone)
      select s.id, s.org_path, (array['monitor', 'village', 'township'])[1 + i % 3], '基准责任人' || i, (19800000000 + i)::text
      from generate_series(0, $2::int - 1) i join s on s.rn = i % s.n`, [TOWNSHIP, RECIPIENTS]);
    const expected = Number((await owner.query<{ n: string }>(`select count(distinct (p.site_id, p.phone)) n from hazards.site_people p join hazards.sites s on s.id = p.site_id
      where s.township_code = $1 and s.status = 'registered'`, [TOWNSHIP])).rows[0]!.n);
    const deliver = async () => {
      const r = await fetch(`${info.bareUrl}/notify/deliver`, { method: 'POST' });
      if (!r.ok) throw new Error(`deliver: ${r.status} ${await r.text()}`);
      return (await r.json() as { delivered: number }).delivered;
    };
    const deliveredBefore = await deliver();
    const weatherLogin = await fetch(`${info.appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.17.0.2' }, body: JSON.stringify({ username: 'weather', password: 'Sunland@2026' }) });
    const weather = weatherLogin.headers.getSetCookie().find((x) => x.startsWith('sunland_session='))?.split(';')[0];
    if (!weather) throw new Error(`weather login failed: ${weatherLogin.status} ${await weatherLogin.text()}`);
    const api = async (who: string, path: string, body?: unknown) => {
      const r = await fetch(`${info.appUrl}${path}`, { method: 'POST', headers: { cookie: who, 'x-forwarded-for': '10.17.0.3', ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      const b = await r.json() as Record<string, unknown>;
      if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(b)}`);
      return b;
    };
    const qx = Number((await owner.query<{ id: string }>(`select id from orgs.org_units where code = '520304-QXJ'`)).rows[0]!.id);
    const hour = 3600_000;
    const w = await api(cookie, '/api/hazards/warnings', {
      level: 2, headline: '播州区三岔镇地质灾害气象风险橙色预警（基准）', advice: '受威胁群众注意防范，监测员加密巡查，发现险情立即撤离。', areaTownships: [TOWNSHIP], areaDesc: '播州区三岔镇',
      validFrom: new Date(Date.now() - hour).toISOString(), validTo: new Date(Date.now() + 23 * hour).toISOString(), cosignOrgUnitId: qx,
    });
    const warningId = Number(w.id);
    await api(weather, `/api/hazards/warnings/${warningId}/cosign`);
    const p0 = performance.now();
    const published = await api(cookie, `/api/hazards/warnings/${warningId}/publish`);
    const queuedSeconds = (performance.now() - p0) / 1000;
    const delivered = await deliver();
    const sentSeconds = (performance.now() - p0) / 1000;
    // Per person (site, phone): SMS rows in the outbox for this warning, sent ones, and messages in the sink.
    const check = (await owner.query<{ people: string; missing: string; duplicated: string; sms: string; sent: string; sink: string; sinkMissing: string; sinkDuplicated: string }>(`
      with people as (select distinct p.site_id, p.phone from hazards.site_people p join hazards.sites s on s.id = p.site_id where s.township_code = $2 and s.status = 'registered'),
      sms as (select d.site_id, d.phone, o.id, o.status from hazards.dispatches d join notify.outbox o on o.channel = 'sms' and o.dedupe_key = 'hazards.warning.' || d.warning_id || '.' || d.id where d.warning_id = $1),
      per as (select pe.site_id, pe.phone, count(sms.id) n, count(sms.id) filter (where sms.status = 'sent') sent,
                (select count(*) from notify.sms_messages m where m.idempotency_key = any(array_agg('outbox:' || sms.id))) sink
              from people pe left join sms on sms.site_id = pe.site_id and sms.phone = pe.phone group by pe.site_id, pe.phone)
      select count(*) people, count(*) filter (where n = 0) missing, count(*) filter (where n > 1) duplicated, sum(n) sms, sum(sent) sent, sum(sink) sink,
             count(*) filter (where sink = 0) "sinkMissing", count(*) filter (where sink > 1) "sinkDuplicated" from per`, [warningId, TOWNSHIP])).rows[0]!;
    const smsRows = Number(check.sms);
    emit({ bench: 'hazards.warning_dispatch', seeded: seeded.rowCount, recipients: expected, dispatched: published.dispatched, smsInOutbox: smsRows,
      missing: Number(check.missing), duplicated: Number(check.duplicated), queuedSeconds: +queuedSeconds.toFixed(2), queuedPerSecond: +(smsRows / queuedSeconds).toFixed(1),
      deliveredBefore, delivered, sent: Number(check.sent), inSink: Number(check.sink), sinkMissing: Number(check.sinkMissing), sinkDuplicated: Number(check.sinkDuplicated),
      sentSeconds: +sentSeconds.toFixed(2), deliverySeconds: +(sentSeconds - queuedSeconds).toFixed(2), sentPerSecond: +(smsRows / sentSeconds).toFixed(1),
      route: 'POST /api/hazards/warnings/:id/publish → notify.outbox → outbox dispatcher (table provider) → notify.sms_messages', bareRps });
  } finally {
    for (const c of clients) c.end(true);
    await owner.end();
  }
}
