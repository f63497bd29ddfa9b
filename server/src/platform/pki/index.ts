/**
 * PKI (数字证书): the platform CA, staff certificates, CRL, certificate login. The public
 * surface other code may use; CONTRACTS §3 `PkiService` is what the exchange takes.
 */
import type { FastifyRequest } from 'fastify';
import { presentedCertificate, trustedProxyList } from './client-cert.ts';
import type { Env } from '../../env.ts';

export { createPkiService, type PkiService, type PkiPlatformService, type CertificateView, LOGIN_MODES, REVOCATION_REASONS } from './pki.service.ts';
export { pkiRoutes, type PkiRouteOptions } from './pki.routes.ts';
export { startTlsListener, type TlsListener } from './tls.ts';
export { writePkcs12 } from './pkcs12.ts';
export { parseCertificateHeader, type PresentedCertificate } from './client-cert.ts';

/** onRequest hook: notes the client certificate of the request (TLS, or a trusted proxy's header) in `req.clientCertificate`. */
export function clientCertificateHook(env: Pick<Env, 'TRUSTED_PROXIES' | 'CLIENT_CERT_HEADER'>) {
  const opts = { trusted: trustedProxyList(env.TRUSTED_PROXIES), header: env.CLIENT_CERT_HEADER };
  return async (req: FastifyRequest): Promise<void> => {
    req.clientCertificate = presentedCertificate(req, opts);
  };
}
