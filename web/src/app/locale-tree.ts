/**
 * One language's translation tree from its locale files (issue 10: the entry chunk carries only
 * zh-CN; en-US is a chunk loaded when chosen). Files are found by the locales-*.ts modules with
 * Vite's import.meta.glob — `app/locales/<lang>.ts` at the top level, `modules/<m>/locales/<lang>.ts`
 * under the module's key — so a new module's strings need no registration here. resources.ts
 * stays the full registry (tests); i18n.test.ts checks that both give the same trees.
 */
export type LocaleTree = { [k: string]: string | LocaleTree };

/** A module folder whose strings sit under another key than its folder name. */
const KEY_OF_FOLDER: Record<string, string> = { portal: 'website' };

export function localeTree(files: Record<string, LocaleTree>): LocaleTree {
  let app: LocaleTree = {};
  const modules: LocaleTree = {};
  for (const [file, tree] of Object.entries(files)) {
    const m = /modules\/([^/]+)\/locales\/[^/]+$/.exec(file);
    if (m) modules[KEY_OF_FOLDER[m[1]!] ?? m[1]!] = tree;
    else app = tree;
  }
  return { ...app, ...modules };
}
