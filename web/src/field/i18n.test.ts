/** The field app's own strings (web/src/field/i18n.ts): both languages complete, same placeholders. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_MESSAGES, translate } from './i18n.ts';

const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('field app strings', () => {
  it('has every message in zh-CN and en-US, none empty, with the same placeholders', () => {
    const zh = FIELD_MESSAGES['zh-CN'];
    const en = FIELD_MESSAGES['en-US'];
    assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) {
      assert.ok(zh[k].trim() && en[k].trim(), k);
      assert.deepEqual(holes(en[k]), holes(zh[k]), `placeholders of ${k}`);
    }
    assert.equal(translate('en-US', 'distance', { d: '120 m' }), '120 m from the subject');
    assert.equal(translate('zh-CN', 'conflictText', { version: '2' }).includes('当前版本 2'), true);
  });
});
