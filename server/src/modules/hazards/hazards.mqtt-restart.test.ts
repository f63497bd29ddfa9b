import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../platform/identity/test-helpers.ts';
import { startEmbeddedBroker } from './mqtt.ts';
import { connectDevice, monitoringOf, obs, registerGauge } from './hazards.test-helpers.ts';
import { deviceTopic } from './monitoring.service.ts';

const t: TestApp = await startTestApp();

describe('the broker restarts while a device is publishing (QoS 1)', () => {
  it('loses no observation, stores none twice and raises one alarm only', async () => {
    const DEV = 'T-RG-RESTART';
    const gauge = await registerGauge(t, await loginAs(t, 'hazard_office'), DEV);
    const monitoring = monitoringOf(t);
    let broker = await startEmbeddedBroker(monitoring, { port: 0 });
    const port = broker.port!;
    const c = await connectDevice(port, DEV, gauge.secret, { reconnectPeriod: 50, clean: false });
    c.on('error', () => {}); // reconnect attempts while the broker is down

    // 120 one-minute readings of 1 mm: the 1-hour sum climbs through 蓝 10, 黄 20, 橙 30 to 50 (红).
    const N = 120;
    const start = Date.now() - 3 * 3600_000;
    let acked = 0;
    let restarted: Promise<void> | null = null;
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < N; i++) {
      sends.push(c.publishAsync(deviceTopic(DEV), obs('rain', new Date(start + i * 60_000), 1), { qos: 1 }).then(() => {
        acked++;
        // Stop the broker mid-stream — connections cut, in-flight messages not acknowledged — and start a new one.
        if (acked === 30 && !restarted) restarted = (async () => { await broker.close(); broker = await startEmbeddedBroker(monitoring, { port }); })();
      }));
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(sends);
    assert.ok(restarted, 'the broker was restarted during publishing');
    await restarted;
    c.end(true);
    await broker.close();

    const rows = await t.testDb.owner.selectFrom('hazards.observations').select('phenomenonTime').where('datastreamId', '=', gauge.rainId).execute();
    assert.equal(rows.length, N, 'every observation stored once');
    const alarms = await t.testDb.owner.selectFrom('hazards.alarms').select(['id', 'severity', 'peakSeverity']).where('datastreamId', '=', gauge.rainId).execute();
    assert.equal(alarms.length, 1, 'one alarm');
    assert.equal(alarms[0]!.peakSeverity, 1, 'reached 红色 (一级): 60 mm in the last hour');
    const raised = await t.testDb.owner.selectFrom('hazards.alarm_events').select('kind').where('alarmId', '=', alarms[0]!.id).where('kind', '=', 'raised').execute();
    assert.equal(raised.length, 1);
    const texts = await t.testDb.owner.selectFrom('notify.outbox').select('dedupeKey').where('dedupeKey', 'like', `hazards.alarm.${alarms[0]!.id}.%`).execute();
    assert.equal(texts.length, 4 * 3, 'each level texted once to each of the three roster phones');
  });
});
