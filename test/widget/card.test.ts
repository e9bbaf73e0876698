import { expect } from '@open-wc/testing';
import type { CardBrand } from '../../proxy/browser-rules.ts';
import {
  chargeableBrands, checkCard, checkExpiry, formatCardNumber, installmentOptions, isValidSecurityCode, maskExpiry,
} from '../../widget/card.ts';

describe('card input', () => {
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

  // The proxy's bounds, as the session tells them (MAX_INSTALLMENTS, MIN_INSTALLMENT_CENTS).
  const bounded: Array<[number, { max: number; minCents: number }, number]> = [
    [100000, { max: 1, minCents: 500 }, 1], [100000, { max: 3, minCents: 500 }, 3], [1500, { max: 12, minCents: 1000 }, 1], [3000, { max: 12, minCents: 1000 }, 3],
  ];
  for (const [cents, limits, max] of bounded) {
    it(`offers up to ${max}x for ${cents} cents with MAX_INSTALLMENTS=${limits.max}, MIN_INSTALLMENT_CENTS=${limits.minCents}`, () =>
      expect(installmentOptions(cents, limits)).to.deep.equal(Array.from({ length: max }, (_, i) => i + 1)));
  }

  const cards: Array<[string, Parameters<typeof checkCard>[0], ReturnType<typeof checkCard>]> = [
    ['a good Visa card', { number: '4111111111111111', expiry: '12/30', securityCode: '123', holder: 'Maria Silva' }, []],
    ['an Elo card (a brand the proxy refuses)', { number: '6362970000457013', expiry: '12/30', securityCode: '123', holder: 'Maria Silva' }, [['number', 'brand']]],
    ['everything wrong', { number: '4111111111111112', expiry: '01/20', securityCode: '12', holder: 'M' },
      [['number', 'number'], ['expiry', 'expired'], ['securityCode', 'security-code'], ['holder', 'holder']]],
    ['a holder name past 30 characters', { number: '378282246310005', expiry: '1/30', securityCode: '1234', holder: 'A'.repeat(31) },
      [['expiry', 'expiry-format'], ['holder', 'holder']]],
  ];
  for (const [name, card, problems] of cards) {
    it(`checks ${name}`, () => expect(checkCard(card, now)).to.deep.equal(problems));
  }

  const chargeable: Array<[string[] | undefined, CardBrand[]]> = [
    [undefined, ['visa', 'mastercard', 'amex']], // an older proxy: browser-rules.ts' ACCEPTED_BRANDS
    [['visa', 'mastercard', 'amex', 'elo'], ['visa', 'mastercard', 'amex', 'elo']],
    [['visa'], ['visa']], [[], []], [['visa', 'maestro', 'unknown', 'toString'], ['visa']],
  ];
  for (const [listed, brands] of chargeable) {
    it(`takes the session's cardBrands ${JSON.stringify(listed)} as ${JSON.stringify(brands)}`, () => expect(chargeableBrands(listed)).to.deep.equal(brands));
  }

  const byBrands: Array<[string, CardBrand[], boolean]> = [
    ['6362970000457013', ['visa', 'mastercard', 'amex'], false], ['6362970000457013', ['visa', 'elo'], true],
    ['5555555555554444', ['visa'], false], ['4111111111111111', ['visa'], true], ['378282246310005', [], false],
  ];
  for (const [number, brands, ok] of byBrands) {
    it(`${ok ? 'takes' : 'refuses at the number'} ${number} when the proxy charges ${brands.join(', ') || 'no brand'}`, () => {
      const code = number.startsWith('37') ? '1234' : '123';
      const problems = checkCard({ number, expiry: '12/30', securityCode: code, holder: 'Maria Silva' }, new Date(2026, 10, 24), brands);
      expect(problems).to.deep.equal(ok ? [] : [['number', 'brand']]);
    });
  }
});
