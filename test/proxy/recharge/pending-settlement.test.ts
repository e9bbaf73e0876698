/**
 * Unknown is never "nothing happened" (settlement.ts, rules 1–6), through the real app against the
 * sandbox: a money call whose outcome stays unknown answers 202 pending until Carat's own status
 * settles it, then the same Idempotency-Key and GET give the final answer; a 4xx is unknown, not a
 * refusal; a do Carat processes after the proxy gave up is undone, never left PPC; a PIN whose
 * answer was lost is undone; an answer without the payment block for a card is undone.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { RechargeType } from '../../../proxy/browser-api.ts';
import { PendingRechargeSchema } from '../../../proxy/browser-schemas.ts';
import type { RechargeDeps } from '../../../proxy/recharge/recharge-deps.ts';
import { SessionFlows } from '../../../proxy/recharge/session-flows.ts';
import { createRecovery, type Recovery } from '../../../proxy/recovery/recovery-loop.ts';
import type { Fault } from '../../../proxy/sandbox/faults.ts';
import { assertNoSecretsReachedBrowser } from '../support/secrets.ts';
import { grantFor, newKey, startStack, type Stack } from '../support/stack.ts';

const DO = { wrapper: 'do_recharge_request' };
const CONFIRM = { wrapper: 'confirm_recharge_request' };
const STATUS_QUERY = { method: 'GET', path: '/v3/recharge/' };
const CARD = { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123' }, installments: 1 };
const TOP_UP = { dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000, payment: CARD };
const PIN = { dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 2000 };

describe('pending settlement', () => {
  let stack: Stack;
  let deps: RechargeDeps;
  let flows: SessionFlows;
  let recovery: Recovery | undefined;
  afterEach(async () => {
    await recovery?.stop();
    recovery = undefined;
    assertNoSecretsReachedBrowser(stack, { flowRan: false });
    await stack.close();
  });

  async function session(type = 'normal', now?: () => number): Promise<string> {
    flows = new SessionFlows();
    // A short gateway timeout, so a hanging sandbox answer counts as lost quickly.
    stack = await startStack({
      auth: 'signature', caratTimeoutMs: 400, ...(now ? { sandbox: { now, nitLifetimeMs: 60_000 } } : {}),
      app: { flows, onRechargeDeps: (wired) => (deps = wired), ...(now ? { now } : {}) },
    });
    // A PIN or a bill is paid by the merchant's checkout (a grant): the card pays only top-ups so far.
    const created = await stack.call('POST', '/api/recharges', { type, ...(type === 'normal' ? {} : { grant: grantFor(type as RechargeType) }) });
    assert.equal(created.status, 201, created.text);
    return created.body.id;
  }
  const recharge = (id: string, key: string, body: object = TOP_UP) => stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key });
  const caratOf = async (id: string) => stack.sandbox.transaction(await stack.nitOf(id));
  const calls = (suffix: string) => stack.caratCalls().filter((call) => call.endsWith(suffix)).length;
  const assertPending = (answer: Stack['responses'][number], id: string) => {
    assert.equal(answer.status, 202, answer.text);
    assert.deepEqual(PendingRechargeSchema.parse(answer.body), { status: 'pending', id, retryAfterMs: answer.body.retryAfterMs });
    assert.ok(answer.body.retryAfterMs >= 1000);
    assert.equal(answer.headers.get('retry-after'), String(Math.ceil(answer.body.retryAfterMs / 1000)));
  };
  /** Polls GET until the session is settled (recovery runs in the background), at most `rounds` times. */
  async function settledSession(id: string, rounds = 300): Promise<any> {
    for (let round = 0; round < rounds; round++) {
      const view = await stack.call('GET', `/api/recharges/${id}`);
      if (view.body.settled) return view.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`session ${id} was not settled`);
  }

  test('confirm lost and the status query failing: 202, then the final answer on retry and on GET; one top-up, one charge', async () => {
    const id = await session();
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 5000 }, CONFIRM);
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    const key = newKey();
    assertPending(await recharge(id, key), id);
    const pendingView = await stack.call('GET', `/api/recharges/${id}`);
    assert.equal(pendingView.body.settled, false);
    assert.equal(pendingView.body.result, undefined);

    const retried = await recharge(id, key);
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.body.status, 'CON');
    assert.equal(retried.body.payment.status, 'CON');
    assert.match(retried.body.receipt.customer, /R\$ 20,00/);
    const view = await stack.call('GET', `/api/recharges/${id}`);
    assert.equal(view.body.settled, true);
    assert.deepEqual(view.body.result, retried.body);
    // Paying again on this session is refused as finished: no second do, no second charge.
    assert.equal((await recharge(id, newKey())).status, 409);

    assert.equal(calls('do_recharge_request'), 1, 'one top-up');
    assert.equal(calls('confirm_recharge_request'), 1, 'one confirmation');
    assert.deepEqual(stack.sandbox.transactions().map((tx) => tx.status), ['CON']);
    assert.equal((await caratOf(id))?.paymentStatus, 'CON', 'one charge');
  });

  test('a do Carat processes after the proxy gave up: pending, then undone when it turns PPC; no PPC left', async () => {
    const id = await session();
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'late', delayMs: 1200 }, DO);
    assertPending(await recharge(id, newKey()), id);
    recovery = createRecovery({ deps, flows });
    await recovery.start(50);
    const settled = await settledSession(id);
    assert.equal(settled.status, 'PPN');
    assert.equal(settled.result.status, 'PPN');
    assert.equal(settled.result.payment.status, 'PPN');
    assert.deepEqual(stack.sandbox.transactions().map((tx) => tx.status), ['PPN'], 'processed late, then undone: no PPC left');
    assert.equal((await caratOf(id))?.paymentStatus, 'PPN');
  });

  test('a lost do that stays NOV is pending until Carat expires the NIT: then EXP, nothing charged', async () => {
    let nowMs = Date.now();
    const id = await session('normal', () => nowMs);
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'before', delayMs: 5000 }, DO);
    const key = newKey();
    assertPending(await recharge(id, key), id);
    assert.equal((await caratOf(id))?.status, 'NOV');
    nowMs += 61_000;
    const final = await recharge(id, key);
    assert.equal(final.status, 200, final.text);
    assert.equal(final.body.status, 'EXP');
    assert.match(final.body.message, /Nothing was charged/);
    assert.deepEqual((await stack.call('GET', `/api/recharges/${id}`)).body.result, final.body);
    assert.equal(calls('do_recharge_request'), 1);
  });

  for (const [step, match] of [['do-recharge', DO], ['confirmation', CONFIRM]] as const) {
    test(`an HTTP 4xx on the ${step} that took effect is unknown, not a refusal: the status query finds it, and it ends CON`, async () => {
      const id = await session();
      stack.sandbox.faults.next({ kind: 'http-error', status: 400, effect: 'after' }, match);
      const result = await recharge(id, newKey());
      assert.equal(result.status, 200, result.text);
      assert.equal(result.body.status, 'CON');
      assert.equal((await caratOf(id))?.status, 'CON');
      assert.ok(stack.caratCalls().some((call) => call.startsWith('GET /e-sitef/v3/recharge/')), 'the status query decided');
      assert.equal(calls('do_recharge_request'), 1);
    });
  }

  test('an HTTP 4xx on a do that did not take effect is pending (NOV is not proof), not "nothing happened"', async () => {
    const id = await session();
    stack.sandbox.faults.next({ kind: 'http-error', status: 409, effect: 'before' }, DO);
    assertPending(await recharge(id, newKey()), id);
    // Any attempt on the session is pending while it is: the shopper cannot pay twice.
    assertPending(await recharge(id, newKey()), id);
    assert.equal((await caratOf(id))?.status, 'NOV');
    assert.equal((await stack.call('GET', `/api/recharges/${id}`)).body.settled, false);
  });

  test("a PIN whose do answer was lost is undone, never confirmed: the PIN cannot be shown again", async () => {
    const id = await session('others');
    assert.equal((await stack.call('POST', `/api/recharges/${id}/branches`, { dealerCode: PIN.dealerCode, typeCode: PIN.typeCode, branchCode: PIN.branchCode })).status, 200);
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 5000 }, DO);
    const result = await recharge(id, newKey(), PIN);
    assert.equal(result.status, 200, result.text);
    assert.equal(result.body.status, 'PPN');
    assert.match(result.body.message, /PIN cannot be shown again/);
    assert.equal((await caratOf(id))?.status, 'PPN');
    assert.equal(calls('confirm_recharge_request'), 1, 'the one call was the undo');
  });

  test('a PIN whose confirmation was lost is undone once the shopper is gone: recovery never holds the PIN, so never confirms it', async () => {
    const id = await session('others');
    assert.equal((await stack.call('POST', `/api/recharges/${id}/branches`, { dealerCode: PIN.dealerCode, typeCode: PIN.typeCode, branchCode: PIN.branchCode })).status, 200);
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'before', delayMs: 5000 }, CONFIRM);
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    const key = newKey();
    assertPending(await recharge(id, key, PIN), id);
    assert.equal((await caratOf(id))?.status, 'PPC');
    const final = await recharge(id, key, PIN);
    assert.equal(final.status, 200, final.text);
    assert.equal(final.body.status, 'PPN');
    assert.equal((await caratOf(id))?.status, 'PPN');
    assert.doesNotMatch((await stack.call('GET', `/api/recharges/${id}`)).text, /PIN: /);
  });

  test('a confirmation answered NOV (it did not take) with the status query failing stays pending: never settled while Carat holds the PPC', async () => {
    const id = await session();
    stack.sandbox.faults.next({ kind: 'altered-answer', status: 'NOV', effect: 'before' }, CONFIRM);
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    const key = newKey();
    assertPending(await recharge(id, key), id);
    assert.equal((await caratOf(id))?.status, 'PPC');
    assert.equal((await stack.call('GET', `/api/recharges/${id}`)).body.settled, false, 'Carat holds a PPC: not settled');
    recovery = createRecovery({ deps, flows });
    await recovery.runOnce();
    assert.equal((await caratOf(id))?.status, 'CON', 'recovery confirmed what the shopper agreed to');
    assert.equal((await recharge(id, newKey())).status, 409, 'another key: finished');
    assert.equal(calls('do_recharge_request'), 1, 'no second do on a PPC');
    const final = await recharge(id, key);
    assert.equal(final.status, 200, final.text);
    assert.equal(final.body.status, 'CON');
  });

  test('a do answered NOV with code 0 (read, not acted on yet) is pending like a lost answer: never settled, never a second do', async () => {
    const id = await session();
    stack.sandbox.faults.next({ kind: 'altered-answer', status: 'NOV', effect: 'before' }, DO);
    const key = newKey();
    assertPending(await recharge(id, key), id);
    const view = await stack.call('GET', `/api/recharges/${id}`);
    assert.equal(view.body.settled, false, 'Carat may still process the do it read');
    assertPending(await recharge(id, key), id);
    assertPending(await recharge(id, newKey()), id);
    assert.equal(calls('do_recharge_request'), 1, 'no second do on the NIT');
    assert.equal(calls('confirm_recharge_request'), 0, 'nothing to undo yet');
  });

  // Attack on issue 9: a caller without a payment block (not counted by the payment rate limits)
  // made one Carat status query and one fsynced journal step per new key while the query failed.
  test('a flood of new keys on a pending session whose status query fails reaches Carat a bounded number of times', async () => {
    const id = await session();
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'before', delayMs: 5000 }, DO);
    stack.sandbox.faults.always({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    assertPending(await recharge(id, newKey()), id);
    const before = stack.caratCalls().filter((call) => call.startsWith('GET /e-sitef/v3/recharge/')).length;
    for (let request = 0; request < 20; request++) assertPending(await recharge(id, newKey(), { dealerCode: '003' }), id);
    const queries = stack.caratCalls().filter((call) => call.startsWith('GET /e-sitef/v3/recharge/')).length - before;
    assert.ok(queries <= 3, `${queries} status queries for 20 requests`);
  });

  const failClosed: Array<[string, Fault, object]> = [
    ['a do answer without the payment block for a card', { kind: 'altered-answer', dropPayment: true }, DO],
  ];
  for (const [name, fault, match] of failClosed) {
    test(`${name} is undone (fail closed)`, async () => {
      const id = await session();
      stack.sandbox.faults.next(fault, match);
      const result = await recharge(id, newKey());
      assert.equal(result.status, 200, result.text);
      assert.equal(result.body.status, 'PPN');
      assert.match(result.body.message, /did not report the card payment/);
      assert.equal((await caratOf(id))?.status, 'PPN');
      assert.equal((await caratOf(id))?.paymentStatus, 'PPN');
    });
  }

  for (const effect of ['before', 'after'] as const) {
    test(`a confirmation answered with a non-final status (${effect === 'after' ? 'it took effect' : 'it did not'}) is checked, and the truth is reported`, async () => {
      const id = await session();
      stack.sandbox.faults.next({ kind: 'altered-answer', status: 'PPC', effect }, CONFIRM);
      const result = await recharge(id, newKey());
      assert.equal(result.status, 200, result.text);
      assert.equal(result.body.status, 'CON');
      assert.equal((await caratOf(id))?.status, 'CON');
      assert.equal(calls('confirm_recharge_request'), effect === 'after' ? 1 : 2, 'still PPC after a confirmation: one more');
    });
  }
});
