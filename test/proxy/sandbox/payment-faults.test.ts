/**
 * The recharge sandbox's faults (faults.ts) on the REST Payment calls: what the client sees, and
 * whether the call took effect (the status query is the witness).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { harnessForThisFile } from './harness.ts';
import { paymentCalls } from './payment-calls.ts';

const h = harnessForThisFile();
const api = paymentCalls(h);
beforeEach(() => h.sandbox.faults.clear());

const PAY = { method: 'POST', path: '/v1/payments/' };
const CONFIRM = { method: 'PUT', path: '/v1/payments/' };

/** Polls the status query (not a timer): the hanging call is handled before any later request. */
async function statusOnceReceived(nit: string, method: string): Promise<string> {
  const received = () => h.sandbox.calls.some((c) => c.method === method && c.path.endsWith(nit));
  let status = await api.statusOf(nit);
  for (let i = 0; i < 50 && !received(); i += 1) status = await api.statusOf(nit);
  return status;
}

async function paidNit(): Promise<string> {
  const nit = await api.createPayment();
  assert.equal((await api.pay(nit)).body.payment.status, 'PPC');
  return nit;
}

describe('payment faults', () => {
  it('timeout (effect after): the card is charged (PPC) while the answer hangs until close', async () => {
    const nit = await api.createPayment();
    h.sandbox.faults.next({ kind: 'timeout' }, PAY);
    const outcome = api.pay(nit).then(() => 'answered', () => 'dropped');
    let status = await statusOnceReceived(nit, 'POST');
    for (let i = 0; i < 50 && status !== 'PPC'; i += 1) status = await api.statusOf(nit);
    assert.equal(status, 'PPC');
    h.sandbox.close();
    assert.equal(await outcome, 'dropped');
  });

  it('timeout (effect before): the confirmation does not happen, and close drops the answer', async () => {
    const nit = await paidNit();
    h.sandbox.faults.next({ kind: 'timeout', effect: 'before' }, CONFIRM);
    const outcome = api.confirm(nit, 'true').then(() => 'answered', () => 'dropped');
    assert.equal(await statusOnceReceived(nit, 'PUT'), 'PPC');
    h.sandbox.close();
    assert.equal(await outcome, 'dropped');
    assert.equal(await api.statusOf(nit), 'PPC');
  });

  it('http-error: 503 with no effect by default; 502 after the effect when asked', async () => {
    const nit = await api.createPayment();
    h.sandbox.faults.next({ kind: 'http-error' }, PAY);
    assert.equal((await api.pay(nit)).status, 503);
    assert.equal(await api.statusOf(nit), 'NOV');
    assert.equal((await api.pay(nit)).body.payment.status, 'PPC');
    h.sandbox.faults.next({ kind: 'http-error', status: 502, effect: 'after' }, CONFIRM);
    assert.equal((await api.confirm(nit, 'false')).status, 502);
    assert.equal(await api.statusOf(nit), 'PPN');
  });

  it('malformed-json: HTTP 200 with a cut body, after the effect by default or before it', async () => {
    const nit = await api.createPayment();
    h.sandbox.faults.next({ kind: 'malformed-json' }, PAY);
    const paid = await api.pay(nit);
    assert.equal(paid.status, 200);
    assert.throws(() => JSON.parse(paid.text), SyntaxError);
    assert.equal(await api.statusOf(nit), 'PPC');
    h.sandbox.faults.next({ kind: 'malformed-json', effect: 'before' }, CONFIRM);
    const confirmed = await api.confirm(nit, 'true');
    assert.throws(() => JSON.parse(confirmed.text), SyntaxError);
    assert.equal(await api.statusOf(nit), 'PPC');
  });

  it('unknown-fields: adds fields at every level of a valid answer', async () => {
    h.sandbox.faults.next({ kind: 'unknown-fields' }, { method: 'POST', path: '/v1/transactions' });
    const reply = await api.call('POST', '/v1/transactions', { amount: '100' });
    assert.equal(reply.body.code, '0');
    assert.equal(reply.body.sandbox_unknown_field, 'ignore me');
    assert.equal(reply.body.payment.sandbox_unknown_field, 'ignore me');
    assert.equal(await api.statusOf(reply.body.payment.nit), 'NOV');
  });

  it('deny: a non-zero code in the payment API\'s shape, and nothing happened', async () => {
    const nit = await paidNit();
    h.sandbox.faults.next({ kind: 'deny' }, CONFIRM);
    const denied = await api.confirm(nit, 'true');
    assert.equal(denied.status, 200);
    assert.equal(denied.body.code, '9');
    assert.match(denied.body.message, /denied/);
    assert.equal(await api.statusOf(nit), 'PPC');
    assert.equal((await api.confirm(nit, 'true')).body.payment.status, 'CON');
  });

  it('faults set over HTTP (/_sandbox/faults) apply to payment calls too', async () => {
    const nit = await api.createPayment();
    const set = await fetch(`${h.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: { kind: 'http-error', status: 500 }, match: { method: 'GET', path: '/v1/transactions/' } }),
    });
    assert.equal(set.status, 204);
    assert.equal((await api.query(nit)).status, 500);
    assert.equal(await api.statusOf(nit), 'NOV');
  });
});
