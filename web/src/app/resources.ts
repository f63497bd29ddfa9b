/**
 * All translations, per language. The shell's strings sit at the top level, each module's
 * under its own key (`platform.*`, `approvals.*`, `tipoffs.*`, `map.*`). Pure data:
 * i18n.test.ts imports it without a browser.
 */
import appZh from './locales/zh-CN.ts';
import appEn from './locales/en-US.ts';
import platformZh from '../modules/platform/locales/zh-CN.ts';
import platformEn from '../modules/platform/locales/en-US.ts';
import approvalsZh from '../modules/approvals/locales/zh-CN.ts';
import approvalsEn from '../modules/approvals/locales/en-US.ts';
import tipoffsZh from '../modules/tipoffs/locales/zh-CN.ts';
import tipoffsEn from '../modules/tipoffs/locales/en-US.ts';
import mapZh from '../modules/map/locales/zh-CN.ts';
import mapEn from '../modules/map/locales/en-US.ts';
import transparencyZh from '../modules/transparency/locales/zh-CN.ts';
import transparencyEn from '../modules/transparency/locales/en-US.ts';
import hazardsZh from '../modules/hazards/locales/zh-CN.ts';
import hazardsEn from '../modules/hazards/locales/en-US.ts';

export const resources = {
  'zh-CN': { translation: { ...appZh, platform: platformZh, approvals: approvalsZh, tipoffs: tipoffsZh, map: mapZh, transparency: transparencyZh, hazards: hazardsZh } },
  'en-US': { translation: { ...appEn, platform: platformEn, approvals: approvalsEn, tipoffs: tipoffsEn, map: mapEn, transparency: transparencyEn, hazards: hazardsEn } },
};
