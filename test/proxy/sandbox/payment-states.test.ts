/**
 * The sandbox's REST Payment state machine (§4, §5): NOV → PPC/CON/NEG → CON/PPN, the merchant
 * headers, and the checks on each call. The status query is the witness of every transition.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SIG_KEY, harnessForThisFile } from './harness.ts';
import { APPROVED_CARD, DENIED_CARD, paymentCalls } from './payment-calls.ts';

const h = harnessForThisFile();
const api = paymentCalls(h);

/** A refusal: HTTP 200, non-zero code, a message naming the field. */
function assertRefused(reply: { status: number; body: any; text: string }, code: string, message: RegExp): void {
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.body.code, code, reply.text);
  assert.match(reply.body.message, message);
}

describe('creation (POST /v1/transactions)', () => {
  it('gives a NOV NIT that the status query reports with the order data', async () => {
    const nit = await api.createPayment({ order_id: 'B77', merchant_usn: '42', amount: '1500' });
    const query = await api.query(nit);
    assert.equal(query.body.code, '0');
    assert.deepEqual(query.body.payment, { status: 'NOV', nit, order_id: 'B77', merchant_usn: '42', amount: '1500' });
  });

  it('refuses a missing or zero amount, a bad order id, a bad postpone flag, too many installments and an incomplete schedule', async () => {
    const create = (body: Record<string, unknown>) => api.call('POST', '/v1/transactions', body);
    assertRefused(await create({ order_id: 'A1' }), '1', /^amount: is required/);
    assertRefused(await create({ amount: '0' }), '1', /^amount: expected a positive amount/);
    assertRefused(await create({ amount: 100 }), '1', /^amount: expected a JSON string/);
    assertRefused(await create({ amount: '100', order_id: 'A-1' }), '1', /^order_id: expected up to 20 letters or digits/);
    assertRefused(await create({ amount: '100', additional_data: { postpone_confirmation: 'yes' } }), '1', /^additional_data\.postpone_confirmation/);
    assertRefused(await create({ amount: '100', installments: '13' }), '1', /^installments: expected 1 to 12/);
    assertRefused(await create({ amount: '100', installment_type: '5' }), '1', /^installment_type: expected 3, 4, 6 or 7/);
    assertRefused(await create({ amount: '100', schedule: { do_payment_now: 'false' } }), '1', /^schedule\.amount: is required/);
  });

  it('checks merchant_id and merchant_key headers like the recharge side checks the key', async () => {
    const body = { amount: '100' };
    assertRefused(await api.call('POST', '/v1/transactions', body, { merchant: { id: 'shopauth', key: 'NOSUCHKEY1' } }), '4', /^merchant_key: unknown merchant/);
    // The id must be the key's own merchant.
    assertRefused(await api.call('POST', '/v1/transactions', body, { merchant: { id: 'shopsig', key: 'AUTHENTICITYKEY0000000000000001' } }), '4', /unknown merchant/);
    const noHeaders = await fetch(`${h.url}/e-sitef/api/v1/transactions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    assertRefused({ status: noHeaders.status, text: '', body: await noHeaders.json() }, '4', /^merchant_id: header is required/);
  });

  it('refuses a body that is not JSON with 415, and records every call', async () => {
    const reply = await api.call('POST', '/v1/transactions', undefined, { rawBody: 'amount=1', contentType: 'application/x-www-form-urlencoded' });
    assert.equal(reply.status, 415);
    assert.ok(h.sandbox.calls.some((c) => c.method === 'POST' && c.path === '/e-sitef/api/v1/transactions'));
  });

  it('answers 404 for a service it does not simulate, without reaching the recharge API', async () => {
    const reply = await api.call('GET', '/v1/cards/abc');
    assert.equal(reply.status, 404);
    assert.equal(h.sandbox.calls.filter((c) => c.path === '/e-sitef/api/v1/cards/abc').length, 1);
  });
});

describe('payment (POST /v1/payments/{nit})', () => {
  it('late confirmation: an approved card ends in PPC, with the authorization and masked receipts', async () => {
    const nit = await api.createPayment();
    const reply = await api.pay(nit);
    assert.equal(reply.body.code, '0', reply.text);
    const payment = reply.body.payment;
    assert.equal(payment.status, 'PPC');
    assert.equal(payment.nit, nit);
    assert.match(payment.authorization_number, /^\d{6}$/);
    assert.match(payment.esitef_usn, /^\d{15}$/);
    assert.match(payment.customer_receipt, /\*{12}1111/);
    assert.ok(!reply.text.includes(APPROVED_CARD.number), 'the card number came back');
    assert.equal(await api.statusOf(nit), 'PPC');
  });

  it('automatic confirmation: without postpone_confirmation an approved card ends in CON', async () => {
    const nit = await api.createPayment({}, false);
    assert.equal((await api.pay(nit)).body.payment.status, 'CON');
    assert.equal(await api.statusOf(nit), 'CON');
  });

  it('the documented denied test card ends in NEG with a non-zero code, and cannot be confirmed', async () => {
    const nit = await api.createPayment();
    const reply = await api.pay(nit, DENIED_CARD);
    assertRefused(reply, '7', /negada/);
    assert.equal(reply.body.payment.status, 'NEG');
    assert.equal(await api.statusOf(nit), 'NEG');
    const late = await api.confirm(nit, 'true');
    assertRefused(late, '6', /^status: transaction is NEG/);
    assert.equal(late.body.payment.status, 'NEG');
  });

  it('refuses bad cards, bad installments and a missing authorizer without changing the status', async () => {
    const nit = await api.createPayment();
    assertRefused(await api.pay(nit, { ...APPROVED_CARD, number: '4111111111111112' }), '1', /^card\.number: invalid card number \(Luhn/);
    assertRefused(await api.pay(nit, { ...APPROVED_CARD, expiry_date: '0120' }), '1', /^card\.expiry_date: card expired/);
    assertRefused(await api.pay(nit, { ...APPROVED_CARD, expiry_date: '1339' }), '1', /^card\.expiry_date: expected a month/);
    assertRefused(await api.pay(nit, { ...APPROVED_CARD, security_code: '12a' }), '1', /^card\.security_code/);
    assertRefused(await api.pay(nit, { token: 'abc' }), '1', /^card\.token: no card is stored/);
    assertRefused(await api.call('POST', `/v1/payments/${nit}`, {}), '1', /^card: is required/);
    assertRefused(await api.pay(nit, APPROVED_CARD, { installments: '13' }), '1', /^installments: expected 1 to 12/);
    const tiny = await api.createPayment({ amount: '2' });
    assertRefused(await api.pay(tiny, APPROVED_CARD, { installments: '3' }), '1', /^installments: more installments than cents/);
    const noAuthorizer = await api.createPayment({ authorizer_id: '' });
    assertRefused(await api.pay(noAuthorizer), '1', /^authorizer_id: is required/);
    assert.equal((await api.pay(noAuthorizer, APPROVED_CARD, { authorizer_id: '2' })).body.payment.authorizer_id, '2');
    for (const untouched of [nit, tiny]) assert.equal(await api.statusOf(untouched), 'NOV');
    for (const path of h.sandbox.calls.map((c) => c.path)) assert.ok(!path.includes('4111111111111112'));
  });

  it('a second payment on the same NIT is refused with the current status', async () => {
    const nit = await api.createPayment();
    await api.pay(nit);
    const again = await api.pay(nit);
    assertRefused(again, '6', /^status: transaction is PPC; a payment needs NOV/);
    assert.equal(again.body.payment.status, 'PPC');
  });

  it('refuses an unknown, malformed or other merchant\'s NIT', async () => {
    assertRefused(await api.pay('a'.repeat(64)), '2', /^nit: unknown transaction/);
    assertRefused(await api.pay('short'), '1', /^nit: expected exactly 64/);
    const nit = await api.createPayment();
    assertRefused(await api.query(nit, { id: 'shopsig', key: SIG_KEY }), '2', /^nit: unknown transaction/);
    assert.equal(await api.statusOf(nit), 'NOV');
  });
});

describe('confirmation (PUT /v1/payments/{nit}?confirm=)', () => {
  it('confirm=true: PPC → CON; a second confirmation is refused with CON', async () => {
    const nit = await api.createPayment();
    await api.pay(nit);
    assert.deepEqual((await api.confirm(nit, 'true')).body, { code: '0', message: 'OK. Transaction successful.', payment: { status: 'CON' } });
    assert.equal(await api.statusOf(nit), 'CON');
    const again = await api.confirm(nit, 'true');
    assertRefused(again, '6', /^status: transaction is CON; confirmation needs PPC/);
    assert.equal(again.body.payment.status, 'CON');
  });

  it('confirm=false: PPC → PPN (the undo), which cannot be confirmed afterwards', async () => {
    const nit = await api.createPayment();
    await api.pay(nit);
    assert.equal((await api.confirm(nit, 'false')).body.payment.status, 'PPN');
    assert.equal(await api.statusOf(nit), 'PPN');
    assertRefused(await api.confirm(nit, 'true'), '6', /transaction is PPN/);
  });

  it('refuses a confirmation before the payment, a bad confirm value and a partial capture', async () => {
    const nit = await api.createPayment();
    assertRefused(await api.confirm(nit, 'true'), '6', /^status: transaction is NOV/);
    await api.pay(nit);
    assertRefused(await api.confirm(nit, 'yes'), '1', /^confirm: expected "true" or "false"/);
    assertRefused(await api.call('PUT', `/v1/payments/${nit}`), '1', /^confirm: is required/);
    assertRefused(await api.confirm(nit, 'true', '1999'), '1', /^amount: partial capture is not offered/);
    assert.equal(await api.statusOf(nit), 'PPC');
    assert.equal((await api.confirm(nit, 'true', '2000')).body.payment.status, 'CON');
  });
});
