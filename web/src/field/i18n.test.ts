/** The field app's own strings (web/src/field/i18n.ts): both languages complete, same placeholders. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_MESSAGES, problemText, translate } from './i18n.ts';

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

  it('says a refusal in Chinese on a Chinese screen, with the field\'s label', () => {
    const form = { kind: 'patch', title: { 'zh-CN': '图斑核查', 'en-US': 'Patch check' }, maxPhotoDistanceM: 100,
      fields: [{ name: 'note', type: 'text' as const, label: { 'zh-CN': '核查说明', 'en-US': 'Note' } }] };
    const refused = { error: 'values.note: required', errorField: 'values.note', errorZh: '必须填写' };
    assert.equal(problemText(refused, 'zh-CN', form), '核查说明：必须填写');
    assert.equal(problemText(refused, 'en-US', form), 'values.note: required');
    assert.equal(problemText({ ...refused, errorField: 'photos' }, 'zh-CN', form), '必须填写');
    // A refusal from before the server said reasons in Chinese: its message as it is.
    assert.equal(problemText({ error: 'values.note: required' }, 'zh-CN', form), 'values.note: required');
  });
});
