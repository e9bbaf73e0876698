/**
 * The rules the widget and the proxy share (proxy/browser-rules.ts), and the proof that they agree:
 * every card the widget lets through its card step is one the proxy's schema accepts, and every card
 * the widget refuses for its number, brand or holder is one the proxy refuses too.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ACCEPTED_BRANDS, detectBrand, formatBrl, isAcceptedBrand, isValidCardNumber, isValidHolder, passesLuhn, type CardBrand,
} from '../../proxy/browser-rules.ts';
import { parseRechargeRequest } from '../../proxy/browser-schemas.ts';
import { checkCard } from '../../widget/card.ts';

/** A test number per brand (the acquirers' published test cards), each Luhn-valid. */
const TEST_CARDS: Array<[string, CardBrand]> = [
  ['4111111111111111', 'visa'], ['4000000000000002', 'visa'], ['4012888888881881', 'visa'],
  ['5555555555554444', 'mastercard'], ['2221000000000009', 'mastercard'], ['378282246310005', 'amex'],
  ['36227206271667', 'diners'], ['6362970000457013', 'elo'], ['4011780000000006', 'elo'],
  ['6062825624254001', 'hipercard'], ['6011111111111117', 'discover'], ['3530111333300000', 'jcb'],
];

const NOW = new Date(2026, 10, 24);
const widgetPasses = (number: string, holder = 'MARIA SILVA') =>
  checkCard({ number, expiry: '12/30', securityCode: detectBrand(number) === 'amex' ? '1234' : '123', holder }, NOW).length === 0;
// The proxy as configured with an authorizer id for each brand the widget accepts today.
const proxyAccepts = (number: string, holder = 'MARIA SILVA') => {
  try {
    parseRechargeRequest({
      dealerCode: '001', phone: { ddd: '11', number: '912345678' }, amountCents: 1500,
      payment: { card: { number, expiry: '12/39', securityCode: detectBrand(number) === 'amex' ? '1234' : '123', holder }, installments: 1 },
    }, 'normal', ACCEPTED_BRANDS);
    return true;
  } catch {
    return false;
  }
};

describe('browser rules: the widget and the proxy agree', () => {
  for (const [number, brand] of TEST_CARDS) {
    const accepted = isAcceptedBrand(brand);
    test(`a ${brand} card is ${accepted ? 'let through by both' : 'refused by both'}`, () => {
      assert.equal(detectBrand(number), brand);
      assert.equal(passesLuhn(number), true);
      assert.equal(widgetPasses(number), accepted, 'the widget card step');
      assert.equal(proxyAccepts(number), accepted, 'the proxy schema');
    });
  }

  test('every brand the widget lets through is one the proxy accepts', () => {
    const through = new Set(TEST_CARDS.filter(([number]) => widgetPasses(number)).map(([, brand]) => brand));
    assert.deepEqual([...through].sort(), [...ACCEPTED_BRANDS].sort());
    for (const [number] of TEST_CARDS.filter(([n]) => widgetPasses(n))) assert.equal(proxyAccepts(number), true, number);
  });

  const holders: Array<[string, boolean]> = [
    ['MARIA SILVA', true], ['Jo', true], ['M', false], ['A'.repeat(30), true], ['A'.repeat(31), false], ["D'ÁVILA-SOUZA JR.", true], ['R2D2', false],
  ];
  for (const [holder, ok] of holders) {
    test(`holder "${holder.length > 12 ? `${holder.slice(0, 12)}… (${holder.length})` : holder}" is ${ok ? 'accepted' : 'refused'} by both`, () => {
      assert.equal(isValidHolder(holder), ok);
      assert.equal(widgetPasses('4111111111111111', holder), ok, 'the widget card step');
      assert.equal(proxyAccepts('4111111111111111', holder), ok, 'the proxy schema');
    });
  }

  const numbers: Array<[string, boolean]> = [
    ['4111111111111111', true], ['378282246310005', true], ['37828224631000', false], ['411111111111111', false],
    ['4111111111111112', false], ['41111111111111111111', false],
  ];
  for (const [digits, ok] of numbers) {
    test(`${ok ? 'accepts' : 'refuses'} card number ${digits} (length for its brand and Luhn), on both sides`, () => {
      assert.equal(isValidCardNumber(digits), ok);
      assert.equal(proxyAccepts(digits), ok);
    });
  }
});

describe('browser rules: each rule', () => {
  const luhn: Array<[string, boolean]> = [
    ['4111111111111111', true], ['4111111111111112', false], ['5555555555554444', true], ['378282246310005', true],
    ['79927398713', true], ['79927398710', false], ['', false], ['4111-1111', false],
  ];
  for (const [digits, ok] of luhn) test(`${ok ? 'passes' : 'fails'} Luhn for "${digits}"`, () => assert.equal(passesLuhn(digits), ok));

  test('sees an unknown prefix as unknown, and refuses it', () => {
    assert.equal(detectBrand('9999'), 'unknown');
    assert.equal(isAcceptedBrand('unknown'), false);
  });

  const amounts: Array<[number, string]> = [[0, 'R$ 0,00'], [5, 'R$ 0,05'], [1550, 'R$ 15,50'], [123456, 'R$ 1.234,56'], [-1500, '-R$ 15,00']];
  for (const [cents, text] of amounts) test(`writes ${cents} cents as "${text}"`, () => assert.equal(formatBrl(cents), text));
});
