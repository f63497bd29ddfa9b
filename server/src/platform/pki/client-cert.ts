/**
 * The client certificate a request presents: from the TLS connection of the platform's own
 * HTTPS listener (`TLS_PORT`, requestCert), or from a reverse proxy that verified it and passes
 * it in `CLIENT_CERT_HEADER` — believed ONLY when the TCP peer (never a forwarded address) is one
 * of `TRUSTED_PROXIES`. The certificate is verified again either way (chain, validity, revocation).
 */
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';

export interface PresentedCertificate {
  der: Buffer;
  source: 'tls' | 'proxy';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the pki onRequest hook: the client certificate presented with this request, if any. */
    clientCertificate?: PresentedCertificate | null;
  }
}

export function trustedProxyList(entries: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const e of entries) {
    const [addr, bits] = e.split('/');
    const type = net.isIP(addr!) === 6 ? 'ipv6' : 'ipv4';
    if (bits !== undefined) list.addSubnet(addr!, Number(bits), type);
    else list.addAddress(addr!, type);
  }
  return list;
}

function isTrusted(list: net.BlockList, address: string | undefined): boolean {
  if (!address) return false;
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (v4) return list.check(v4, 'ipv4');
  return list.check(address, net.isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The header's certificate: RFC 9440 `Client-Cert: :<base64 DER>:`, or a URL-encoded PEM
 * (nginx `$ssl_client_escaped_cert`). Null when absent or not one of these.
 */
export function parseCertificateHeader(value: string): Buffer | null {
  const v = value.trim();
  const sf = /^:([A-Za-z0-9+/]+={0,2}):$/.exec(v);
  if (sf) return Buffer.from(sf[1]!, 'base64');
  let pem: string;
  try {
    pem = decodeURIComponent(v);
  } catch {
    return null;
  }
  const m = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(pem);
  return m ? Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64') : null;
}

export function presentedCertificate(req: FastifyRequest, opts: { trusted: net.BlockList; header: string }): PresentedCertificate | null {
  const socket = req.raw.socket as TLSSocket;
  if (socket.encrypted && typeof socket.getPeerCertificate === 'function') {
    const peer = socket.getPeerCertificate();
    if (peer && peer.raw) return { der: peer.raw, source: 'tls' };
  }
  const raw = req.headers[opts.header];
  if (typeof raw !== 'string' || !raw) return null;
  if (!isTrusted(opts.trusted, socket.remoteAddress)) return null; // ignored: anyone can send a header
  const der = parseCertificateHeader(raw);
  return der ? { der, source: 'proxy' } : null;
}
