/**
 * Every service-side check says its reason in Chinese as well (`invalid(field, reason, reasonZh)`):
 * the web app's default language is zh-CN, and without it a page would read only 「字段：填写有误」.
 * Read from the source with the TypeScript parser, so a new check without its Chinese twin fails
 * here. A check that passes on another error's message (`invalid(e.field, e.message)`) states no
 * reason of its own and is not counted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '../../../..');

/** The forms of citizens (applying, reporting, writing, voting) and of the field app and township clerks. */
const FACING_CITIZENS_AND_FIELD = [
  'server/src/modules/approvals/submit-case.ts',
  'server/src/modules/openness/letters.ts',
  'server/src/modules/openness/surveys.ts',
  'server/src/modules/approvals/request-supplement.ts',
  'server/src/modules/tipoffs/intake.ts',
  'server/src/platform/field/field.service.ts',
  'server/src/modules/patches/field-form.ts',
  'server/src/modules/township/township.service.ts',
  'server/src/modules/township/township.field.ts',
  'server/src/platform/identity/public-accounts.ts',
];

interface Call { line: number; ownReason: boolean; zh: string | undefined }

/** The `invalid(…)` calls of a file: line, whether it states its own reason (a literal), and the Chinese reason's source text. */
function invalidCalls(file: string): Call[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const calls: Call[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'invalid') {
      const reason = node.arguments[1];
      const ownReason = reason !== undefined && (ts.isStringLiteral(reason) || ts.isNoSubstitutionTemplateLiteral(reason) || ts.isTemplateExpression(reason));
      calls.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, ownReason, zh: node.arguments[2]?.getText(source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

/** The server's source files (not its tests). */
function serverFiles(dir = 'server/src'): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return serverFiles(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [rel] : [];
  });
}

const withoutChinese = (files: string[]) => {
  const missing: string[] = [];
  let seen = 0;
  for (const file of files) {
    for (const c of invalidCalls(file)) {
      if (!c.ownReason) continue;
      seen++;
      if (!c.zh || !/\p{Script=Han}/u.test(c.zh)) missing.push(`${file}:${c.line}`);
    }
  }
  return { missing, seen };
};

describe('service-side checks in Chinese', () => {
  it('every check on a citizen\'s or a field worker\'s form carries its Chinese reason', () => {
    const { missing, seen } = withoutChinese(FACING_CITIZENS_AND_FIELD);
    assert.ok(seen >= 40, `found only ${seen} checks: has a file moved?`);
    assert.deepEqual(missing, [], 'checks without a Chinese reason (third argument of invalid)');
  });

  it('so does every other check of the server', () => {
    const { missing, seen } = withoutChinese(serverFiles());
    assert.ok(seen >= 250, `found only ${seen} checks`);
    assert.deepEqual(missing, [], 'checks without a Chinese reason (third argument of invalid)');
  });

  it('a call without the Chinese reason is found (the reader itself can fail)', () => {
    const dir = fs.mkdtempSync(path.join(root, 'node_modules/.cache-reasons-'));
    try {
      const file = path.join(dir, 'probe.ts');
      fs.writeFileSync(file, "throw invalid('a', 'only English');\nthrow invalid('b', `x ${1}`, `须为${1}`);\nthrow invalid(e.field, e.message);\n");
      const rel = path.relative(root, file);
      assert.deepEqual(invalidCalls(rel).map((c) => [c.ownReason, c.zh]), [[true, undefined], [true, '`须为${1}`'], [false, undefined]]);
      assert.deepEqual(withoutChinese([rel]).missing, [`${rel}:1`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
