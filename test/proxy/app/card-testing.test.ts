/**
 * Card testing through the real app (issue 8 §3): card attempts that reach Carat per address in 10
 * minutes, the global breaker on declines (503 card_payments_paused, nothing sent to Carat), and the
 * bounds on installments (400 naming payment.installments).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../../proxy/config.ts';
import { grantFor, newKey, startStack, type Stack } from '../support/stack.ts';

const TOP_UP = { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500 };
const APPROVED = { number: '4111111111111111', expiry: '12/39', securityCode: '123' };
const DENIED = { ...APPROVED, number: '4000000000000002' };
const withCard = (card: object, installments = 1) => ({ ...TOP_UP, payment: { card, installments } });

describe('card testing', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.close();
  });
  async function start(limits: Partial<AbuseLimits>): Promise<void> {
    stack = await startStack({ auth: 'authenticity', app: { limits: { ...DEFAULT_ABUSE_LIMITS, ...limits } } });
  }
  const session = async (body: object = { type: 'normal' }) => (await stack.call('POST', '/api/recharges', body)).body.id as string;
  const pay = async (body: object, id?: string) => stack.call('POST', `/api/recharges/${id ?? await session()}/recharge`, body, { 'Idempotency-Key': newKey() });
  const doCalls = () => stack.caratCalls().filter((call) => call.endsWith('do_recharge_request')).length;

  test('CARD_ATTEMPTS_PER_IP: attempts that reached Carat from one address, across recharges; our own 400s cost none', async () => {
    await start({ cardAttemptsPerIp: 2 });
    assert.equal((await pay(withCard({ ...APPROVED, expiry: '13/99' }))).status, 400);
    assert.equal((await pay(withCard(DENIED))).body.status, 'NEG');
    assert.equal((await pay(withCard(DENIED))).body.status, 'NEG');
    const refused = await pay(withCard(APPROVED));
    assert.equal(refused.status, 429, refused.text);
    assert.match(refused.body.error.message, /at most 2 in 10 minutes/);
    assert.equal(doCalls(), 2, 'the third card never reached Carat');
  });

  test('the breaker: past CARD_DECLINES_PER_10MIN declines, card payments pause for everyone (503), granted recharges go on', async () => {
    await start({ cardAttemptsPerIp: 100, cardDeclinesPer10Min: 2, cardPauseMs: 60_000 });
    for (let i = 0; i < 3; i += 1) assert.equal((await pay(withCard(DENIED))).body.status, 'NEG');
    const paused = await pay(withCard(APPROVED));
    assert.equal(paused.status, 503, paused.text);
    assert.equal(paused.body.error.code, 'card_payments_paused');
    assert.equal(doCalls(), 3);
    const granted = await pay(TOP_UP, await session({ type: 'normal', grant: grantFor('normal') }));
    assert.equal(granted.body.status, 'CON', granted.text);
  });

  test('MAX_INSTALLMENTS (default 1) and MIN_INSTALLMENT_CENTS: 400 naming payment.installments, before Carat', async () => {
    await start({});
    const split = await pay(withCard(APPROVED, 2));
    assert.equal(split.status, 400);
    assert.equal(split.body.error.field, 'payment.installments');
    await stack.close();
    await start({ maxInstallments: 12, minInstallmentCents: 500 });
    const tooSmall = await pay(withCard(APPROVED, 4));
    assert.equal(tooSmall.status, 400);
    assert.equal(tooSmall.body.error.field, 'payment.installments');
    assert.match(tooSmall.body.error.message, /at least R\$\s?5,00/);
    assert.equal(doCalls(), 0);
    assert.equal((await pay(withCard(APPROVED, 3))).body.status, 'CON');
  });
});
