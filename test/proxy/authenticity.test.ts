/**
 * Authenticity mode's form POST (§3.2): answered 200 so Carat completes the creation, matched to
 * the creation waiting for it by order id and merchant USN; strangers and replays change nothing.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createApp } from '../../proxy/app.ts';
import { createAuthenticityWaiter } from '../../proxy/authenticity-waiter.ts';
import { listenOnLoopback, TEST_MERCHANT } from './support/stack.ts';

const NOTICE = { nit: 'N'.repeat(64), merchantId: 'shop42', orderId: 'RW0011223344556677', merchantUsn: '12345678901', generalHash: 'ABCDEF0123456789' };

describe('authenticity notices', () => {
  test('a creation receives the notice carrying its order id and USN, even one that came first', async () => {
    const waiter = createAuthenticityWaiter('shop42');
    const expectation = waiter.expect(NOTICE.orderId, NOTICE.merchantUsn);
    assert.equal(waiter.deliver({ ...NOTICE, orderId: 'RW9999' }), false);
    assert.equal(waiter.deliver({ ...NOTICE, merchantId: 'other' }), false);
    assert.equal(waiter.deliver(NOTICE), true);
    assert.equal(waiter.deliver({ ...NOTICE, nit: 'M'.repeat(64) }), false, 'a replay is ignored');
    assert.deepEqual(await expectation.received(1000), NOTICE);
  });

  test('a notice that arrives while the creation waits wakes it; none at all ends in gateway_timeout', async () => {
    const waiter = createAuthenticityWaiter('shop42');
    const waiting = waiter.expect(NOTICE.orderId, NOTICE.merchantUsn).received(5000);
    waiter.deliver(NOTICE);
    assert.equal((await waiting).nit, NOTICE.nit);
    const lonely = waiter.expect('RW1', '1');
    await assert.rejects(lonely.received(10), { code: 'gateway_timeout' });
    assert.equal(waiter.deliver({ ...NOTICE, orderId: 'RW1', merchantUsn: '1' }), false, 'too late: nobody waits any more');
  });

  test('a cancelled creation ignores its late notice', () => {
    const waiter = createAuthenticityWaiter('shop42');
    waiter.expect(NOTICE.orderId, NOTICE.merchantUsn).cancel();
    assert.equal(waiter.deliver(NOTICE), false);
  });

  describe('POST /carat/authenticity', () => {
    let proxy: { url: string; close(): Promise<void> };
    beforeEach(async () => {
      const app = createApp({
        config: { caratRechargeUrl: 'http://127.0.0.1:9/e-sitef', merchantId: TEST_MERCHANT.id, merchantKey: TEST_MERCHANT.key, auth: 'authenticity', caratTimeoutMs: 1000, allowedOrigins: [] },
      });
      proxy = await listenOnLoopback(app);
    });
    afterEach(async () => {
      await proxy.close();
    });
    const post = (body: string, type = 'application/x-www-form-urlencoded') =>
      fetch(`${proxy.url}/carat/authenticity`, { method: 'POST', headers: { 'content-type': type }, body });

    test('answers 200 to a well-formed form, extra fields included', async () => {
      const form = new URLSearchParams({ nit: NOTICE.nit, merchantId: 'shop42', orderId: NOTICE.orderId, merchantUSN: NOTICE.merchantUsn, generalHash: NOTICE.generalHash, newField: 'x' });
      const response = await post(form.toString());
      assert.equal(response.status, 200);
      assert.equal(await response.text(), 'OK');
    });

    test('answers 400 to a form without a NIT, or not a form at all', async () => {
      assert.equal((await post('merchantId=shop42&orderId=1&merchantUSN=1')).status, 400);
      assert.equal((await post(JSON.stringify(NOTICE), 'application/json')).status, 400);
    });
  });
});
