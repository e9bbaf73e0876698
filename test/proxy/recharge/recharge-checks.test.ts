/** The proxy's checks of a shopper's choice against the branch data it holds. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BranchData, RechargeRequest } from '../../../proxy/browser-api.ts';
import { checkAmount, checkAnswers } from '../../../proxy/recharge/recharge-checks.ts';

const OFFERS: BranchData = {
  categories: [{
    code: '01', description: 'RECARGA',
    fixedAmounts: [{ amountCents: 1500, amountKey: '1', paymentAmountCents: 1500 }, { amountCents: 3000, amountKey: '3', paymentAmountCents: 2900 }],
    amountRanges: [{ minCents: 500, maxCents: 10000, amountKey: '7', paymentAmountCents: 700 }],
  }],
  questions: [{ id: '5', display: 'Nome do pai?', minLength: 5, maxLength: 30 }],
  paymentMethods: { max: 1, available: [] },
  messages: [],
};
const BILL: BranchData = { ...OFFERS, categories: [], questions: [], invoice: { barCode: '8'.repeat(44), amountCents: 12345 } };
const request = (fields: Partial<RechargeRequest>): RechargeRequest => ({ dealerCode: '001', amountCents: 1500, ...fields });

describe('amount checks', () => {
  test('agreed amounts: key and what the shopper pays', () => {
    const rows: Array<[Partial<RechargeRequest>, unknown]> = [
      [{ amountCents: 1500 }, { amountKey: '1', paymentAmountCents: 1500 }],
      [{ amountCents: 3000 }, { amountKey: '3', paymentAmountCents: 2900 }],
      // In a range the shopper pays the amount itself, not the range's payment_amount.
      [{ amountCents: 1234 }, { amountKey: '7', paymentAmountCents: 1234 }],
      [{ amountCents: 1500, amountKey: '7' }, { amountKey: '7', paymentAmountCents: 1500 }],
    ];
    for (const [fields, agreed] of rows) assert.deepEqual(checkAmount('normal', OFFERS, request(fields)), agreed, JSON.stringify(fields));
  });

  test('refusals name the field', () => {
    const rows: Array<[Partial<RechargeRequest>, string]> = [
      [{ amountCents: 400 }, 'amountCents'],
      [{ amountCents: 10001 }, 'amountCents'],
      [{ amountCents: 1500, amountKey: '3' }, 'amountKey'],
      [{ amountCents: 1500, amountKey: '99' }, 'amountKey'],
    ];
    for (const [fields, field] of rows) assert.throws(() => checkAmount('normal', OFFERS, request(fields)), { field }, JSON.stringify(fields));
    assert.throws(() => checkAmount('others', { ...OFFERS, categories: [] }, request({})), { field: 'amountCents', message: /no amount/ });
  });

  test("a bill is paid exactly: its bar code and its amount", () => {
    const bill = { invoice: { barCode: '8'.repeat(44) } };
    assert.deepEqual(checkAmount('invoice', BILL, request({ ...bill, amountCents: 12345 })), { paymentAmountCents: 12345 });
    assert.throws(() => checkAmount('invoice', BILL, request({ ...bill, amountCents: 12344 })), { field: 'amountCents', message: /R\$ 123,45/ });
    assert.throws(() => checkAmount('invoice', BILL, request({ invoice: { barCode: '7'.repeat(44) }, amountCents: 12345 })), { field: 'invoice.barCode' });
    assert.throws(() => checkAmount('invoice', OFFERS, request({ ...bill, amountCents: 12345 })), { field: 'invoice.barCode', message: /look the bill up/ });
  });
});

describe('answer checks', () => {
  test('every question answered once within its length; extra codes only when allowed', () => {
    assert.doesNotThrow(() => checkAnswers(OFFERS, [{ code: '5', description: 'Joaquim' }]));
    assert.doesNotThrow(() => checkAnswers(OFFERS, [{ code: '5', description: 'Joaquim' }, { code: '126', description: 'PKT' }], ['126']));
    const rows: Array<[Array<{ code: string; description: string }>, string]> = [
      [[], 'answers'],
      [[{ code: '5', description: 'Jo' }], 'answers.0.description'],
      [[{ code: '5', description: 'J'.repeat(31) }], 'answers.0.description'],
      [[{ code: '5', description: 'Joaquim' }, { code: '5', description: 'Joaquim' }], 'answers.1.code'],
      [[{ code: '5', description: 'Joaquim' }, { code: '126', description: 'PKT' }], 'answers.1.code'],
    ];
    for (const [answers, field] of rows) assert.throws(() => checkAnswers(OFFERS, answers), { field }, JSON.stringify(answers));
  });
});
