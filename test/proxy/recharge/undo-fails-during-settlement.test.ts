/**
 * A flaky gateway during settlement: the confirmation fails twice and then the undo fails too, each
 * time with the status query answering PPC. The shopper must not be told it was settled ("nothing
 * was charged") while Carat still holds the PPC, and no such answer may be stored under the
 * attempt's key: a replay after recovery undid it gets the final answer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RechargeDeps } from '../../../proxy/recharge/recharge-deps.ts';
import { SessionFlows } from '../../../proxy/recharge/session-flows.ts';
import { createRecovery } from '../../../proxy/recovery/recovery-loop.ts';
import { newKey, startStack } from '../support/stack.ts';

// Paid by card: a recharge with neither a card nor a grant never reaches Carat (402).
const TOP_UP = { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500, payment: { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123' }, installments: 1 } };
const CONFIRM = { wrapper: 'confirm_recharge_request' }; // confirmations and undos share this wrapper

test('a PPC that could be neither confirmed nor undone is not answered as a final "nothing was charged"', async () => {
  const stack = await startStack({ auth: 'signature', caratTimeoutMs: 400 });
  try {
    const id = (await stack.call('POST', '/api/recharges', { type: 'normal' })).body.id;
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, CONFIRM, 3);
    const key = newKey();
    const first = await stack.call('POST', `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
    assert.equal(stack.sandbox.transaction(await stack.nitOf(id))?.status, 'PPC', 'the set-up leaves a PPC at Carat');
    // Carat still holds the recharge: the answer must be an error the shopper may retry (5xx), not a final 200.
    assert.notEqual(first.status, 200, `answered as final while Carat holds a PPC: ${first.text}`);
  } finally {
    await stack.close();
  }
});

test('once the session is settled, a replay of that attempt gets the final answer, not the stale PPC', async () => {
  const flows = new SessionFlows();
  let deps!: RechargeDeps;
  const stack = await startStack({ auth: 'signature', caratTimeoutMs: 400, app: { flows, onRechargeDeps: (wired) => (deps = wired) } });
  try {
    const id = (await stack.call('POST', '/api/recharges', { type: 'normal' })).body.id;
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, CONFIRM, 3);
    const key = newKey();
    await stack.call('POST', `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
    // Another key only gets 202 from the journal; recovery settles the pending recharge: Carat undoes it.
    assert.equal((await stack.call('POST', `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': newKey() })).status, 202);
    await createRecovery({ deps, flows }).runOnce();
    assert.equal(stack.sandbox.transaction(await stack.nitOf(id))?.status, 'PPN');
    const replay = await stack.call('POST', `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
    assert.equal(replay.body.status, 'PPN', `the replay still reports: ${replay.text}`);
  } finally {
    await stack.close();
  }
});
