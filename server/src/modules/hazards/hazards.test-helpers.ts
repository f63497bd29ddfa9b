/** Shared arrangements of the hazards tests: a device with thresholds, a broker, an MQTT client. */
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import type { TestApp } from '../../../test/harness.ts';
import { call } from '../../platform/identity/test-helpers.ts';
import { createMonitoringService, type MonitoringService } from './monitoring.service.ts';

export async function demoSiteId(t: TestApp, siteNo = '520304102-HP01'): Promise<number> {
  const s = await t.testDb.owner.selectFrom('hazards.sites').select('id').where('siteNo', '=', siteNo).executeTakeFirstOrThrow();
  return s.id;
}

/** Registers a rain gauge with 1-h rainfall thresholds 蓝 10 / 黄 20 / 橙 30 / 红 50 mm and a crack meter (value ≥ 5 / 10 / 20 / 40 mm). */
export async function registerGauge(t: TestApp, cookie: string, deviceId: string, siteNo?: string): Promise<{ secret: string; rainId: number; crackId: number }> {
  const res = await call(t, cookie, 'POST', '/api/hazards/devices', {
    siteId: await demoSiteId(t, siteNo), deviceId, name: `${deviceId} 雨量裂缝一体机`,
    datastreams: [
      { code: 'rain', name: '降雨量', observedProperty: 'rainfall', sensor: '雨量计', unitName: 'millimetre', unitSymbol: 'mm',
        thresholds: [{ metric: 'sum_1h', blue: 10, yellow: 20, orange: 30, red: 50 }] },
      { code: 'crack', name: '裂缝宽度', observedProperty: 'crack_width', sensor: '裂缝计', unitName: 'millimetre', unitSymbol: 'mm',
        thresholds: [{ metric: 'value', blue: 5, yellow: 10, orange: 20, red: 40 }] },
    ],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { secret: res.body.secret, rainId: res.body.datastreams[0].id, crackId: res.body.datastreams[1].id };
}

export function monitoringOf(t: TestApp): MonitoringService {
  return createMonitoringService({ db: t.platform.db, audit: t.platform.audit, notify: t.platform.notify, maxFutureSeconds: 300 });
}

export function connectDevice(port: number, deviceId: string, secret: string, opts: mqtt.IClientOptions = {}): Promise<mqtt.MqttClient> {
  const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: deviceId, username: deviceId, password: secret, reconnectPeriod: 0, connectTimeout: 5000, ...opts });
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve(c));
    c.once('error', (e) => { c.end(true); reject(e); });
  });
}

export const obs = (datastream: string, at: Date, result: number) => JSON.stringify({ datastream, phenomenonTime: at.toISOString(), result });
