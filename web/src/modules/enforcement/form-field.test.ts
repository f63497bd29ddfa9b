import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formField } from './form-field.ts';

describe('enforcement stage forms: the API error field → the form field', () => {
  it('maps nested body paths to the flat form names', () => {
    assert.equal(formField('propose', 'party.name'), 'partyName');
    assert.equal(formField('propose', 'party.idNumber'), 'idNumber');
    assert.equal(formField('propose', 'facts.illegalGains'), 'illegalGains');
    assert.equal(formField('propose', 'measures.demolish'), 'demolish');
    assert.equal(formField('decide', 'penalty.fine'), 'fine');
    assert.equal(formField('decide', 'penalty'), 'fine');
    assert.equal(formField('hearing', 'summary'), 'text');
  });
  it('drops array indexes and keeps flat names', () => {
    assert.equal(formField('record', 'files[0]'), 'files');
    assert.equal(formField('execution', 'files[2]'), 'files');
    assert.equal(formField('propose', 'departureReason'), 'departureReason');
    assert.equal(formField('file', 'opinion'), 'opinion');
  });
});
