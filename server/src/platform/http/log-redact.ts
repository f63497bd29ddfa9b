/**
 * What the request log may not keep (日志脱敏): bearer secrets in URLs — tracking codes, tokens,
 * codes in query strings or in a `…/track/<code>` path — and secret fields should a body or header
 * ever be logged. The APIs carry such secrets in bodies; this is the net under that rule.
 */
import type { FastifyRequest } from 'fastify';

const SECRET_QUERY = /([?&](?:code|trackingcode|tracking_code|token|smscode|password)=)[^&#]*/gi;
const SECRET_PATH = /(\/track\/)(?!dispute(?:[/?#]|$))[^/?#]+/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, '$1[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}

/** Fastify's default request serializer, with the URL redacted. */
export function redactedRequest(req: FastifyRequest) {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/** pino `redact` paths: secret fields anywhere a body or headers might be logged. */
export const REDACT_PATHS = [
  'req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]',
  '*.password', '*.oldPassword', '*.newPassword', '*.totp', '*.smsCode', '*.code', '*.trackingCode',
];
