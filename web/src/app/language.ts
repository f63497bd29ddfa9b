/** The user's language: zh-CN by default, en-US on request; kept in localStorage. */
export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];

const KEY = 'sunland.lang';

function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

export function storedLanguage(): Language {
  try {
    const v = globalThis.localStorage?.getItem(KEY);
    return isLanguage(v) ? v : 'zh-CN';
  } catch {
    return 'zh-CN';
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
  if (globalThis.document) document.documentElement.lang = lang;
}
