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
import selectionZh from '../modules/selection/locales/zh-CN.ts';
import selectionEn from '../modules/selection/locales/en-US.ts';
import patchesZh from '../modules/patches/locales/zh-CN.ts';
import patchesEn from '../modules/patches/locales/en-US.ts';
import enforcementZh from '../modules/enforcement/locales/zh-CN.ts';
import enforcementEn from '../modules/enforcement/locales/en-US.ts';
import tradingZh from '../modules/trading/locales/zh-CN.ts';
import tradingEn from '../modules/trading/locales/en-US.ts';
import statisticsZh from '../modules/statistics/locales/zh-CN.ts';
import statisticsEn from '../modules/statistics/locales/en-US.ts';
import hazardsZh from '../modules/hazards/locales/zh-CN.ts';
import hazardsEn from '../modules/hazards/locales/en-US.ts';
import exchangeZh from '../modules/exchange/locales/zh-CN.ts';
import exchangeEn from '../modules/exchange/locales/en-US.ts';
import opennessZh from '../modules/openness/locales/zh-CN.ts';
import opennessEn from '../modules/openness/locales/en-US.ts';
import pkiZh from '../modules/pki/locales/zh-CN.ts';
import pkiEn from '../modules/pki/locales/en-US.ts';
import portalZh from '../modules/portal/locales/zh-CN.ts';
import portalEn from '../modules/portal/locales/en-US.ts';
import townshipZh from '../modules/township/locales/zh-CN.ts';
import townshipEn from '../modules/township/locales/en-US.ts';

export const resources = {
  'zh-CN': { translation: { ...appZh, platform: platformZh, approvals: approvalsZh, tipoffs: tipoffsZh, map: mapZh, transparency: transparencyZh, selection: selectionZh, patches: patchesZh, enforcement: enforcementZh, trading: tradingZh, statistics: statisticsZh, hazards: hazardsZh, exchange: exchangeZh, openness: opennessZh, pki: pkiZh, website: portalZh, township: townshipZh } },
  'en-US': { translation: { ...appEn, platform: platformEn, approvals: approvalsEn, tipoffs: tipoffsEn, map: mapEn, transparency: transparencyEn, selection: selectionEn, patches: patchesEn, enforcement: enforcementEn, trading: tradingEn, statistics: statisticsEn, hazards: hazardsEn, exchange: exchangeEn, openness: opennessEn, pki: pkiEn, website: portalEn, township: townshipEn } },
};
