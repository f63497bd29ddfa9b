/**
 * i18next set-up. One namespace ("translation") with nested keys: the shell's strings at the
 * top level and each module's strings under its own key (`platform.users.title`); see
 * resources.ts. Every locale folder holds `zh-CN.ts` and `en-US.ts` with the same keys.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources } from './resources.ts';
import { currentLanguage, rememberLanguage, type Language } from './language.ts';

export async function initI18n(): Promise<typeof i18next> {
  const lng = currentLanguage();
  rememberLanguage(lng);
  await i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return i18next;
}

export async function changeLanguage(lang: Language): Promise<void> {
  rememberLanguage(lang);
  await i18next.changeLanguage(lang);
}
