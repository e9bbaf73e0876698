/** Every bad browser request gets 400 naming the field, and never reaches Carat. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertNoSecretsReachedBrowser } from './support/secrets.ts';
import { grantFor, newKey, startStack, type Stack } from './support/stack.ts';

type Route = 'create' | 'branches' | 'recharge';
interface Case {
  name: string;
  type: 'normal' | 'others' | 'invoice';
  route: Route;
  body: unknown;
  field: string;
  code?: string;
  headers?: Record<string, string>;
}

const CARD = { number: '4111111111111111', expiry: '12/39', securityCode: '123' };
const PHONE = { ddd: '11', number: '987654321' };
const VIVO = { dealerCode: '001', phone: PHONE, amountCents: 1500, answers: [{ code: '5', description: 'Joaquim' }] };
const PIN = { dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 1000 };
const BILL = { dealerCode: '800', branchCode: '80019000000' };
/** What the widget looks up before the recharge step (the proxy would otherwise look it up itself). */
const LOOKUP = { normal: { dealerCode: '001', ddd: '11' }, others: { dealerCode: '905', typeCode: '02', branchCode: '97200000000' }, invoice: BILL };
const withCard = (card: object, installments = 1) => ({ ...VIVO, payment: { card: { ...CARD, ...card }, installments } });

const CASES: Case[] = [
  { name: 'unknown recharge type', type: 'normal', route: 'create', body: { type: 'mobile' }, field: 'type' },
  { name: 'no recharge type', type: 'normal', route: 'create', body: {}, field: 'type' },
  { name: 'an unknown field', type: 'normal', route: 'create', body: { type: 'normal', nit: 'x' }, field: 'nit' },
  { name: 'a body that is not JSON', type: 'normal', route: 'create', body: '{"type":', field: 'body' },
  { name: 'a JSON array', type: 'normal', route: 'create', body: [], field: 'body' },
  { name: 'branches: no DDD on normal', type: 'normal', route: 'branches', body: { dealerCode: '001' }, field: 'ddd' },
  { name: 'branches: DDD with a letter', type: 'normal', route: 'branches', body: { dealerCode: '001', ddd: '1a' }, field: 'ddd' },
  { name: 'branches: DDD 10', type: 'normal', route: 'branches', body: { dealerCode: '001', ddd: '10' }, field: 'ddd' },
  { name: 'branches: dealer code not digits', type: 'normal', route: 'branches', body: { dealerCode: 'vivo', ddd: '11' }, field: 'dealerCode' },
  { name: 'branches: a dealer not offered', type: 'normal', route: 'branches', body: { dealerCode: '999', ddd: '11' }, field: 'dealerCode' },
  { name: 'branches: answers on normal', type: 'normal', route: 'branches', body: { dealerCode: '001', ddd: '11', answers: [] }, field: 'answers' },
  { name: 'branches: others without type code', type: 'others', route: 'branches', body: { dealerCode: '905', branchCode: '97200000000' }, field: 'typeCode' },
  { name: 'branches: others without branch', type: 'others', route: 'branches', body: { dealerCode: '905', typeCode: '02' }, field: 'branchCode' },
  { name: "branches: another dealer's type code", type: 'others', route: 'branches', body: { dealerCode: '905', typeCode: '03', branchCode: '97200000000' }, field: 'typeCode' },
  { name: "branches: another dealer's branch", type: 'others', route: 'branches', body: { dealerCode: '905', typeCode: '02', branchCode: '98000000000' }, field: 'branchCode' },
  { name: 'branches: DDD on invoice', type: 'invoice', route: 'branches', body: { ...BILL, ddd: '11' }, field: 'ddd' },
  { name: 'branches: answer too long', type: 'invoice', route: 'branches', body: { ...BILL, answers: [{ code: 'BARCODE', description: 'x'.repeat(201) }] }, field: 'answers.0.description' },
  { name: 'no Idempotency-Key', type: 'normal', route: 'recharge', body: VIVO, field: 'Idempotency-Key', code: 'missing_idempotency_key', headers: {} },
  { name: 'a short Idempotency-Key', type: 'normal', route: 'recharge', body: VIVO, field: 'Idempotency-Key', headers: { 'Idempotency-Key': 'abc' } },
  { name: 'no phone on normal', type: 'normal', route: 'recharge', body: { ...VIVO, phone: undefined }, field: 'phone' },
  { name: 'phone number too short', type: 'normal', route: 'recharge', body: { ...VIVO, phone: { ddd: '11', number: '1234' } }, field: 'phone.number' },
  { name: 'phone DDD not digits', type: 'normal', route: 'recharge', body: { ...VIVO, phone: { ddd: 'SP', number: '987654321' } }, field: 'phone.ddd' },
  { name: 'an unknown field in phone', type: 'normal', route: 'recharge', body: { ...VIVO, phone: { ...PHONE, country: '55' } }, field: 'phone.country' },
  { name: 'an amount below every range', type: 'normal', route: 'recharge', body: { ...VIVO, amountCents: 300 }, field: 'amountCents' },
  { name: 'an amount above every range', type: 'normal', route: 'recharge', body: { ...VIVO, amountCents: 99_000 }, field: 'amountCents' },
  { name: 'an amount in reais with cents', type: 'normal', route: 'recharge', body: { ...VIVO, amountCents: 15.5 }, field: 'amountCents' },
  { name: 'an amount as a string', type: 'normal', route: 'recharge', body: { ...VIVO, amountCents: '1500' }, field: 'amountCents' },
  { name: 'a zero amount', type: 'normal', route: 'recharge', body: { ...VIVO, amountCents: 0 }, field: 'amountCents' },
  { name: 'an amount key of another amount', type: 'normal', route: 'recharge', body: { ...VIVO, amountKey: '2' }, field: 'amountKey' },
  { name: "the dealer's question unanswered", type: 'normal', route: 'recharge', body: { ...VIVO, answers: undefined }, field: 'answers' },
  { name: 'an answer shorter than allowed', type: 'normal', route: 'recharge', body: { ...VIVO, answers: [{ code: '5', description: 'Jo' }] }, field: 'answers.0.description' },
  { name: 'an answer to a question not asked', type: 'normal', route: 'recharge', body: { ...VIVO, answers: [...VIVO.answers, { code: '77', description: 'x' }] }, field: 'answers.1.code' },
  { name: 'a bill on a normal recharge', type: 'normal', route: 'recharge', body: { ...VIVO, invoice: { barCode: '1234' } }, field: 'invoice' },
  { name: 'a card number failing Luhn', type: 'normal', route: 'recharge', body: withCard({ number: '4111111111111112' }), field: 'payment.card.number' },
  { name: 'a card number with spaces', type: 'normal', route: 'recharge', body: withCard({ number: '4111 1111 1111 1111' }), field: 'payment.card.number' },
  { name: 'a card brand not accepted', type: 'normal', route: 'recharge', body: withCard({ number: '6011111111111117' }), field: 'payment.card.number' },
  { name: 'expiry month 13', type: 'normal', route: 'recharge', body: withCard({ expiry: '13/39' }), field: 'payment.card.expiry' },
  { name: 'an expired card', type: 'normal', route: 'recharge', body: withCard({ expiry: '01/20' }), field: 'payment.card.expiry' },
  { name: 'expiry as MMYY', type: 'normal', route: 'recharge', body: withCard({ expiry: '1239' }), field: 'payment.card.expiry' },
  { name: 'a two-digit security code', type: 'normal', route: 'recharge', body: withCard({ securityCode: '12' }), field: 'payment.card.securityCode' },
  { name: 'a holder name with digits', type: 'normal', route: 'recharge', body: withCard({ holder: 'R2D2' }), field: 'payment.card.holder' },
  { name: '13 installments', type: 'normal', route: 'recharge', body: withCard({}, 13), field: 'payment.installments' },
  { name: 'a payment on others', type: 'others', route: 'recharge', body: { ...PIN, payment: { card: CARD, installments: 1 } }, field: 'payment' },
  { name: 'a phone on others', type: 'others', route: 'recharge', body: { ...PIN, phone: PHONE }, field: 'phone' },
  { name: 'others without a branch', type: 'others', route: 'recharge', body: { ...PIN, branchCode: undefined }, field: 'branchCode' },
  { name: 'a PIN amount not offered', type: 'others', route: 'recharge', body: { ...PIN, amountCents: 1500 }, field: 'amountCents' },
  { name: 'a bill never looked up', type: 'invoice', route: 'recharge', body: { ...BILL, amountCents: 1000, invoice: { barCode: '8'.repeat(44) } }, field: 'invoice.barCode' },
  { name: 'invoice without the bill', type: 'invoice', route: 'recharge', body: { ...BILL, amountCents: 1000 }, field: 'invoice' },
  { name: 'a bar code with letters', type: 'invoice', route: 'recharge', body: { ...BILL, amountCents: 1000, invoice: { barCode: '84x' } }, field: 'invoice.barCode' },
];

