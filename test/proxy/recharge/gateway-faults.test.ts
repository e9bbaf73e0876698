/**
 * When Carat fails mid-way, the shopper still gets a final answer and nothing stays pending: a
 * recharge that may have happened is undone, a confirmation that failed is checked and redone.
 */
import type { RechargeType } from '../../../proxy/browser-api.ts';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { assertNoSecretsReachedBrowser } from '../support/secrets.ts';
import { grantFor, newKey, startStack, TEST_MERCHANT, type Stack } from '../support/stack.ts';

const DO = { wrapper: 'do_recharge_request' };
const CONFIRM = { wrapper: 'confirm_recharge_request' };
const TOP_UP = { dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000 };

describe('gateway faults', () => {
  let stack: Stack;
  afterEach(async () => {
    // Failures are where internals leak: scan everything the browser got.
    assertNoSecretsReachedBrowser(stack, { flowRan: false });
    await stack.close();
  });

  async function sessionWithStack(auth: 'signature' | 'authenticity' = 'signature', type = 'normal'): Promise<string> {
    // A short gateway timeout, so a hanging sandbox answer counts as a timeout quickly.
    stack = await startStack({ auth, caratTimeoutMs: 400 });
    const created = await stack.call('POST', '/api/recharges', { type, grant: grantFor(type as RechargeType) });
    assert.equal(created.status, 201, created.text);
    return created.body.id;
  }
  const recharge = (id: string, body: object = TOP_UP) => stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': newKey() });
  const caratStatusOf = async (id: string) => stack.sandbox.transaction(await stack.nitOf(id))?.status;

  for (const [name, fault] of [
    ['times out', { kind: 'timeout', effect: 'after', delayMs: 5000 }],
    ['answers 503', { kind: 'http-error', status: 503, effect: 'after' }],
    ['answers malformed JSON', { kind: 'malformed-json', effect: 'after' }],
  ] as const) {
    test(`a do-recharge that took effect but ${name} is found PPC by a status query and confirmed (CON)`, async () => {
      const id = await sessionWithStack();
      stack.sandbox.faults.next(fault, DO);
      const result = await recharge(id);
      assert.equal(result.status, 200, result.text);
      assert.equal(result.body.status, 'CON', result.text);
      assert.match(result.body.receipt.customer, /\S/, 'the receipt comes from the status query');
      assert.equal(await caratStatusOf(id), 'CON');
      // Never re-sent blindly: one do, then the query, then the confirmation.
      const moneyCalls = stack.caratCalls().filter((call) => /^(PUT|GET) \/e-sitef\/v3\/recharge\//.test(call));
      assert.deepEqual(moneyCalls.map((call) => call.split(' ')[0] + (call.split(' ')[2] ? ` ${call.split(' ')[2]}` : '')),
        ['PUT do_recharge_request', 'GET', 'PUT confirm_recharge_request']);
      const session = await stack.call('GET', `/api/recharges/${id}`);
      assert.equal(session.body.status, 'CON');
    });
  }

  test('a do-recharge that timed out before taking effect is pending, not "nothing happened": Carat may still process it', async () => {
    const id = await sessionWithStack();
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'before', delayMs: 5000 }, DO);
    const lost = await recharge(id);
    assert.equal(lost.status, 202, lost.text);
    assert.deepEqual(lost.body, { status: 'pending', id, retryAfterMs: lost.body.retryAfterMs });
    assert.equal(await caratStatusOf(id), 'NOV');
    // Never re-sent: another attempt on the session is pending too (test/proxy/recharge/pending-settlement.test.ts goes on).
    assert.equal((await recharge(id)).status, 202);
    assert.equal(stack.caratCalls().filter((call) => call.endsWith('do_recharge_request')).length, 1);
  });

  test('a TV recharge whose answer was lost (AGU) is asked again, and completes', async () => {
    const others = await sessionWithStack('signature', 'others');
    const tv = { dealerCode: '910', typeCode: '05', branchCode: '91000000000', amountCents: 4990 };
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 5000 }, DO);
    const lost = await recharge(others, tv);
    assert.equal(lost.status, 504, lost.text);
    assert.equal(await caratStatusOf(others), 'AGU');
    const askedAgain = await recharge(others, tv);
    assert.equal(askedAgain.body.status, 'AGU', askedAgain.text);
    const done = await recharge(others, { ...tv, answers: [{ code: '126', description: askedAgain.body.tvPackageCodes[0] }] });
    assert.equal(done.body.status, 'CON', done.text);
  });

  test('a PPC whose confirmation failed is checked and confirmed again', async () => {
    const id = await sessionWithStack();
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, CONFIRM);
    const result = await recharge(id);
    assert.equal(result.body.status, 'CON', result.text);
    assert.equal(await caratStatusOf(id), 'CON');
    assert.equal(stack.caratCalls().filter((call) => call.endsWith('confirm_recharge_request')).length, 2);
  });

  test('a confirmation that took effect but timed out is recognised by the status query', async () => {
    const id = await sessionWithStack();
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 5000 }, CONFIRM);
    const result = await recharge(id);
    assert.equal(result.body.status, 'CON', result.text);
    assert.match(result.body.receipt.customer, /R\$ 20,00/);
    assert.ok(stack.caratCalls().some((call) => call.startsWith('GET /e-sitef/v3/recharge/')));
  });

  test('a dealer denial is reported as gateway_rejected and nothing stays pending', async () => {
    const id = await sessionWithStack();
    stack.sandbox.faults.next({ kind: 'deny' }, DO);
    const result = await recharge(id);
    assert.equal(result.status, 502, result.text);
    assert.equal(result.body.error.code, 'gateway_rejected');
    assert.notEqual(await caratStatusOf(id), 'PPC');
  });

  test('unknown fields in every Carat answer are ignored', async () => {
    const id = await sessionWithStack('authenticity');
    stack.sandbox.faults.always({ kind: 'unknown-fields' });
    const branches = await stack.call('POST', `/api/recharges/${id}/branches`, { dealerCode: '003', ddd: '31' });
    assert.equal(branches.status, 200, branches.text);
    assert.deepEqual(Object.keys(branches.body).sort(), ['categories', 'messages', 'paymentMethods', 'questions']);
    assert.deepEqual(Object.keys(branches.body.categories[0]).sort(), ['amountRanges', 'code', 'description', 'fixedAmounts']);
    const created = await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(Object.keys(created.body.dealers[0]).sort(), ['code', 'name']);
    const result = await recharge(created.body.id);
    assert.equal(result.body.status, 'CON', result.text);
    assert.deepEqual(Object.keys(result.body).sort(), ['receipt', 'status']);
  });

  for (const [name, fault, code, status] of [
    ['answers 503', { kind: 'http-error', status: 503, effect: 'before' }, 'gateway_unavailable', 502],
    ['times out', { kind: 'timeout', effect: 'before', delayMs: 5000 }, 'gateway_timeout', 504],
    ['refuses', { kind: 'deny' }, 'gateway_rejected', 502],
  ] as const) {
    test(`a creation that ${name} gives ${code}, saying nothing internal`, async () => {
      stack = await startStack({ auth: 'signature', caratTimeoutMs: 400 });
      stack.sandbox.faults.next(fault, { wrapper: 'begin_recharge_request' });
      const created = await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
      assert.equal(created.status, status, created.text);
      assert.equal(created.body.error.code, code);
      assert.doesNotMatch(created.body.error.message, /e-sitef|127\.0\.0\.1|\.ts:|Error\b|http-error|timeout:/);
    });
  }

  test('authenticity mode: no authenticity POST for our creation in time gives a clear gateway_timeout', async () => {
    stack = await startStack({ auth: 'authenticity', app: { authenticityTimeoutMs: 200 } });
    // Carat posts for another merchant id: the proxy answers 200 but is not waiting for it.
    stack.sandbox.registerMerchant({ id: 'someoneelse', key: TEST_MERCHANT.key, auth: 'authenticity', authenticityUrl: `${stack.proxyUrl}/carat/authenticity` });
    const created = await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
    assert.equal(created.status, 504, created.text);
    assert.equal(created.body.error.code, 'gateway_timeout');
    assert.match(created.body.error.message, /did not confirm the new recharge/);
  });

  test('an expired Carat transaction gives session_expired (410)', async () => {
    let nowMs = Date.now();
    stack = await startStack({ auth: 'signature', sandbox: { now: () => nowMs, nitLifetimeMs: 60_000 } });
    const created = await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
    nowMs += 61_000;
    const branches = await stack.call('POST', `/api/recharges/${created.body.id}/branches`, { dealerCode: '003', ddd: '31' });
    assert.equal(branches.status, 410, branches.text);
    assert.equal(branches.body.error.code, 'session_expired');
    const again = await recharge(created.body.id);
    assert.equal(again.status, 410);
  });
});
