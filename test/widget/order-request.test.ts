import { expect } from '@open-wc/testing';
import type { PricedOrder } from '../../widget/flow-state.ts';
import { branchRequest, newIdempotencyKey, rechargeRequest } from '../../widget/order-request.ts';
import { BARCODE, BILL_DATA, CARD, GAMES, PHONE_DATA, PIN_DATA, session, VIVO } from './catalogue.ts';

const base = (type: 'normal' | 'others' | 'invoice') => ({ type, sessionId: 's', dealers: session(type).dealers });
const normal: PricedOrder = { ...base('normal'), dealer: VIVO, phone: { ddd: '11', number: '912345678' }, branchData: PHONE_DATA, amount: { amountCents: 1500, amountKey: 'F15' } };
const pin: PricedOrder = { ...base('others'), dealer: GAMES, branch: GAMES.branches![0]!, branchData: PIN_DATA, amount: { amountCents: 2000, amountKey: 'P20' }, answers: [{ code: 'OK', description: 'SIM' }] };
const bill: PricedOrder = { ...base('invoice'), dealer: { code: '800', name: 'City Power' }, branch: { code: '80019000000', name: 'Bill' }, barCode: BARCODE, branchData: BILL_DATA, amount: { amountCents: 12345 } };

describe('order → the proxy request bodies', () => {
  const rows: Array<[string, ReturnType<typeof rechargeRequest>, object]> = [
    ['a top-up', rechargeRequest(normal), { dealerCode: '001', phone: { ddd: '11', number: '912345678' }, amountCents: 1500, amountKey: 'F15' }],
    ['a top-up paid by card', rechargeRequest({ ...normal, card: CARD }), { dealerCode: '001', phone: { ddd: '11', number: '912345678' }, amountCents: 1500, amountKey: 'F15', payment: CARD }],
    ['a PIN product', rechargeRequest(pin), { dealerCode: '101', typeCode: '02', branchCode: '10100000001', amountCents: 2000, amountKey: 'P20', answers: [{ code: 'OK', description: 'SIM' }] }],
    ['a bill', rechargeRequest(bill), { dealerCode: '800', branchCode: '80019000000', amountCents: 12345, invoice: { barCode: BARCODE } }],
    ['a PIN product paid by card', rechargeRequest({ ...pin, card: CARD }), { dealerCode: '101', typeCode: '02', branchCode: '10100000001', amountCents: 2000, amountKey: 'P20', answers: [{ code: 'OK', description: 'SIM' }], payment: CARD }],
    ['a bill paid by card', rechargeRequest({ ...bill, card: CARD }), { dealerCode: '800', branchCode: '80019000000', amountCents: 12345, invoice: { barCode: BARCODE }, payment: CARD }],
    ['a TV package resubmit', rechargeRequest(normal, 'PKG-FULL'), { dealerCode: '001', phone: { ddd: '11', number: '912345678' }, amountCents: 1500, amountKey: 'F15', answers: [{ code: '126', description: 'PKG-FULL' }] }],
  ];
  for (const [name, actual, expected] of rows) {
    it(`recharge body for ${name}`, () => expect(actual).to.deep.equal(expected));
  }

  const branchRows: Array<[string, ReturnType<typeof branchRequest>, object]> = [
    ['a top-up', branchRequest({ ...base('normal'), dealer: VIVO }, { ddd: '21' }), { dealerCode: '001', ddd: '21' }],
    ['a PIN product', branchRequest({ ...base('others'), dealer: GAMES, branch: GAMES.branches![0]! }), { dealerCode: '101', typeCode: '02', branchCode: '10100000001' }],
    ['a bill before its bar code', branchRequest({ ...base('invoice'), dealer: bill.dealer, branch: bill.branch! }), { dealerCode: '800', branchCode: '80019000000' }],
    ['a bill with its bar code', branchRequest({ ...base('invoice'), dealer: bill.dealer, branch: bill.branch! }, { barCode: BARCODE, questionId: 'BARCODE' }), { dealerCode: '800', branchCode: '80019000000', answers: [{ code: 'BARCODE', description: BARCODE }] }],
  ];
  for (const [name, actual, expected] of branchRows) {
    it(`branch-data body for ${name}`, () => expect(actual).to.deep.equal(expected));
  }

  it('makes a fresh Idempotency-Key the proxy accepts (8–128 of [A-Za-z0-9_-])', () => {
    const a = newIdempotencyKey();
    expect(a).to.match(/^[A-Za-z0-9_-]{8,128}$/);
    expect(newIdempotencyKey()).to.not.equal(a);
  });
});
