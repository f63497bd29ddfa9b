import type { FastifyReply, FastifyRequest } from 'fastify';

export type Lang = 'zh-CN' | 'en-US';
export const LANGS: readonly Lang[] = ['zh-CN', 'en-US'];

function cookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function query(req: FastifyRequest, name: string): string | undefined {
  const q = req.query as Record<string, unknown> | undefined;
  const v = q?.[name];
  return typeof v === 'string' ? v : undefined;
}

function asLang(v: string | undefined): Lang | undefined {
  if (!v) return undefined;
  if (/^en/i.test(v)) return 'en-US';
  if (/^zh/i.test(v)) return 'zh-CN';
  return undefined;
}

/** The page language: `?lang=` (then kept in the `lang` cookie), the cookie, Accept-Language, zh-CN. */
export function requestLang(req: FastifyRequest): Lang {
  const fromQuery = asLang(query(req, 'lang'));
  if (fromQuery) return fromQuery;
  const fromCookie = asLang(cookie(req, 'lang'));
  if (fromCookie) return fromCookie;
  const accept = (req.headers['accept-language'] ?? '').slice(0, 200);
  // The first listed language that we have; Chinese is the default for everything else.
  for (const part of accept.split(',')) {
    const l = asLang(part.trim().split(';')[0]);
    if (l) return l;
  }
  return 'zh-CN';
}

/** 适老化 elder-friendly mode (large type, high contrast): `?elder=1|0`, kept in the `elder` cookie. */
export function isElderMode(req: FastifyRequest): boolean {
  const q = query(req, 'elder');
  if (q === '1' || q === '0') return q === '1';
  return cookie(req, 'elder') === '1';
}

/** Keeps a `?lang=` / `?elder=` choice in a cookie, so the next page keeps it. */
export function rememberChoices(req: FastifyRequest, reply: FastifyReply): void {
  const cookies: string[] = [];
  const l = asLang(query(req, 'lang'));
  if (l) cookies.push(`lang=${l}; Path=/; Max-Age=31536000; SameSite=Lax`);
  const e = query(req, 'elder');
  if (e === '1' || e === '0') cookies.push(`elder=${e}; Path=/; Max-Age=31536000; SameSite=Lax`);
  if (cookies.length) void reply.header('set-cookie', cookies);
}
