import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { creditCodeCheckChar, idNumberCheckChar, isValidCreditCode, isValidIdNumber, maskIdNumber } from './id-numbers.ts';

describe('citizen ID number (GB 11643)', () => {
  it('accepts real-format numbers with the right check character, X in either case', () => {
    assert.equal(isValidIdNumber('11010519491231002X'), true); // the standard's own example
    assert.equal(isValidIdNumber('11010519491231002x'), true);
    assert.equal(isValidIdNumber('52030419900307123X'), true); // demo person of 播州区
    assert.equal(isValidIdNumber('520303198511200041'), true);
  });

  it('computes the check character from weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 mod 11', () => {
    assert.equal(idNumberCheckChar('11010519491231002'), 'X');
    assert.equal(idNumberCheckChar('52030319851120004'), '1');
  });

  it('refuses a wrong check character, wrong length, letters, bad dates and unknown provinces', () => {
    assert.equal(isValidIdNumber('110105194912310021'), false); // check should be X
    assert.equal(isValidIdNumber('520304199003071231'), false);
    assert.equal(isValidIdNumber('11010519491231002'), false); // 17 characters
    assert.equal(isValidIdNumber('1101051949123100X2'), false);
    const withDate = (d: string) => { const b = `520304${d}123`; return b + idNumberCheckChar(b); };
    assert.equal(isValidIdNumber(withDate('19900230')), false); // 30 February
    assert.equal(isValidIdNumber(withDate('19901301')), false);
    assert.equal(isValidIdNumber(withDate('18991231')), false);
    assert.equal(isValidIdNumber(withDate('20000229')), true); // leap day
    assert.equal(isValidIdNumber(withDate('20990101'), new Date('2026-01-01')), false); // future
    const noProvince = '00030419900307123'; // 00 is no province
    assert.equal(isValidIdNumber(noProvince + idNumberCheckChar(noProvince)), false);
  });
});

describe('unified social credit code (GB 32100)', () => {
  it('accepts real-format codes with the right check character', () => {
    assert.equal(isValidCreditCode('91350100M000100Y43'), true); // the standard's example
    assert.equal(isValidCreditCode('91520304MA6H7K2L0A'), true); // demo company of 播州区
    assert.equal(isValidCreditCode('91520304ma6h7k2l0a'), true);
  });

  it('computes check = 31 - (sum mod 31) with 31 → 0', () => {
    assert.equal(creditCodeCheckChar('91350100M000100Y4'), '3');
    assert.equal(creditCodeCheckChar('91520304MA6H7K2L0'), 'A');
    // A base whose weighted sum is a multiple of 31 has check character 0.
    let found = false;
    for (let n = 0; n < 1000 && !found; n++) {
      const base = `91520304MA6${String(n).padStart(6, '0')}`;
      if (creditCodeCheckChar(base) === '0') {
        found = true;
        assert.equal(isValidCreditCode(base + '0'), true);
      }
    }
    assert.ok(found);
  });

  it('refuses a wrong check character, the letters I O S V Z, and a non-numeric division code', () => {
    assert.equal(isValidCreditCode('91350100M000100Y44'), false);
    assert.equal(isValidCreditCode('91520304MA6H7K2LOA'), false); // O instead of 0
    assert.equal(isValidCreditCode('91520304IA6H7K2L0A'), false);
    assert.equal(isValidCreditCode('915203A4MA6H7K2L0A'), false);
    assert.equal(isValidCreditCode('91520304MA6H7K2L0'), false); // 17 characters
  });
});

describe('masking', () => {
  it('keeps the first and last four characters', () => {
    assert.equal(maskIdNumber('52030419900307123X'), '5203**********123X');
    assert.equal(maskIdNumber('91520304MA6H7K2L0A'), '9152**********2L0A');
  });
});
