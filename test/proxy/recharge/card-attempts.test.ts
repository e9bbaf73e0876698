/**
 * The card-attempt cap (CARD_ATTEMPTS_PER_SESSION) is counted from the journal's do intents, so it
 * holds across a restart on the same journal, and a replayed attempt still gets its first answer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../../proxy/app.ts';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import { DEFAULT_ABUSE_LIMITS } from '../../../proxy/config.ts';
import { listenOnFreePort } from '../support/free-port.ts';
import { newKey, startStack, TEST_MERCHANT } from '../support/stack.ts';

const CARD = { number: '4111111111111111', expiry: '12/39', securityCode: '321' };
const TOP_UP = { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500 };
const WITH_CARD = { ...TOP_UP, payment: { card: CARD, installments: 1 } };
const DO = { wrapper: 'do_recharge_request' };

test('the cap survives a restart on the same journal', async () => {
  const limits = { ...DEFAULT_ABUSE_LIMITS, cardAttemptsPerSession: 2 };
  const stack = await startStack({ auth: 'signature', caratTimeoutMs: 400, app: { limits } });
  let restarted: Awaited<ReturnType<typeof listenOnFreePort>> | undefined;
  try {
    const id = (await stack.call('POST', '/api/recharges', { type: 'normal' })).body.id;
    const pay = (url: string, key: string, body: object = WITH_CARD) => fetch(`${url}/api/recharges/${id}/recharge`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': key }, body: JSON.stringify(body),
    });
    // Two cards that Carat refused (readably: nothing happened): each cost an attempt, the recharge stays open.
    const keys = [newKey(), newKey()];
    for (const key of keys) {
      stack.sandbox.faults.next({ kind: 'deny' }, DO);
      assert.equal((await pay(stack.proxyUrl, key)).status, 502);
    }
    const doCalls = () => stack.caratCalls().filter((call) => call.endsWith('do_recharge_request')).length;
    assert.equal(doCalls(), 2);

    // A fresh app over the same journal (a restart): it knows nothing but what the journal says.
    restarted = await listenOnFreePort(createApp({
      config: {
        caratRechargeUrl: stack.caratUrl, merchantId: TEST_MERCHANT.id, merchantKey: TEST_MERCHANT.key,
        auth: 'signature', privateKey: stack.privateKey!, caratTimeoutMs: 400, allowedOrigins: [],
      },
      store: stack.store,
      limits,
      logger: createLogger({ level: 'silent' }),
    }));
    const capped = await pay(restarted.url, newKey());
    assert.equal(capped.status, 429);
    assert.match((await capped.json()).error.message, /Too many card attempts for this recharge \(at most 2\)/);
    assert.equal(doCalls(), 2, 'the third card never reached Carat');

    // Without a card (and no grant) the cap is not what refuses it: nothing pays for it (402), and Carat is not called.
    const { payment: _payment, ...withoutCard } = WITH_CARD;
    const unpaid = await pay(restarted.url, newKey(), withoutCard);
    assert.equal(unpaid.status, 402);
    assert.equal(doCalls(), 2);
  } finally {
    await restarted?.close();
    await stack.close();
  }
});

test('at the cap, a replay of an attempt that reached Carat still gets its first answer', async () => {
  const stack = await startStack({ auth: 'signature', app: { limits: { ...DEFAULT_ABUSE_LIMITS, cardAttemptsPerSession: 1 } } });
  try {
    const id = (await stack.call('POST', '/api/recharges', { type: 'normal' })).body.id;
    const key = newKey();
    const first = await stack.call('POST', `/api/recharges/${id}/recharge`, WITH_CARD, { 'Idempotency-Key': key });
    assert.equal(first.body.status, 'CON', first.text);
    const replay = await stack.call('POST', `/api/recharges/${id}/recharge`, WITH_CARD, { 'Idempotency-Key': key });
    assert.equal(replay.status, 200, replay.text);
    assert.deepEqual(replay.body, first.body);
    const another = await stack.call('POST', `/api/recharges/${id}/recharge`, WITH_CARD, { 'Idempotency-Key': newKey() });
    assert.equal(another.status, 429, another.text);
  } finally {
    await stack.close();
  }
});
