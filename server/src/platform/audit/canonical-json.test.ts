import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } }), '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('sorts by UTF-16 code units as RFC 8785 does', () => {
    assert.equal(canonicalJson({ '€': 1, '\r': 2, 'ö': 3, '1': 4, 'a': 5 }), '{"\\r":2,"1":4,"a":5,"ö":3,"€":1}');
  });

  it('drops undefined members, writes dates as ISO strings and refuses NaN', () => {
    assert.equal(canonicalJson({ a: undefined, t: new Date('2026-01-02T03:04:05.678Z') }), '{"t":"2026-01-02T03:04:05.678Z"}');
    assert.equal(canonicalJson([undefined, '审计']), '[null,"审计"]');
    assert.throws(() => canonicalJson({ n: Number.NaN }), /not a JSON number/);
  });

  it('gives the same text for equal values built in a different order', () => {
    const a = canonicalJson({ x: 1, y: [1, 2], z: { p: null } });
    const b = canonicalJson({ z: { p: null }, y: [1, 2], x: 1 });
    assert.equal(a, b);
  });
});
