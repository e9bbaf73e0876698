/**
 * Paid or granted, through the real app (curl-style): a recharge without a card and without an
 * order grant is 402 and nothing reaches Carat's do-recharge; grants are checked at creation
 * (forged, expired, other type, not enabled: 403; reused, also after a restart: 409) and the
 * recharge must fit them (400 naming the field).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createOrderGrant } from '../../../proxy/grants/order-grant.ts';
import { createSqliteSessionStore } from '../../../proxy/store/sqlite-session-store.ts';
import { createApp } from '../../../proxy/app.ts';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import { listenOnFreePort } from '../support/free-port.ts';
import { grantFor, newKey, startStack, TEST_GRANT_SECRET, TEST_MERCHANT, type Stack } from '../support/stack.ts';

const TOP_UP = { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 2000 };
const PIN = { dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 2000 };
/** A utility bill (starts with 8) whose digits 5–15 print its value: R$ 123,45. */
const BAR_CODE = `8460${'00000012345'}${'1'.repeat(29)}`;

const doCalls = (stack: Stack) => stack.caratCalls().filter((call) => call.endsWith('do_recharge_request'));

async function open(stack: Stack, body: Record<string, unknown>) {
  return stack.call('POST', '/api/recharges', body);
}

async function recharge(stack: Stack, id: string, body: unknown) {
  return stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': newKey() });
}

describe('paid or granted', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ auth: 'authenticity' });
  });
  afterEach(async () => {
    await stack.close();
  });

  test('a top-up without a card or a grant: 402 payment_required, no do-recharge at Carat', async () => {
    const { id } = (await open(stack, { type: 'normal' })).body;
    const refused = await recharge(stack, id, TOP_UP);
    assert.equal(refused.status, 402, refused.text);
    assert.equal(refused.body.error.code, 'payment_required');
    assert.equal(refused.body.error.field, 'payment', 'the 402 names the field the recharge lacks');
    assert.deepEqual(doCalls(stack), []);
  });

  test('a PIN without a grant: 402, no do-recharge at Carat', async () => {
    const { id } = (await open(stack, { type: 'others' })).body;
    const refused = await recharge(stack, id, PIN);
    assert.equal(refused.status, 402, refused.text);
    assert.equal(refused.body.error.code, 'payment_required');
    assert.deepEqual(doCalls(stack), []);
  });

  test('a bill without a grant: 402, no do-recharge at Carat', async () => {
    const { id } = (await open(stack, { type: 'invoice' })).body;
    const bill = { dealerCode: '800', branchCode: '80019000000' };
    const looked = await stack.call('POST', `/api/recharges/${id}/branches`, { ...bill, answers: [{ code: 'BARCODE', description: BAR_CODE }] });
    assert.equal(looked.status, 200, looked.text);
    const refused = await recharge(stack, id, { ...bill, amountCents: 12345, invoice: { barCode: BAR_CODE } });
    assert.equal(refused.status, 402, refused.text);
    assert.deepEqual(doCalls(stack), []);
  });

  test('a granted top-up is done without a card, under the grant\'s order id at Carat', async () => {
    const created = await open(stack, { type: 'normal', grant: grantFor('normal', { orderId: 'CART12345', maxAmountCents: 2000 }) });
    assert.equal(created.status, 201, created.text);
    const done = await recharge(stack, created.body.id, TOP_UP);
    assert.equal(done.body.status, 'CON', done.text);
    const transaction = stack.sandbox.transaction(await stack.nitOf(created.body.id));
    assert.equal(transaction?.orderId, 'CART12345');
    assert.equal(transaction?.status, 'CON');
  });

  test('a granted PIN is bought', async () => {
    const created = await open(stack, { type: 'others', grant: grantFor('others') });
    const done = await recharge(stack, created.body.id, PIN);
    assert.equal(done.body.status, 'CON', done.text);
  });

  test('a granted recharge may not also carry a card: 400 naming payment', async () => {
    const created = await open(stack, { type: 'normal', grant: grantFor('normal') });
    const payment = { card: { number: '4111111111111111', expiry: '12/40', securityCode: '123' }, installments: 1 };
    const refused = await recharge(stack, created.body.id, { ...TOP_UP, payment });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.field, 'payment');
    assert.deepEqual(doCalls(stack), []);
  });

  for (const [name, grant, reason] of [
    ['forged (another secret)', () => grantFor('normal', {}, 'some-other-secret-that-is-long-enough-0123'), /signature/],
    ['expired', () => createOrderGrant({ orderId: 'A1', type: 'normal', maxAmountCents: 2000, exp: Math.floor(Date.now() / 1000) - 60 + 1 }, TEST_GRANT_SECRET, Date.now() - 120_000), /expired/],
    ['for another type', () => grantFor('others'), /others recharge, not a normal one/],
    ['malformed', () => 'not.a.jwt', /malformed/],
  ] as const) {
    test(`a grant ${name}: 403 grant_invalid saying why, and no Carat transaction`, async () => {
      const refused = await open(stack, { type: 'normal', grant: grant() });
      assert.equal(refused.status, 403, refused.text);
      assert.equal(refused.body.error.code, 'grant_invalid');
      assert.match(refused.body.error.message, reason);
      assert.deepEqual(stack.caratCalls(), []);
    });
  }

  test('a grant used once: the second session is refused 409 grant_used', async () => {
    const grant = grantFor('normal');
    assert.equal((await open(stack, { type: 'normal', grant })).status, 201);
    const again = await open(stack, { type: 'normal', grant });
    assert.equal(again.status, 409, again.text);
    assert.equal(again.body.error.code, 'grant_used');
  });

  test('a recharge outside the grant: 400 naming amountCents, dealerCode or phone; nothing sent', async () => {
    const cases = [
      [{ maxAmountCents: 1500 }, 'amountCents'],
      [{ dealerCode: '001' }, 'dealerCode'],
      [{ phone: { ddd: '21', number: '999999999' } }, 'phone'],
    ] as const;
    for (const [claims, field] of cases) {
      const created = await open(stack, { type: 'normal', grant: grantFor('normal', claims) });
      const refused = await recharge(stack, created.body.id, TOP_UP);
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.body.error.field, field);
    }
    assert.deepEqual(doCalls(stack), []);
  });
});

