/**
 * Translation completeness, without a browser: zh-CN and en-US have exactly the same keys in
 * every locale folder, no empty strings, the same {{placeholders}}; every key the code names
 * exists; every API error code has a message.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { resources } from './resources.ts';
import { localeTree, type LocaleTree } from './locale-tree.ts';
import { STATUS } from '../../../server/src/platform/http/errors.ts';
import { PERMISSIONS } from '../../../server/src/platform/access/permissions.ts';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

function lookup(tree: Tree, key: string): string | Tree | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return node;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const src = path.resolve(import.meta.dirname, '..');
function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}
const files = walk(src);
const zh = resources['zh-CN'].translation as unknown as Tree;
const en = resources['en-US'].translation as unknown as Tree;
const zhFlat = flatten(zh);
const enFlat = flatten(en);

describe('translations', () => {
  it('registers every locale folder in resources.ts', () => {
    const folders = files.filter((f) => f.endsWith(`${path.sep}locales${path.sep}zh-CN.ts`)).map((f) => path.relative(src, path.dirname(f)));
    const registry = fs.readFileSync(path.join(src, 'app', 'resources.ts'), 'utf8');
    assert.ok(folders.length >= 2, `found locale folders: ${folders.join(', ')}`);
    for (const folder of folders) {
      for (const lang of ['zh-CN', 'en-US']) {
        assert.ok(fs.existsSync(path.join(src, folder, `${lang}.ts`)), `${folder}/${lang}.ts is missing`);
        const fromApp = path.relative(path.join(src, 'app'), path.join(src, folder)).split(path.sep).join('/');
        const rel = `${fromApp.startsWith('..') ? '' : './'}${fromApp}/${lang}.ts`;
        assert.ok(registry.includes(`'${rel}'`), `resources.ts does not import ${rel}`);
      }
    }
  });

  it('builds the same trees from the locale files as resources.ts registers (what the app loads per language)', async () => {
    for (const lang of ['zh-CN', 'en-US'] as const) {
      // The files locales-<lang>.ts finds with import.meta.glob: app/locales and every modules/*/locales.
      const found = files.filter((f) => f.endsWith(`${path.sep}locales${path.sep}${lang}.ts`) && (path.dirname(path.dirname(f)) === path.join(src, 'app') || path.dirname(path.dirname(path.dirname(f))) === path.join(src, 'modules')));
      const loaded: Record<string, LocaleTree> = {};
      for (const f of found) loaded[path.relative(path.join(src, 'app'), f).split(path.sep).join('/')] = (await import(f) as { default: LocaleTree }).default;
      assert.deepEqual(localeTree(loaded), resources[lang].translation, `${lang}: a module's strings under another key than its folder? (locale-tree.ts KEY_OF_FOLDER)`);
    }
  });

  it('has the same keys in zh-CN and en-US', () => {
    const onlyZh = [...zhFlat.keys()].filter((k) => !enFlat.has(k));
    const onlyEn = [...enFlat.keys()].filter((k) => !zhFlat.has(k));
    assert.deepEqual(onlyZh, [], `keys missing in en-US: ${onlyZh.join(', ')}`);
    assert.deepEqual(onlyEn, [], `keys missing in zh-CN: ${onlyEn.join(', ')}`);
    assert.ok(zhFlat.size > 100, `only ${zhFlat.size} keys: is the resource tree wired up?`);
  });

  it('has no empty string and the same placeholders in both languages', () => {
    for (const [k, v] of zhFlat) {
      const e = enFlat.get(k) ?? '';
      assert.ok(v.trim(), `zh-CN ${k} is empty`);
      assert.ok(e.trim(), `en-US ${k} is empty`);
      assert.deepEqual(placeholders(e), placeholders(v), `placeholders of ${k} differ`);
    }
  });

  it('writes Chinese in zh-CN and no Chinese in en-US (except language names)', () => {
    const han = /\p{Script=Han}/u;
    const foreignInEn = [...enFlat].filter(([, v]) => han.test(v)).map(([k]) => k);
    assert.deepEqual(foreignInEn, [], `en-US strings with Chinese characters: ${foreignInEn.join(', ')}`);
    const zhWithoutHan = [...zhFlat].filter(([k, v]) => !han.test(v) && !/\{\{\w+\}\}/.test(v) && !k.endsWith('productName')).map(([k]) => k);
    assert.deepEqual(zhWithoutHan, [], `zh-CN strings without Chinese: ${zhWithoutHan.join(', ')}`);
  });

  it('defines every key the code uses', () => {
    const missing: string[] = [];
    const literal = /\b(?:t|i18n\.t)\(\s*'([\w.]+)'|\b(?:labelKey|groupKey):\s*'([\w.]+)'/g;
    const template = /\bt\(\s*`([\w.]+)\.\$\{/g;
    let checked = 0;
    for (const f of files.filter((x) => /\.tsx?$/.test(x) && !x.endsWith('.test.ts') && !x.includes(`${path.sep}locales${path.sep}`))) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(literal)) {
        const key = (m[1] ?? m[2])!;
        checked++;
        for (const [lang, tree] of [['zh-CN', zh], ['en-US', en]] as const) {
          if (typeof lookup(tree, key) !== 'string') missing.push(`${lang} ${key} (${path.relative(src, f)})`);
        }
      }
      // `t(\`platform.orgs.kinds.${kind}\`)`: the prefix must be a group of messages.
      for (const m of text.matchAll(template)) {
        for (const [lang, tree] of [['zh-CN', zh], ['en-US', en]] as const) {
          const node = lookup(tree, m[1]!);
          if (node === undefined || typeof node === 'string') missing.push(`${lang} ${m[1]}.* (${path.relative(src, f)})`);
        }
      }
    }
    assert.ok(checked > 100, `only ${checked} keys found in the code: is the scan broken?`);
    assert.deepEqual(missing, []);
  });

  it('names every permission of the catalogue in both languages, zh-CN as the server does', () => {
    for (const [code, name] of Object.entries(PERMISSIONS)) {
      assert.equal(lookup(zh, `platform.permissions.${code}`), name, `zh-CN platform.permissions.${code}`);
      assert.equal(typeof lookup(en, `platform.permissions.${code}`), 'string', `en-US platform.permissions.${code} is missing`);
    }
  });

  it('names every permission group of the role editor in both languages', () => {
    const groups = [...new Set(Object.keys(PERMISSIONS).map((c) => c.split('.').slice(0, 2).join('_')))];
    for (const tree of [zh, en]) {
      const missing = groups.filter((g) => typeof lookup(tree, `platform.roles.groups.${g}`) !== 'string');
      assert.deepEqual(missing, [], 'add platform.roles.groups.<module>_<resource>');
    }
  });

  it('has a message for every API error code', () => {
    const missing = Object.keys(STATUS).filter((code) => typeof lookup(zh, `errors.${code}`) !== 'string' || typeof lookup(en, `errors.${code}`) !== 'string');
    assert.deepEqual(missing, [], `add errors.<code> to both locales for: ${missing.join(', ')}`);
  });
});
