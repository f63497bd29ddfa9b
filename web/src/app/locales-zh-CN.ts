/** Every zh-CN string (the default language, in the entry chunk). See locale-tree.ts. */
import { localeTree, type LocaleTree } from './locale-tree.ts';

export default localeTree(import.meta.glob<LocaleTree>(['./locales/zh-CN.ts', '../modules/*/locales/zh-CN.ts'], { eager: true, import: 'default' }));
