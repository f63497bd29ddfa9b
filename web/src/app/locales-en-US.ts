/** Every en-US string, a chunk of its own loaded when English is chosen. See locale-tree.ts. */
import { localeTree, type LocaleTree } from './locale-tree.ts';

export default localeTree(import.meta.glob<LocaleTree>(['./locales/en-US.ts', '../modules/*/locales/en-US.ts'], { eager: true, import: 'default' }));
