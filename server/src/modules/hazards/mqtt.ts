/**
 * Devices report over MQTT (QoS 1). Embedded: an aedes broker on MQTT_PORT where each device
 * logs in with its id and secret and may publish only to `sunland/devices/<id>/observations`
 * (no subscriptions). The observation is stored before the PUBACK leaves (aedes authorises a
 * publish before acknowledging it), so a message the device saw acknowledged is in PostgreSQL;
 * one not acknowledged — broker stopped, database down — is sent again by the device, and the
 * (datastream, time) key makes the repeat harmless.
 *
 * External (MQTT_URL): a persistent-session subscriber on the shared subscription
 * `$share/sunland/sunland/devices/+/observations`; the PUBACK is sent after the commit
 * (`customHandleAcks`), and a database failure drops the connection so the broker redelivers.
 */
import net from 'node:net';
import { Aedes, type AuthenticateError } from 'aedes';
import mqtt from 'mqtt';
import type { MonitoringService } from './monitoring.service.ts';
import { Rejected } from './monitoring.service.ts';

export interface MqttIngest {
  /** The port listened on (embedded), or null for an external broker. */
  port: number | null;
  close(): Promise<void>;
}

type Ingest = Pick<MonitoringService, 'ingest' | 'authenticateDevice' | 'topicDevice' | 'refuse'>;

export async function startEmbeddedBroker(monitoring: Ingest, { port, host = '127.0.0.1', log = () => {} }: { port: number; host?: string; log?: (m: string) => void }): Promise<MqttIngest> {
  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const deviceId = username ?? '';
      if (!/^[A-Za-z0-9_-]{3,40}$/.test(deviceId) || !password) {
        void monitoring.refuse('mqtt', deviceId || null, null, 'device: no device id or secret', null).finally(() => {
          const e = new Error('bad user name or password') as AuthenticateError;
          e.returnCode = 4;
          done(e, false);
        });
        return;
      }
      monitoring.authenticateDevice(deviceId, password.toString('utf8')).then((ok) => {
        if (ok) {
          (client as unknown as { deviceId: string }).deviceId = deviceId;
          done(null, true);
        } else {
          const e = new Error('bad user name or password') as AuthenticateError;
          e.returnCode = 4;
          done(e, false);
        }
      }, (err: unknown) => {
        log(`mqtt authenticate failed: ${String(err)}`);
        const e = new Error('server unavailable') as AuthenticateError;
        e.returnCode = 3;
        done(e, false);
      });
    },
    authorizePublish(client, packet, done) {
      const deviceId = (client as unknown as { deviceId?: string } | null)?.deviceId;
      if (!client || !deviceId) return done(new Error('not a device'));
      if (monitoring.topicDevice(packet.topic) !== deviceId) {
        // A device writes only its own topic: refused, logged, and the connection is closed.
        void monitoring.refuse('mqtt', deviceId, packet.topic, `topic: ${deviceId} may publish only to sunland/devices/${deviceId}/observations`, packet.payload as Buffer).finally(() => done(new Error('topic not allowed')));
        return;
      }
      monitoring.ingest('mqtt', deviceId, packet.topic, packet.payload as Buffer).then(() => done(null), (err: unknown) => {
        // Refused input is acknowledged (sending it again would not help) and logged; a database
        // failure is not: the connection closes without PUBACK and the device sends again.
        if (err instanceof Rejected) return done(null);
        log(`mqtt ingest failed, device will resend: ${String(err)}`);
        done(err as Error);
      });
    },
    authorizeSubscribe(_client, _sub, done) {
      done(null, null); // devices only publish
    },
    // Nothing is forwarded: no client may subscribe.
    authorizeForward() {
      return null;
    },
  });
  const server = net.createServer(broker.handle);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  }).catch(async (e: unknown) => {
    // A port taken (another process on this host): the broker's timers would keep the process
    // alive after shutdown, so it is closed before the error goes up.
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw e;
  });
  const addr = server.address() as net.AddressInfo;
  log(`mqtt broker listening on ${host}:${addr.port}`);
  return {
    port: addr.port,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function startExternalSubscriber(monitoring: Ingest, { url, log = () => {} }: { url: string; log?: (m: string) => void }): Promise<MqttIngest> {
  const client = mqtt.connect(url, {
    clientId: 'sunland-hazards-ingest', clean: false, reconnectPeriod: 2000,
    customHandleAcks(topic, message, _packet, done) {
      const deviceId = monitoring.topicDevice(topic);
      if (!deviceId) {
        void monitoring.refuse('mqtt', null, topic, 'topic: not a device observation topic', message).finally(() => done(0));
        return;
      }
      monitoring.ingest('mqtt', deviceId, topic, message).then(() => done(0), (err: unknown) => {
        if (err instanceof Rejected) return done(0);
        log(`mqtt ingest failed, reconnecting for redelivery: ${String(err)}`);
        client.end(true, {}, () => client.reconnect());
      });
    },
  });
  client.on('connect', () => client.subscribe('$share/sunland/sunland/devices/+/observations', { qos: 1 }));
  client.on('error', (e) => log(`mqtt external broker: ${e.message}`));
  return { port: null, async close() { await client.endAsync(); } };
}
