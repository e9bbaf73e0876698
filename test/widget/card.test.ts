import { expect } from '@open-wc/testing';
import {
  checkExpiry, detectBrand, formatCardNumber, installmentOptions, isValidCardNumber, isValidSecurityCode, maskExpiry,
  passesLuhn, type CardBrand,
} from '../../widget/card.ts';

describe('card rules', () => {
  const brands: Array<[string, CardBrand]> = [
    ['4111111111111111', 'visa'], ['4000000000000002', 'visa'], ['5555555555554444', 'mastercard'],
    ['2221000000000009', 'mastercard'], ['378282246310005', 'amex'], ['36227206271667', 'diners'],
    ['6362970000457013', 'elo'], ['5067230000000000', 'elo'], ['4011780000000000', 'elo'],
    ['6062825624254001', 'hipercard'], ['6011111111111117', 'discover'], ['3530111333300000', 'jcb'], ['9999', 'unknown'],
  ];
  for (const [number, brand] of brands) {
    it(`sees ${number.slice(0, 6)}… as ${brand}`, () => expect(detectBrand(number)).to.equal(brand));
  }

  const luhn: Array<[string, boolean]> = [
    ['4111111111111111', true], ['4111111111111112', false], ['5555555555554444', true], ['378282246310005', true],
    ['79927398713', true], ['79927398710', false], ['', false], ['4111-1111', false],
  ];
  for (const [digits, ok] of luhn) {
    it(`${ok ? 'passes' : 'fails'} Luhn for "${digits}"`, () => expect(passesLuhn(digits)).to.equal(ok));
  }

  const numbers: Array<[string, boolean]> = [
    ['4111111111111111', true], ['378282246310005', true], ['37828224631000', false], ['411111111111111', false], ['41111111111111111111', false],
  ];
  for (const [digits, ok] of numbers) {
    it(`${ok ? 'accepts' : 'refuses'} card number ${digits} (length for its brand and Luhn)`, () => expect(isValidCardNumber(digits)).to.equal(ok));
  }

  const groups: Array<[string, string]> = [
    ['4111111111111111', '4111 1111 1111 1111'], ['41111', '4111 1'], ['378282246310005', '3782 822463 10005'], ['4111', '4111'],
  ];
  for (const [digits, shown] of groups) {
    it(`groups ${digits} as "${shown}"`, () => expect(formatCardNumber(digits)).to.equal(shown));
  }

  const now = new Date(2026, 10, 24); // 24 Nov 2026
  const expiries: Array<[string, ReturnType<typeof checkExpiry>]> = [
    ['11/26', 'ok'], ['12/30', 'ok'], ['10/26', 'expired'], ['01/20', 'expired'], ['13/27', 'format'], ['00/27', 'format'], ['1/27', 'format'], ['1127', 'format'],
  ];
  for (const [text, verdict] of expiries) {
    it(`judges expiry "${text}" on 24 Nov 2026 as ${verdict}`, () => expect(checkExpiry(text, now)).to.equal(verdict));
  }

  const masks: Array<[string, boolean, string]> = [['1', false, '1'], ['12', false, '12/'], ['12', true, '12'], ['1228', false, '12/28'], ['12/2', false, '12/2']];
  for (const [typed, deleting, shown] of masks) {
    it(`masks expiry "${typed}"${deleting ? ' while deleting' : ''} as "${shown}"`, () => expect(maskExpiry(typed, deleting)).to.equal(shown));
  }

  const codes: Array<[string, CardBrand, boolean]> = [['123', 'visa', true], ['1234', 'visa', false], ['1234', 'amex', true], ['123', 'amex', false], ['12a', 'visa', false]];
  for (const [code, brand, ok] of codes) {
    it(`${ok ? 'accepts' : 'refuses'} security code ${code} for ${brand}`, () => expect(isValidSecurityCode(code, brand)).to.equal(ok));
  }

  const installments: Array<[number, number]> = [[1000, 2], [1500, 3], [499, 1], [100000, 12]];
  for (const [cents, max] of installments) {
    it(`offers up to ${max}x for ${cents} cents`, () => expect(installmentOptions(cents)).to.deep.equal(Array.from({ length: max }, (_, i) => i + 1)));
  }
});