describe('bad browser input', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ auth: 'authenticity' });
  });
  afterEach(async () => {
    assertNoSecretsReachedBrowser(stack, { flowRan: false });
    await stack.close();
  });

  for (const badCase of CASES) {
    test(`${badCase.route}: ${badCase.name} → 400 naming ${badCase.field}`, async () => {
      let path = '/api/recharges';
      if (badCase.route !== 'create') {
        const created = await stack.call('POST', '/api/recharges', { type: badCase.type, grant: grantFor(badCase.type) });
        path = `/api/recharges/${created.body.id}/${badCase.route}`;
        if (badCase.route === 'recharge') await stack.call('POST', `/api/recharges/${created.body.id}/branches`, LOOKUP[badCase.type]);
      }
      const callsBefore = stack.caratCalls().length;
      const headers = badCase.headers ?? (badCase.route === 'recharge' ? { 'Idempotency-Key': newKey() } : {});
      const response = await stack.call('POST', path, badCase.body, headers);
      assert.equal(response.status, 400, response.text);
      assert.equal(response.body.error.code, badCase.code ?? 'invalid_request');
      assert.equal(response.body.error.field, badCase.field);
      assert.ok(response.body.error.message.length > 10);
      assert.equal(stack.caratCalls().length, callsBefore, 'no call reached Carat');
    });
  }

  test('a body sent as text/plain is refused naming the body', async () => {
    const response = await stack.call('POST', '/api/recharges', '{"type":"normal"}', { 'content-type': 'text/plain' });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.field, 'body');
    assert.equal(stack.caratCalls().length, 0);
  });

  test('an unknown session is 404, whatever it looks like', async () => {
    for (const id of ['nope', 'A'.repeat(22), 'x'.repeat(64)]) {
      const response = await stack.call('POST', `/api/recharges/${id}/branches`, { dealerCode: '001', ddd: '11' });
      assert.equal(response.status, 404);
      assert.equal(response.body.error.code, 'not_found');
    }
    assert.equal(stack.caratCalls().length, 0);
  });

  test('an oversized body is 413', async () => {
    const response = await stack.call('POST', '/api/recharges', { type: 'normal', pad: 'x'.repeat(20_000) });
    assert.equal(response.status, 413);
    assert.equal(response.body.error.code, 'payload_too_large');
  });
});
