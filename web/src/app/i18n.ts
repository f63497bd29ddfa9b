/**
 * i18next set-up. One namespace ("translation") with nested keys: the shell's strings at the
 * top level and each module's strings under its own key (`platform.users.title`); see
 * resources.ts. Every locale folder holds `zh-CN.ts` and `en-US.ts` with the same keys.
 * zh-CN (the default and the fallback) is in the entry chunk; en-US is a chunk of its own,
 * loaded when English is chosen (issue 10: ~40 KB less on a township link), see locale-tree.ts.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './locales-zh-CN.ts';
import { currentLanguage, rememberLanguage, type Language } from './language.ts';

const loadEnglish = () => import('./locales-en-US.ts').then((m) => m.default);

export async function initI18n(): Promise<typeof i18next> {
  const lng = currentLanguage();
  rememberLanguage(lng);
  await i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, ...(lng === 'en-US' ? { 'en-US': { translation: await loadEnglish() } } : {}) },
    lng,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return i18next;
}

export async function changeLanguage(lang: Language): Promise<void> {
  if (lang === 'en-US' && !i18next.hasResourceBundle('en-US', 'translation')) i18next.addResourceBundle('en-US', 'translation', await loadEnglish());
  rememberLanguage(lang);
  await i18next.changeLanguage(lang);
}
