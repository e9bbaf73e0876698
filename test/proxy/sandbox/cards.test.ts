/** The payment block of a normal recharge: test cards, Luhn, MMYY expiry, installments. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expiryProblem, luhnValid } from '../../../proxy/sandbox/cards.ts';
import { AUTH_KEY, card, confirm, inner, normalRecharge, harnessForThisFile } from './harness.ts';

describe('card rules', () => {
  it('checks Luhn', () => {
    const rows: Array<[string, boolean]> = [
      ['4111111111111111', true],
      ['5555555555554444', true],
      ['4000000000000002', true],
      ['4111111111111112', false],
      ['1111111111111111', false],
      ['41111111111', false], // too short for a card
      ['4111-1111-1111-1111', false],
    ];
    for (const [number, valid] of rows) assert.equal(luhnValid(number), valid, number);
  });

  it('checks MMYY expiry: a card is valid through the end of its month', () => {
    const now = Date.UTC(2030, 5, 30, 23, 59); // 30 June 2030
    const rows: Array<[string, string | undefined]> = [
      ['0630', undefined],
      ['0530', 'card expired'],
      ['1229', 'card expired'],
      ['0131', undefined],
      ['1330', 'expected a month 01–12 (MMYY)'],
      ['0030', 'expected a month 01–12 (MMYY)'],
    ];
    for (const [mmyy, problem] of rows) assert.equal(expiryProblem(mmyy, now), problem, mmyy);
    assert.equal(expiryProblem('0630', Date.UTC(2030, 6, 1)), 'card expired');
  });
});

const h = harnessForThisFile();

async function pay(payment: unknown) {
  const { nit } = await h.createNit('normal');
  const reply = await h.call('PUT', `/v3/recharge/${nit}`, normalRecharge({ payment }));
  return { nit, reply, r: inner(reply, 'do_recharge_response') };
}

describe('card payment over HTTP', () => {
  for (const number of ['4111111111111111', '5555555555554444', '4012888888881881']) {
    it(`approves ${number.slice(0, 4)}…: PPC with payment PPC, then CON with payment CON`, async () => {
      const { nit, reply, r } = await pay(card(number));
      assert.equal(r.esitef.code, '0');
      assert.equal(r.status, 'PPC');
      assert.equal(r.payment.status, 'PPC');
      assert.equal(r.payment.amount, '2000');
      assert.ok(!reply.text.includes(number), 'the full card number must not come back');
      assert.match(r.payment.customer.receipt, new RegExp(`\\*+${number.slice(-4)}`));
      const c = inner(await h.call('PUT', `/v3/recharge/${nit}`, confirm('true')), 'confirm_recharge_response');
      assert.deepEqual([c.status, c.payment.status], ['CON', 'CON']);
    });
  }

  it('undoes the payment with the recharge', async () => {
    const { nit } = await pay(card());
    const c = inner(await h.call('PUT', `/v3/recharge/${nit}`, confirm('false')), 'confirm_recharge_response');
    assert.deepEqual([c.status, c.payment.status], ['PPN', 'PPN']);
  });

  it('denies 4000000000000002: non-zero code, status NEG, payment NEG, nothing to confirm', async () => {
    const { nit, r } = await pay(card('4000000000000002'));
    assert.notEqual(r.esitef.code, '0');
    assert.equal(r.status, 'NEG');
    assert.equal(r.payment.status, 'NEG');
    assert.deepEqual(h.sandbox.transaction(nit), { status: 'NEG', paymentStatus: 'NEG', rechargeType: 'normal', merchantKey: AUTH_KEY });
    const c = inner(await h.call('PUT', `/v3/recharge/${nit}`, confirm('true')), 'confirm_recharge_response');
    assert.notEqual(c.esitef.code, '0');
  });

  it('rejects a number that fails Luhn, without repeating it', async () => {
    const { nit, reply, r } = await pay(card('4111111111111112'));
    assert.notEqual(r.esitef.code, '0');
    assert.match(r.esitef.message, /^payment.card.number: invalid card number/);
    assert.ok(!reply.text.includes('4111111111111112'));
    assert.equal(h.sandbox.transaction(nit)?.status, 'NOV');
  });

  it('rejects an expired card and a malformed expiry', async () => {
    assert.match((await pay(card('4111111111111111', '0120'))).r.esitef.message, /^payment.card.expiry_date: card expired/);
    assert.match((await pay(card('4111111111111111', '12/39'))).r.esitef.message, /^payment.card.expiry_date: expected exactly 4 digits/);
  });

  it('accepts 1 to 12 installments only', async () => {
    for (const [number, ok] of [['0', false], ['1', true], ['12', true], ['13', false]] as const) {
      const { r } = await pay({ ...card(), installment: { number, type: '4' } });
      assert.equal(r.esitef.code === '0', ok, `installments ${number}: ${r.esitef.message}`);
      if (!ok) assert.match(r.esitef.message, /^payment.installment.number: /);
    }
  });

  it('requires the payment to belong to the merchant of the recharge', async () => {
    const { r } = await pay(card('4111111111111111', '1239', 'OTHERMERCHANTKEY'));
    assert.match(r.esitef.message, /^payment.merchant_key: must be the merchant of the recharge/);
    assert.ok(!r.esitef.message.includes('OTHERMERCHANTKEY'));
  });

  it('names each missing payment field', async () => {
    const full = card() as Record<string, unknown>;
    for (const missing of ['amount', 'authorizer_id', 'merchant_key']) {
      const partial = { ...full };
      delete partial[missing];
      assert.match((await pay(partial)).r.esitef.message, new RegExp(`^payment\\.${missing}: is required`));
    }
  });
});
