/** Keeps the newcomer's documents in step with the code: every setting is documented. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EnvSchema } from '../server/src/env.ts';

const root = path.resolve(import.meta.dirname, '..');

describe('docs', () => {
  it('docs/operations.md lists every setting of server/src/env.ts, and no setting that is gone', () => {
    const text = fs.readFileSync(path.join(root, 'docs/operations.md'), 'utf8');
    const settings = Object.keys(EnvSchema.shape);
    assert.ok(settings.length > 15, 'the schema has its settings');
    const missing = settings.filter((k) => !text.includes(`| \`${k}\` |`));
    assert.deepEqual(missing, [], 'add a row to the settings table of docs/operations.md');
    const documented = [...text.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(documented.filter((k) => !settings.includes(k!)), [], 'remove rows of settings that no longer exist');
  });
});
