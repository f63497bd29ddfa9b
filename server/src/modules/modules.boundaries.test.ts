/**
 * A module reaches another only through its index.ts (docs/architecture.md): no import of another
 * module's inner files, and no query of another module's tables (its schema carries the module's
 * name). Test files and test helpers may set up other modules' rows and are left out.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.dirname(new URL(import.meta.url).pathname);
const modules = fs.readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const isTestFile = (f: string) => /\.test\.ts$|test-helpers|test-fixtures|\.fixtures\.ts$/.test(f);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !isTestFile(d.name))
    .map((d) => path.join(d.parentPath, d.name));
}

describe('module boundaries', () => {
  it('finds the modules', () => assert.ok(modules.includes('approvals') && modules.includes('map'), modules.join()));

  it('no module imports another module\'s inner files or queries its tables', () => {
    const found: string[] = [];
    for (const m of modules) {
      const others = modules.filter((o) => o !== m);
      const tables = new RegExp(`(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|with)\\(\\s*'(${others.join('|')})\\.|\\b(?:from|join|into|update)\\s+(${others.join('|')})\\.[a-z_]+`, 'g');
      for (const file of sources(path.join(ROOT, m))) {
        const text = fs.readFileSync(file, 'utf8');
        const rel = path.relative(ROOT, file);
        for (const imp of text.matchAll(/from\s+'((?:\.\.\/)+[^']+)'/g)) {
          const target = path.relative(ROOT, path.resolve(path.dirname(file), imp[1]!));
          const [owner, ...rest] = target.split(path.sep);
          if (owner && owner !== m && modules.includes(owner) && rest.join('/') !== 'index.ts') found.push(`${rel} imports ${target}`);
        }
        // Comments may name tables; code may not.
        const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        for (const q of code.matchAll(tables)) found.push(`${rel} queries ${q[0]}`);
      }
    }
    assert.deepEqual(found, []);
  });
});
