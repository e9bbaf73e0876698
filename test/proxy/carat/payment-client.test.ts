/**
 * The REST Payment client against the sandbox over loopback: each call, the two-phase flow, the
 * gateway's faults mapped onto GatewayFailure, and the card kept out of every result and error.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GatewayFailure, createCaratHttp } from '../../../proxy/carat/http.ts';
import { createPaymentClient, type PaymentCard, type PaymentClient } from '../../../proxy/carat/payment-client.ts';
import { DEMO_MERCHANT } from '../../../proxy/sandbox/app.ts';
import { startSandbox } from '../../../proxy/sandbox/server.ts';

const CARD: PaymentCard = { number: '4111111111111111', expiryDate: '1239', securityCode: '123', holder: 'ANA SOUZA' };
const DENIED: PaymentCard = { ...CARD, number: '4000000000000002' };
const SALE = { amountCents: 2500, orderId: 'A123', merchantUsn: '1001' };
const VISA = { authorizerId: '1' };

let running: Awaited<ReturnType<typeof startSandbox>>;
let client: PaymentClient;

function clientFor(merchantKey: string, timeoutMs = 5000): PaymentClient {
  const http = createCaratHttp({ baseUrl: `${running.url}/e-sitef/api`, timeoutMs });
  return createPaymentClient({ http, merchantId: DEMO_MERCHANT.id, merchantKey });
}

before(async () => {
  running = await startSandbox();
  client = clientFor(DEMO_MERCHANT.key);
});
after(() => running.close());
beforeEach(() => running.sandbox.faults.clear());

/** The GatewayFailure a call ends in, with the card checked absent from its message. */
async function failureOf(promise: Promise<unknown>): Promise<GatewayFailure> {
  const error = await promise.then(() => assert.fail('expected a GatewayFailure'), (e: unknown) => e);
  assert.ok(error instanceof GatewayFailure, String(error));
  assert.ok(!error.message.includes(CARD.number) && !error.message.includes(DENIED.number));
  return error;
}

