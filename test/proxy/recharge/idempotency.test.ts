/**
 * One answer per Idempotency-Key on the recharge route: concurrent duplicates (a double click)
 * cause one do-recharge and all get the same answer; a replay, also after a restart on the same
 * journal, gets the first answer without any gateway call. The same key with another request gets
 * 422 (nothing sent, the stored answer unchanged), finished or still pending; the card aside.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createApp } from '../../../proxy/app.ts';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import { createSqliteSessionStore } from '../../../proxy/store/sqlite-session-store.ts';
import { listenOnFreePort } from '../support/free-port.ts';
import { grantFor, newKey, startStack, TEST_MERCHANT } from '../support/stack.ts';

const TOP_UP = { dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000 };
const CARD = { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123' }, installments: 1 };
const CONFIRM = { wrapper: 'confirm_recharge_request' };
const STATUS_QUERY = { method: 'GET', path: '/v3/recharge/' };
const doCalls = (calls: string[]) => calls.filter((call) => call.endsWith('do_recharge_request')).length;

const dataDir = mkdtempSync(join(tmpdir(), 'idempotency-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('Idempotency-Key on the recharge route', () => {
  test('concurrent duplicates cause one do-recharge, and each gets the same answer', async () => {
    const stack = await startStack({ auth: 'signature' });
    try {
      const id = (await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') })).body.id;
      const key = newKey();
      const answers = await Promise.all(Array.from({ length: 5 }, () =>
        stack.call('POST', `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key })));
      for (const answer of answers) {
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(answer.body, answers[0]!.body);
      }
      assert.equal(answers[0]!.body.status, 'CON');
      assert.equal(doCalls(stack.caratCalls()), 1);
    } finally {
      await stack.close();
    }
  });

  test('a replay after a restart on the same journal gets the first answer without a gateway call', async () => {
    const firstStore = createSqliteSessionStore({ dataDir });
    const stack = await startStack({ auth: 'signature', store: firstStore });
    const id = (await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') })).body.id;
    const key = newKey();
    const first = await stack.call('POST', `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
    assert.equal(first.body.status, 'CON', first.text);
    await firstStore.close();

    // A new process in all but name: a fresh app and store over the same DATA_DIR.
    const restartedStore = createSqliteSessionStore({ dataDir });
    const restarted = await listenOnFreePort(createApp({
      config: {
        caratRechargeUrl: stack.caratUrl, merchantId: TEST_MERCHANT.id, merchantKey: TEST_MERCHANT.key,
        auth: 'signature', privateKey: stack.privateKey!, caratTimeoutMs: 5000, allowedOrigins: [],
      },
      store: restartedStore,
      logger: createLogger({ level: 'silent' }),
    }));
    try {
      const callsBefore = stack.caratCalls().length;
      const replayed = await fetch(`${restarted.url}/api/recharges/${id}/recharge`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': key }, body: JSON.stringify(TOP_UP),
      });
      assert.equal(replayed.status, 200);
      assert.deepEqual(await replayed.json(), first.body);
      assert.equal(stack.caratCalls().length, callsBefore);

      // A new attempt on the finished session is refused as such, not re-sent to Carat.
      const another = await fetch(`${restarted.url}/api/recharges/${id}/recharge`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': newKey() }, body: JSON.stringify(TOP_UP),
      });
      assert.equal(another.status, 409);
      assert.equal(doCalls(stack.caratCalls()), 1);
    } finally {
      await restarted.close();
      await restartedStore.close();
      await stack.close();
    }
  });
});

describe('Idempotency-Key reused with another request', () => {
  const assertReused = (answer: { status: number; body: any; text: string }) => {
    assert.equal(answer.status, 422, answer.text);
    assert.equal(answer.body.error.code, 'idempotency_key_reused');
    assert.equal(answer.body.error.field, 'Idempotency-Key');
    assert.match(answer.body.error.message, /^Idempotency-Key: .*was used with a different request/);
  };

  test('after a final answer: 422 with nothing sent and the answer unchanged; the same request, keys in any order, still replays', async () => {
    const stack = await startStack({ auth: 'signature' });
    try {
      const id = (await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') })).body.id;
      const key = newKey();
      const recharge = (body: object) => stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key });
      const first = await recharge(TOP_UP);
      assert.equal(first.body.status, 'CON', first.text);
      const callsBefore = stack.caratCalls().length;

      assertReused(await recharge({ ...TOP_UP, phone: { ddd: '31', number: '911112222' } }));
      assertReused(await recharge({ ...TOP_UP, amountCents: 1000 }));
      assert.equal(stack.caratCalls().length, callsBefore, 'nothing sent to Carat');

      const replayed = await recharge({ amountCents: 2000, phone: { number: '998877665', ddd: '31' }, dealerCode: '003' });
      assert.equal(replayed.status, 200, replayed.text);
      assert.deepEqual(replayed.body, first.body);
      assert.equal(stack.caratCalls().length, callsBefore);
    } finally {
      await stack.close();
    }
  });

  test('while the first attempt is pending (202): another request gets 422; the same order, without its card, gets the answer recovery settled', async () => {
    const stack = await startStack({ auth: 'signature', caratTimeoutMs: 400 });
    try {
      const id = (await stack.call('POST', '/api/recharges', { type: 'normal' })).body.id;
      const key = newKey();
      const recharge = (body: object) => stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key });
      stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 5000 }, CONFIRM);
      stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
      const paid = { ...TOP_UP, payment: CARD };
      assert.equal((await recharge(paid)).status, 202);
      const callsBefore = stack.caratCalls().length;

      assertReused(await recharge({ ...paid, amountCents: 1500 }));
      assert.equal(stack.caratCalls().length, callsBefore, 'no status query, nothing sent');
      assert.equal((await stack.call('GET', `/api/recharges/${id}`)).body.settled, false);

      // The widget asks for a lost answer again without the card (it never keeps it): the same request.
      const settled = await recharge(TOP_UP);
      assert.equal(settled.status, 200, settled.text);
      assert.equal(settled.body.status, 'CON');
      // The answer recovery stored carries the first request's hash too.
      assertReused(await recharge({ ...TOP_UP, phone: { ddd: '11', number: '998877665' } }));
      assert.deepEqual((await recharge(paid)).body, settled.body);
      assert.equal(doCalls(stack.caratCalls()), 1);
    } finally {
      await stack.close();
    }
  });
});
