/**
 * The base URL printed in documents (the QR code of 文书核验) and messages: `PUBLIC_URL` when
 * set, else derived from the address the server listens on — a wildcard bind (0.0.0.0, ::) is
 * reached through the machine's first LAN address, so that a phone on the same network can
 * scan the code.
 */
import os from 'node:os';
import type { AddressInfo } from 'node:net';

const WILDCARD = new Set(['0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0']);

/** http://host:port of a listening socket, with the wildcard replaced by a reachable address. */
export function publicUrlFromListening(a: AddressInfo, interfaces = os.networkInterfaces()): string {
  let host = a.address;
  if (WILDCARD.has(host)) {
    const lan = Object.values(interfaces).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    host = lan?.address ?? 'localhost';
  }
  if (host.includes(':')) host = `[${host}]`;
  return `http://${host}:${a.port}`;
}

/** What to print at start when the links of documents are not configured (outside demo mode). */
export function publicUrlWarning(env: { PUBLIC_URL?: string | undefined; DEMO: boolean }, derived: string): string | null {
  if (env.PUBLIC_URL || env.DEMO) return null;
  return `warning: PUBLIC_URL is not set; documents and messages link to ${derived}, which citizens may not reach. Set PUBLIC_URL to the address the public uses (e.g. https://gtj.example.gov.cn).`;
}
