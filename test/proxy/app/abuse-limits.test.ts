/**
 * The abuse limits through the real proxy against the sandbox: rate limits on creations per IP and
 * on card payments per IP and per recharge, the cap on card attempts per recharge (card testing),
 * and TRUST_PROXY deciding whose address is counted.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits, type TrustProxy } from '../../../proxy/config.ts';
import { grantFor, newKey, startStack, type Stack } from '../support/stack.ts';

const DENIED_CARD = { number: '4000000000000002', expiry: '12/39', securityCode: '321' };
const APPROVED_CARD = { number: '4111111111111111', expiry: '12/39', securityCode: '321' };
const topUpWith = (card: object) => ({ dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500, payment: { card, installments: 1 } });
const DO = { wrapper: 'do_recharge_request' };

describe('abuse limits through the proxy', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.close();
  });

  async function start(limits: Partial<AbuseLimits>, trustProxy: TrustProxy = false, caratTimeoutMs = 5000): Promise<void> {
    stack = await startStack({ auth: 'signature', caratTimeoutMs, app: { limits: { ...DEFAULT_ABUSE_LIMITS, ...limits }, trustProxy } });
  }
  const create = (headers: Record<string, string> = {}, grant?: string) =>
    stack.call('POST', '/api/recharges', { type: 'normal', ...(grant ? { grant } : {}) }, headers);
  async function session(grant?: string): Promise<string> {
    const created = await create({}, grant);
    assert.equal(created.status, 201, created.text);
    return created.body.id;
  }
  const pay = (id: string, body: object, headers: Record<string, string> = {}) =>
    stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': newKey(), ...headers });
  const doCalls = () => stack.caratCalls().filter((call) => call.endsWith('do_recharge_request')).length;
  const assertRateLimited = (response: { status: number; body: any; headers: Headers }, what: RegExp) => {
    assert.equal(response.status, 429, JSON.stringify(response.body));
    assert.equal(response.body.error.code, 'rate_limited');
    assert.match(response.body.error.message, what);
  };

  test('creations per IP: past the limit a 429 with Retry-After, and Carat is not called', async () => {
    await start({ creationsPerMinutePerIp: 3 });
    for (let i = 0; i < 3; i += 1) assert.equal((await create()).status, 201);
    const callsBefore = stack.caratCalls().length;
    const refused = await create();
    assertRateLimited(refused, /\(recharge creations per IP\): at most 3 a minute/);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.equal(stack.caratCalls().length, callsBefore);
  });

  test('the default creation limit lets a busy shop behind one NAT create 60 recharges in a minute', async () => {
    await start({});
    for (let i = 0; i < 60; i += 1) assert.equal((await create()).status, 201, `creation ${i + 1}`);
  });

  test('card payments per IP: a script trying a denied card on recharge after recharge is stopped', async () => {
    await start({ paymentsPerMinutePerIp: 2 });
    const ids = [await session(), await session(), await session()];
    for (const id of ids.slice(0, 2)) assert.equal((await pay(id, topUpWith(DENIED_CARD))).body.status, 'NEG');
    assertRateLimited(await pay(ids[2]!, topUpWith(DENIED_CARD)), /card payments per IP/);
    assert.equal(doCalls(), 2);
    // A granted recharge (no card) tests no card and is not counted.
    const { payment: _payment, ...withoutCard } = topUpWith(APPROVED_CARD);
    assert.equal((await pay(await session(grantFor('normal')), withoutCard)).body.status, 'CON');
  });

  test('card payments per recharge: repeated tries on one recharge are cut off, valid or not', async () => {
    await start({ paymentsPerMinutePerSession: 3 });
    const id = await session();
    assert.equal((await pay(id, topUpWith(DENIED_CARD))).body.status, 'NEG');
    assert.equal((await pay(id, topUpWith(DENIED_CARD))).status, 409, 'the recharge is finished');
    assert.equal((await pay(id, topUpWith({ ...DENIED_CARD, expiry: '13/99' }))).status, 400);
    assertRateLimited(await pay(id, topUpWith(DENIED_CARD)), /card payments per recharge/);
    const other = await session();
    assert.equal((await pay(other, topUpWith(APPROVED_CARD))).body.status, 'CON', 'another recharge has its own allowance');
  });

  test('card attempts per recharge: only attempts that reached Carat count, and past the cap Carat is not called', async () => {
    await start({ cardAttemptsPerSession: 2 }, false, 400);
    const id = await session();
    // Refused by our own checks: costs no attempt.
    assert.equal((await pay(id, topUpWith({ ...DENIED_CARD, number: '4000000000000003' }))).status, 400);
    // Attempts Carat refused (a readable refusal: nothing happened): the recharge stays open (NOV) for another try.
    for (let i = 0; i < 2; i += 1) {
      stack.sandbox.faults.next({ kind: 'deny' }, DO);
      const refused = await pay(id, topUpWith(DENIED_CARD));
      assert.equal(refused.status, 502, refused.text);
    }
    assert.equal(doCalls(), 2);
    const capped = await pay(id, topUpWith(APPROVED_CARD));
    assertRateLimited(capped, /Too many card attempts for this recharge \(at most 2\)/);
    assert.equal(doCalls(), 2, 'the third card never reached Carat');
    const other = await session();
    assert.equal((await pay(other, topUpWith(APPROVED_CARD))).body.status, 'CON');
  });

  describe('whose address is counted (TRUST_PROXY)', () => {
    test('off (default): X-Forwarded-For is ignored, so a client cannot forge a fresh address per request', async () => {
      await start({ creationsPerMinutePerIp: 2 });
      assert.equal((await create({ 'X-Forwarded-For': '203.0.113.1' })).status, 201);
      assert.equal((await create({ 'X-Forwarded-For': '203.0.113.2' })).status, 201);
      assertRateLimited(await create({ 'X-Forwarded-For': '203.0.113.3' }), /per IP/);
    });

    test('1 hop: each shopper behind our load balancer has an allowance of their own', async () => {
      await start({ creationsPerMinutePerIp: 2 }, 1);
      for (let i = 0; i < 2; i += 1) assert.equal((await create({ 'X-Forwarded-For': '203.0.113.1' })).status, 201);
      assertRateLimited(await create({ 'X-Forwarded-For': '203.0.113.1' }), /per IP/);
      // The balancer appends the real peer; a forged entry in front of it changes nothing.
      assertRateLimited(await create({ 'X-Forwarded-For': '198.51.100.9, 203.0.113.1' }), /per IP/);
      assert.equal((await create({ 'X-Forwarded-For': '203.0.113.2' })).status, 201);
    });
  });
});