describe('payment client', () => {
  it('creates, pays (PPC), confirms (CON) and queries, with the merchant headers on every call', async () => {
    const created = await client.createTransaction(SALE);
    assert.match(created.nit, /^[A-Za-z0-9]{64}$/);
    assert.equal(created.status, 'NOV');
    const paid = await client.pay(created.nit, CARD, VISA);
    assert.equal(paid.approved, true);
    assert.equal(paid.status, 'PPC', 'late confirmation was asked for');
    assert.match(paid.authorizationNumber ?? '', /^\d{6}$/);
    assert.match(paid.customerReceipt ?? '', /\*+1111/);
    assert.ok(!JSON.stringify(paid).includes(CARD.number));
    assert.deepEqual(await client.confirmPayment(created.nit, true), { status: 'CON' });
    const state = await client.queryPayment(created.nit);
    assert.equal(state.status, 'CON');
    assert.equal(state.amountCents, 2500);
    const paths = running.sandbox.calls.filter((c) => c.path.includes(created.nit) || c.path.endsWith('/v1/transactions'));
    assert.deepEqual(paths.map((c) => c.method), ['POST', 'POST', 'PUT', 'GET']);
  });

  it('undo: a PPC payment is undone (PPN)', async () => {
    const { nit } = await client.createTransaction(SALE);
    await client.pay(nit, CARD, VISA);
    assert.deepEqual(await client.confirmPayment(nit, false), { status: 'PPN' });
    assert.equal((await client.queryPayment(nit)).status, 'PPN');
  });

  it('a denied card is a result, not an error: not approved, NEG, with a safe message', async () => {
    const { nit } = await client.createTransaction(SALE);
    const denied = await client.pay(nit, DENIED, VISA);
    assert.equal(denied.approved, false);
    assert.equal(denied.status, 'NEG');
    assert.notEqual(denied.code, '0');
    assert.ok(!JSON.stringify(denied).includes(DENIED.number));
    assert.equal((await client.queryPayment(nit)).status, 'NEG');
  });

  it('a refusal is gateway_rejected with Carat\'s code and status, and says Carat did not act', async () => {
    const { nit } = await client.createTransaction(SALE);
    await client.pay(nit, CARD, VISA);
    await client.confirmPayment(nit, true);
    const again = await failureOf(client.confirmPayment(nit, true));
    assert.equal(again.code, 'gateway_rejected');
    assert.equal(again.outcomeUnknown, false);
    assert.equal(again.caratStatus, 'CON');
    const wrongKey = await failureOf(clientFor('WRONGKEY000000000000000000000000').createTransaction(SALE));
    assert.equal(wrongKey.esitefCode, '4');
    assert.doesNotMatch(wrongKey.message, /WRONGKEY/);
  });

  it('a 5xx or a cut body on the payment call leaves the outcome unknown; the query tells', async () => {
    const { nit } = await client.createTransaction(SALE);
    running.sandbox.faults.next({ kind: 'http-error', effect: 'after' }, { method: 'POST', path: '/v1/payments/' });
    const lost = await failureOf(client.pay(nit, CARD, VISA));
    assert.equal(lost.code, 'gateway_unavailable');
    assert.equal(lost.outcomeUnknown, true);
    assert.equal((await client.queryPayment(nit)).status, 'PPC');
    running.sandbox.faults.next({ kind: 'malformed-json', effect: 'before' }, { method: 'PUT', path: '/v1/payments/' });
    const cut = await failureOf(client.confirmPayment(nit, true));
    assert.equal(cut.outcomeUnknown, true);
    assert.equal((await client.queryPayment(nit)).status, 'PPC');
  });

  it('a timeout is gateway_timeout with the outcome unknown', async () => {
    const shortClient = clientFor(DEMO_MERCHANT.key, 300);
    const { nit } = await shortClient.createTransaction(SALE);
    running.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 60_000 }, { method: 'POST', path: '/v1/payments/' });
    const timedOut = await failureOf(shortClient.pay(nit, CARD, VISA));
    assert.equal(timedOut.code, 'gateway_timeout');
    assert.equal(timedOut.outcomeUnknown, true);
    assert.equal((await client.queryPayment(nit)).status, 'PPC');
  });

  it('a deny fault on the payment is not approved; unknown fields in answers are ignored', async () => {
    const { nit } = await client.createTransaction(SALE);
    running.sandbox.faults.next({ kind: 'deny' }, { method: 'POST', path: '/v1/payments/' });
    const denied = await client.pay(nit, CARD, VISA);
    assert.equal(denied.approved, false);
    assert.equal(denied.status, undefined);
    running.sandbox.faults.always({ kind: 'unknown-fields' }, { path: '/e-sitef/api/' });
    const paid = await client.pay(nit, CARD, VISA);
    assert.equal(paid.approved, true);
    assert.deepEqual(await client.confirmPayment(nit, true), { status: 'CON' });
    const state = await client.queryPayment(nit);
    assert.equal(state.status, 'CON');
    assert.ok(!('sandbox_unknown_field' in state));
  });

  it('a success without the NIT or the status it promised counts as an unexpected answer, outcome unknown', async () => {
    // A gateway answering "0" and nothing else (no sandbox fault sends that).
    const bare = async () => new Response(JSON.stringify({ code: '0', message: 'OK. Transaction successful.' }), { status: 200 });
    const http = createCaratHttp({ baseUrl: 'http://127.0.0.1:9/e-sitef/api', timeoutMs: 1000, fetch: bare });
    const bareClient = createPaymentClient({ http, merchantId: 'demo', merchantKey: DEMO_MERCHANT.key });
    for (const call of [bareClient.createTransaction(SALE), bareClient.confirmPayment('n'.repeat(64), true), bareClient.queryPayment('n'.repeat(64))]) {
      const failure = await failureOf(call);
      assert.equal(failure.code, 'gateway_unavailable');
      assert.equal(failure.outcomeUnknown, true);
    }
  });
});
