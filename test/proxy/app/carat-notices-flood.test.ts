/**
 * Carat's notices (POST /carat/authenticity, POST /carat/status) are limited per IP: a flood of
 * forged, well-formed notices would write a row each and cost verification calls to Carat. Over
 * the limit a 429, which Carat retries like any non-200; the limit is generous for its batch bursts.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits, type TrustProxy } from '../../../proxy/config.ts';
import { startStack, type Stack } from '../support/stack.ts';

describe('Carat notices per IP', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.close();
  });

  async function start(limits: Partial<AbuseLimits>, trustProxy: TrustProxy = false): Promise<void> {
    stack = await startStack({ auth: 'signature', app: { limits: { ...DEFAULT_ABUSE_LIMITS, ...limits }, trustProxy } });
  }
  /** A form no creation and no schedule waits for: each route answers it 200 and drops it. */
  const notice = async (path: '/carat/authenticity' | '/carat/status', headers: Record<string, string> = {}) => {
    const response = await fetch(`${stack.proxyUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ nit: 'forged', merchantId: 'nobody' }),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text() };
  };

  test('both routes share one count per IP; past it a 429 with Retry-After', async () => {
    await start({ caratNoticesPerMinutePerIp: 3 });
    assert.equal((await notice('/carat/authenticity')).status, 200);
    assert.equal((await notice('/carat/status')).status, 200);
    assert.equal((await notice('/carat/authenticity')).status, 200);
    for (const path of ['/carat/status', '/carat/authenticity'] as const) {
      const refused = await notice(path);
      assert.equal(refused.status, 429, path);
      assert.match(JSON.parse(refused.text).error.message, /\(Carat notices per IP\): at most 3 a minute/);
      assert.ok(Number(refused.retryAfter) >= 1);
    }
    // The browser's routes have their own limits: a notice flood does not refuse a shopper (signature mode: no notice in a creation).
    assert.equal((await stack.call('POST', '/api/recharges', { type: 'normal' })).status, 201);
  });

  test('another address has its own allowance (TRUST_PROXY names the hop)', async () => {
    await start({ caratNoticesPerMinutePerIp: 1 }, 1);
    assert.equal((await notice('/carat/status', { 'X-Forwarded-For': '203.0.113.1' })).status, 200);
    assert.equal((await notice('/carat/status', { 'X-Forwarded-For': '203.0.113.1' })).status, 429);
    assert.equal((await notice('/carat/status', { 'X-Forwarded-For': '203.0.113.2' })).status, 200);
  });

  test('the default lets a burst of 600 notices a minute from one address through', async () => {
    await start({});
    for (let sent = 0; sent < 600; sent += 50) {
      const statuses = await Promise.all(Array.from({ length: 50 }, () => notice('/carat/status')));
      assert.deepEqual(statuses.filter((reply) => reply.status !== 200), [], `notices ${sent + 1}–${sent + 50}`);
    }
    assert.equal((await notice('/carat/status')).status, 429, 'the 601st');
  });
});