test('without ORDER_GRANT_SECRET a grant is refused: 403 saying grants are not enabled', async () => {
  // createApp itself, as main.ts builds it against a real gateway with no secret (sandbox mode makes one up).
  const proxy = await listenOnFreePort(createApp({
    config: { caratRechargeUrl: 'http://127.0.0.1:9/e-sitef', merchantId: TEST_MERCHANT.id, merchantKey: TEST_MERCHANT.key, auth: 'authenticity', caratTimeoutMs: 1000, allowedOrigins: [] },
    logger: createLogger({ level: 'silent' }),
  }));
  try {
    const response = await fetch(`${proxy.url}/api/recharges`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'normal', grant: grantFor('normal') }),
    });
    assert.equal(response.status, 403);
    const { error } = await response.json() as { error: { code: string; message: string } };
    assert.equal(error.code, 'grant_invalid');
    assert.match(error.message, /not enabled/);
  } finally {
    await proxy.close();
  }
});

test('a used grant stays used after a restart on the same journal', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'grant-restart-'));
  try {
    const grant = grantFor('normal');
    const first = await startStack({ auth: 'authenticity', store: createSqliteSessionStore({ dataDir }) });
    assert.equal((await open(first, { type: 'normal', grant })).status, 201);
    await first.close();
    await first.store.close();
    const second = await startStack({ auth: 'authenticity', store: createSqliteSessionStore({ dataDir }) });
    try {
      const again = await open(second, { type: 'normal', grant });
      assert.equal(again.status, 409, again.text);
      assert.equal(again.body.error.code, 'grant_used');
    } finally {
      await second.close();
      await second.store.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
