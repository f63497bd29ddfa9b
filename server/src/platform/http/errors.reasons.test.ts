/**
 * Every service-side check that a citizen or a field worker can meet says its reason in Chinese as
 * well (`invalid(field, reason, reasonZh)`): their pages are zh-CN, and without it they would read
 * only 「字段：填写有误」. Read from the source with the TypeScript parser, so a new check without
 * its Chinese twin fails here.
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
];

/** The `invalid(…)` calls of a file: line, and the Chinese reason's source text when there is one. */
function invalidCalls(file: string): { line: number; zh: string | undefined }[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const calls: { line: number; zh: string | undefined }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'invalid') {
      calls.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, zh: node.arguments[2]?.getText(source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

describe('service-side checks in Chinese', () => {
  it('every check on a citizen\'s or a field worker\'s form carries its Chinese reason', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of FACING_CITIZENS_AND_FIELD) {
      for (const c of invalidCalls(file)) {
        seen++;
        if (!c.zh || !/\p{Script=Han}/u.test(c.zh)) missing.push(`${file}:${c.line}`);
      }
    }
    assert.ok(seen >= 40, `found only ${seen} checks: has a file moved?`);
    assert.deepEqual(missing, [], 'checks without a Chinese reason (third argument of invalid)');
  });

  it('a call without the Chinese reason is found (the reader itself can fail)', () => {
    const dir = fs.mkdtempSync(path.join(root, 'node_modules/.cache-reasons-'));
    try {
      const file = path.join(dir, 'probe.ts');
      fs.writeFileSync(file, "throw invalid('a', 'only English');\nthrow invalid('b', `x ${1}`, `须为${1}`);\n");
      const calls = invalidCalls(path.relative(root, file));
      assert.deepEqual(calls.map((c) => c.zh), [undefined, '`须为${1}`']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
