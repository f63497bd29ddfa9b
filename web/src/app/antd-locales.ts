/**
 * antd's locale files. antd has no `exports` map and no `"type": "module"`, so TypeScript
 * (nodenext) types a default import of its ES file as the CommonJS namespace; Vite bundles the
 * ES file, whose default export is the Locale itself.
 */
import type { Locale } from 'antd/es/locale/index.js';
import zhCN from 'antd/es/locale/zh_CN.js';
import enUS from 'antd/es/locale/en_US.js';

export const antdZh = zhCN as unknown as Locale;
export const antdEn = enUS as unknown as Locale;
