/**
 * A PIN and a bill paid by card through REST Payment, two-phase with the recharge (issue 8 §2),
 * through the real app against the sandbox: CON/CON with the payment confirmed before the recharge;
 * a denied card never reaches do-recharge; a recharge that fails after the payment undoes the
 * payment; an unknown answer on any of the calls ends with both agreeing, after recovery when the
 * status query cannot tell at once.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { RechargeDeps } from '../../../proxy/recharge/recharge-deps.ts';
import { SessionFlows } from '../../../proxy/recharge/session-flows.ts';
import { createRecovery } from '../../../proxy/recovery/recovery-loop.ts';
import type { FaultMatch } from '../../../proxy/sandbox/faults.ts';
import { assertNoSecretsReachedBrowser } from '../support/secrets.ts';
import { newKey, startStack, type Stack } from '../support/stack.ts';

const CARD = { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123' }, installments: 1 };
const DENIED_CARD = { ...CARD, card: { ...CARD.card, number: '4000000000000002' } };
const PIN = { dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 2000 };
/** A utility bill whose digits 5–15 print its value: R$ 123,45. */
const BAR_CODE = `8460${'00000012345'}${'1'.repeat(29)}`;
const BILL = { dealerCode: '800', branchCode: '80019000000', amountCents: 12345, invoice: { barCode: BAR_CODE } };

export const PAYMENT_CALLS = {
  create: { method: 'POST', path: '/api/v1/transactions' },
  pay: { method: 'POST', path: '/api/v1/payments/' },
  settle: { method: 'PUT', path: '/api/v1/payments/' },
  query: { method: 'GET', path: '/api/v1/transactions/' },
} satisfies Record<string, FaultMatch>;
const DO = { wrapper: 'do_recharge_request' };
const CONFIRM = { wrapper: 'confirm_recharge_request' };
const RECHARGE_QUERY = { method: 'GET', path: '/v3/recharge/' };

