/** The user's language: zh-CN by default, en-US on request; kept in localStorage. */
export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];

const KEY = 'sunland.lang';

function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/** The server-rendered pages keep the choice in the `lang` cookie (platform/ssr): both sides share it. */
function cookieLanguage(): Language | null {
  const v = /(?:^|;\s*)lang=([^;]*)/.exec(globalThis.document?.cookie ?? '')?.[1];
  return isLanguage(v) ? v : null;
}

/**
 * The language of the server-rendered page the app is mounted in (the public map shell's
 * `<div id="root" data-lang>`, portal public-services.routes.ts): the page's own language, chosen
 * by `?lang=`, the cookie or Accept-Language, wins over the stored one.
 */
function pageLanguage(): Language | null {
  const v = globalThis.document?.getElementById('root')?.dataset.lang;
  return isLanguage(v) ? v : null;
}

export function storedLanguage(): Language {
  const page = pageLanguage();
  if (page) return page;
  try {
    // The cookie first: a choice made on a server-rendered page is the newest.
    const v = cookieLanguage() ?? globalThis.localStorage?.getItem(KEY);
    return isLanguage(v) ? v : 'zh-CN';
  } catch {
    return cookieLanguage() ?? 'zh-CN';
  }
}

let current: Language = storedLanguage();

export function currentLanguage(): Language {
  return current;
}

export function rememberLanguage(lang: Language): void {
  current = lang;
  try {
    globalThis.localStorage?.setItem(KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  if (globalThis.document) {
    document.documentElement.lang = lang;
    // The server-rendered home (/) and portal pages read the same choice.
    document.cookie = `lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`;
  }
}
