/**
 * All translations, per language. The shell's strings sit at the top level, each module's
 * under its own key (`platform.*`). Pure data: i18n.test.ts imports it without a browser.
 */
import appZh from './locales/zh-CN.ts';
import appEn from './locales/en-US.ts';
import platformZh from '../modules/platform/locales/zh-CN.ts';
import platformEn from '../modules/platform/locales/en-US.ts';

export const resources = {
  'zh-CN': { translation: { ...appZh, platform: platformZh } },
  'en-US': { translation: { ...appEn, platform: platformEn } },
};