describe('card-paid PINs and bills (REST Payment, two-phase)', () => {
  let stack: Stack;
  let deps: RechargeDeps;
  let flows: SessionFlows;
  afterEach(async () => {
    assertNoSecretsReachedBrowser(stack, { flowRan: false });
    await stack.close();
  });

  async function open(type: 'others' | 'invoice'): Promise<string> {
    flows = new SessionFlows();
    // A short gateway timeout, so a hanging sandbox answer counts as lost quickly.
    stack = await startStack({ auth: 'authenticity', caratTimeoutMs: 400, app: { flows, onRechargeDeps: (wired) => (deps = wired) } });
    const created = await stack.call('POST', '/api/recharges', { type });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.body.cardBrands, ['amex', 'mastercard', 'visa'].filter((brand) => created.body.cardBrands.includes(brand)));
    assert.ok(created.body.cardBrands.length > 0, 'a PIN or a bill can be paid by card');
    if (type === 'invoice') {
      const found = await stack.call('POST', `/api/recharges/${created.body.id}/branches`,
        { dealerCode: BILL.dealerCode, branchCode: BILL.branchCode, answers: [{ code: 'BARCODE', description: BAR_CODE }] });
      assert.equal(found.status, 200, found.text);
    }
    return created.body.id;
  }
  const buy = (id: string, body: object, key = newKey()) => stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key });
  const rechargeAt = async (id: string) => stack.sandbox.transaction(await stack.nitOf(id))?.status;
  const payments = () => stack.sandbox.payments().map((payment) => payment.status);
  const calls = () => stack.caratCalls();
  const index = (pattern: RegExp) => calls().findIndex((call) => pattern.test(call));

  test('a PIN paid by card: payment CON, then recharge CON, the PIN shown once', async () => {
    const id = await open('others');
    const bought = await buy(id, { ...PIN, payment: CARD });
    assert.equal(bought.status, 200, bought.text);
    assert.equal(bought.body.status, 'CON');
    assert.match(bought.body.receipt.customer, /PIN: [\d-]+/);
    assert.equal(bought.body.payment.status, 'CON');
    assert.equal(bought.body.payment.amountCents, 2000);
    assert.doesNotMatch(JSON.stringify(bought.body), /4111111111111111/);
    assert.equal(await rechargeAt(id), 'CON');
    assert.deepEqual(stack.sandbox.payments().map((p) => [p.status, p.amountCents]), [['CON', 2000]]);
    // The order of the calls: payment PPC, do, payment confirmed, then the recharge confirmed.
    const order = [/^POST \/e-sitef\/api\/v1\/transactions$/, /^POST \/e-sitef\/api\/v1\/payments\//, /do_recharge_request$/, /^PUT \/e-sitef\/api\/v1\/payments\//, /confirm_recharge_request$/].map(index);
    assert.ok(order.every((at) => at >= 0), calls().join('\n'));
    assert.deepEqual([...order].sort((a, b) => a - b), order, calls().join('\n'));
    assert.doesNotMatch(calls().find((call) => call.endsWith('do_recharge_request')) ?? '', /payment/);
  });

  test('a bill paid by card: payment CON and recharge CON', async () => {
    const id = await open('invoice');
    const paid = await buy(id, { ...BILL, payment: CARD });
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.body.status, 'CON');
    assert.equal(paid.body.payment.status, 'CON');
    assert.equal(await rechargeAt(id), 'CON');
    assert.deepEqual(stack.sandbox.payments().map((p) => [p.status, p.amountCents]), [['CON', 12345]]);
  });

  test('a denied card: NEG, nothing charged, no do-recharge reached Carat; another card may follow', async () => {
    const id = await open('others');
    const denied = await buy(id, { ...PIN, payment: DENIED_CARD });
    assert.equal(denied.status, 200, denied.text);
    assert.equal(denied.body.status, 'NEG');
    assert.equal(denied.body.payment.status, 'NEG');
    assert.match(denied.body.message, /Nothing was charged/);
    assert.equal(calls().filter((call) => call.endsWith('do_recharge_request')).length, 0);
    assert.equal(await rechargeAt(id), 'NOV');
    assert.deepEqual(payments(), ['NEG']);
    const second = await buy(id, { ...PIN, payment: CARD });
    assert.equal(second.body.status, 'CON', second.text);
    assert.deepEqual(payments(), ['NEG', 'CON']);
  });

  for (const type of ['others', 'invoice'] as const) {
    test(`a ${type} recharge refused by Carat after the card was authorized: the payment is undone`, async () => {
      const id = await open(type);
      stack.sandbox.faults.next({ kind: 'deny' }, DO);
      const failed = await buy(id, { ...(type === 'others' ? PIN : BILL), payment: CARD });
      assert.notEqual(failed.body.status, 'CON', failed.text);
      assert.notEqual(failed.status, 202, failed.text);
      assert.deepEqual(payments(), ['PPN']);
      assert.notEqual(await rechargeAt(id), 'CON');
      assert.notEqual(await rechargeAt(id), 'PPC');
      if (failed.status === 200) assert.equal(failed.body.payment.status, 'PPN');
    });
  }

  test('the payment\'s creation fails (5xx): an error, no card sent, no do-recharge; a new attempt pays', async () => {
    const id = await open('others');
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'after' }, PAYMENT_CALLS.create);
    const failed = await buy(id, { ...PIN, payment: CARD });
    assert.equal(failed.status, 502, failed.text);
    assert.equal(calls().filter((call) => /api\/v1\/payments|do_recharge_request/.test(call)).length, 0, calls().join('\n'));
    assert.deepEqual(payments(), ['NOV'], 'a transaction nobody can name, which holds no card');
    assert.equal((await stack.call('GET', `/api/recharges/${id}`)).body.settled, true);
    const again = await buy(id, { ...PIN, payment: CARD });
    assert.equal(again.body.status, 'CON', again.text);
    assert.deepEqual(payments(), ['NOV', 'CON']);
  });

  // An answer lost on each call (it took effect): the status query settles it at once.
  const LOST: Array<[string, FaultMatch, 'others' | 'invoice', string]> = [
    ['the payment', PAYMENT_CALLS.pay, 'others', 'CON'],
    ['the do-recharge of a PIN (its PIN was in the answer: undone)', DO, 'others', 'PPN'],
    ['the do-recharge of a bill', DO, 'invoice', 'CON'],
    ['the payment confirmation', PAYMENT_CALLS.settle, 'others', 'CON'],
    ['the recharge confirmation', CONFIRM, 'invoice', 'CON'],
  ];
  for (const [call, match, type, expected] of LOST) {
    test(`the answer to ${call} is lost: both end ${expected}`, async () => {
      const id = await open(type);
      stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 1500 }, match);
      const answer = await buy(id, { ...(type === 'others' ? PIN : BILL), payment: CARD });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.status, expected);
      assert.equal(answer.body.payment.status, expected);
      assert.equal(await rechargeAt(id), expected);
      assert.deepEqual(payments(), [expected]);
    });
  }

  // Lost, and the status queries fail too: 202 pending, then recovery brings both to agree.
  const UNKNOWN: Array<[string, FaultMatch, FaultMatch, 'others' | 'invoice', string]> = [
    ['the payment', PAYMENT_CALLS.pay, PAYMENT_CALLS.query, 'others', 'PPN'],
    ['the do-recharge', DO, RECHARGE_QUERY, 'invoice', 'PPN'],
    ['the payment confirmation', PAYMENT_CALLS.settle, PAYMENT_CALLS.query, 'invoice', 'CON'],
    ['the recharge confirmation', CONFIRM, RECHARGE_QUERY, 'invoice', 'CON'],
  ];
  for (const [call, match, query, type, expected] of UNKNOWN) {
    test(`unknown answer on ${call} and its status query: pending, then recovery ends both ${expected}`, async () => {
      const id = await open(type);
      stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 1500 }, match);
      stack.sandbox.faults.next({ kind: 'http-error', status: 503 }, query);
      const key = newKey();
      const pending = await buy(id, { ...(type === 'others' ? PIN : BILL), payment: CARD }, key);
      assert.equal(pending.status, 202, pending.text);
      assert.equal((await stack.call('GET', `/api/recharges/${id}`)).body.settled, false);

      const recovery = createRecovery({ deps, flows });
      const { outcomes } = await recovery.runOnce();
      await recovery.stop();
      assert.equal(outcomes.length, 1);
      // A recharge never sent stays NOV (the payment's creation and card come first).
      assert.equal(await rechargeAt(id), call === 'the payment' ? 'NOV' : expected);
      assert.deepEqual(payments(), [expected]);
      const session = await stack.call('GET', `/api/recharges/${id}`);
      assert.equal(session.body.settled, true, session.text);
      const retried = await buy(id, { ...(type === 'others' ? PIN : BILL), payment: CARD }, key);
      assert.equal(retried.status, 200, retried.text);
      assert.equal(retried.body.payment.status, expected);
      assert.equal(retried.body.status === 'CON', expected === 'CON');
    });
  }
});
