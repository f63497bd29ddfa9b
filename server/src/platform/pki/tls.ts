/**
 * The platform's own HTTPS listener for certificate login (`TLS_PORT`): the same Fastify
 * application (`routing`), asking every client for a certificate (requestCert) without refusing
 * connections that have none — the application verifies what is presented (chain, validity,
 * revocation in the database: a revoked certificate is refused on the next request, in every
 * process). Key and certificate: TLS_KEY_FILE / TLS_CERT_FILE, or issued by the platform CA.
 */
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Env } from '../../env.ts';
import type { HttpApp } from '../http/server.ts';
import type { PkiPlatformService } from './pki.service.ts';

export interface TlsListener {
  server: https.Server;
  port: number;
  close(): Promise<void>;
}

export async function startTlsListener(http: HttpApp, pki: PkiPlatformService, env: Pick<Env, 'TLS_PORT' | 'TLS_KEY_FILE' | 'TLS_CERT_FILE' | 'HOST'>, opts: { port?: number } = {}): Promise<TlsListener> {
  await http.ready();
  let key: string;
  let cert: string;
  if (env.TLS_KEY_FILE && env.TLS_CERT_FILE) {
    key = fs.readFileSync(env.TLS_KEY_FILE, 'utf8');
    cert = fs.readFileSync(env.TLS_CERT_FILE, 'utf8');
  } else {
    const hosts = [...new Set([env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST, 'localhost', '127.0.0.1'])];
    const id = await pki.tlsIdentity(hosts);
    key = id.privateKeyPem;
    cert = [id.certificatePem, ...id.chainPem].map((p) => `${p.trim()}\n`).join('');
  }
  const server = https.createServer({
    key, cert,
    ca: await pki.caChainPem(),
    requestCert: true,
    rejectUnauthorized: false, // the application checks the certificate and answers with a clear error
    minVersion: 'TLSv1.2',
  }, (req, res) => http.routing(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? env.TLS_PORT ?? 0, env.HOST, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
