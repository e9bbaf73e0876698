/** Carat's payment-method strings (§3.4.1, §3.5.1), read and written. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePaymentMethods, usedPaymentMethodsFor } from '../../../../proxy/recharge/catalogue/payment-methods.ts';

describe('payment methods', () => {
  test('entries are parsed; unknown types, ids and shapes are skipped one by one', () => {
    const rows: Array<[string, unknown]> = [
      ['00', { type: '00', collect: [] }],
      ['02:03-07-08-09-10-14', { type: '02', collect: ['03', '07', '08', '09', '10', '14'] }],
      ['02:03-07-10-13(5,125)', { type: '02', collect: ['03', '07', '10'], networks: ['5', '125'] }],
      ['03:10-42', { type: '03', collect: ['10'] }],
      ['04:10', undefined],
      ['dinheiro', undefined],
      ['', undefined],
    ];
    for (const [entry, expected] of rows) assert.deepEqual(parsePaymentMethods({ available: [{ name: entry }] }).available[0], expected, entry);
  });

  test('both documented forms of `available` and of `max` are read (Q16)', () => {
    assert.deepEqual(parsePaymentMethods({ max: '4', available: [{ name: '00' }, { name: 'cheque' }, { name: '03:10' }] }),
      { max: 4, available: [{ type: '00', collect: [] }, { type: '03', collect: ['10'] }] });
    assert.deepEqual(parsePaymentMethods({ max: '2', available: '00;99' }).available.map((method) => method.type), ['00', '99']);
    assert.deepEqual(parsePaymentMethods(undefined), { max: 1, available: [] });
  });

  test('used_payment_methods: 99 for the whole amount, or the first method that needs nothing collected', () => {
    assert.deepEqual(usedPaymentMethodsFor(undefined, 1500), ['99:1500']);
    assert.deepEqual(usedPaymentMethodsFor({ available: [{ name: '00' }, { name: '99' }] }, 1500), ['99:1500']);
    assert.deepEqual(usedPaymentMethodsFor({ available: [{ name: '02:03-07' }, { name: '00' }, { name: '01' }] }, 2500), ['00:2500']);
    // Only a type Carat listed: the first one, without the data an online sale cannot collect.
    assert.deepEqual(usedPaymentMethodsFor({ available: [{ name: '02:03-07' }] }, 2500), ['02:2500']);
    assert.deepEqual(usedPaymentMethodsFor({ max: '1', available: '03:10;00' }, 900), ['00:900']);
  });

  test('a monthly charge (paid by the card) says card: 03, else 50, else the usual choice', () => {
    assert.deepEqual(usedPaymentMethodsFor(undefined, 1500, true), ['03:1500']);
    assert.deepEqual(usedPaymentMethodsFor({ available: [{ name: '00' }, { name: '99' }, { name: '03:10' }] }, 1500, true), ['03:1500']);
    assert.deepEqual(usedPaymentMethodsFor({ available: '00;50;99' }, 700, true), ['50:700']);
    assert.deepEqual(usedPaymentMethodsFor({ available: '00;99' }, 700, true), ['99:700']);
  });

  test('a string-form list keeps 13(5,125) whole when split', () => {
    const parsed = parsePaymentMethods({ max: '2', available: '00, 02:03-07-10-13(5,125), 03:10' });
    assert.deepEqual(parsed.available, [
      { type: '00', collect: [] }, { type: '02', collect: ['03', '07', '10'], networks: ['5', '125'] }, { type: '03', collect: ['10'] },
    ]);
  });
});
