/**
 * Two proxy instances (in this process, each with its own pool, relay and leases, as main.ts wires
 * them) on one PostgreSQL and one Carat sandbox, in authenticity mode:
 * - Carat POSTs the NIT of a creation started on instance A to instance B (as a balancer may route
 *   it). B finds no creation of its own waiting, relays the notice through the database
 *   (LISTEN/NOTIFY, store/postgres/notice-relay.ts), A's creation gets it, and the top-up completes
 *   on A. The relayed row goes once accepted; a notice posted to the instance that waits is
 *   accepted there directly.
 * - The same Idempotency-Key sent to both at once: one do-recharge at Carat, the same answer twice.
 * - The rate limits count a client once across both (shared counters), and a new window starts afresh.
 * - The card guard too: attempts per address across both, and one breaker that pauses both.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApp } from '../../../../proxy/app.ts';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../../../proxy/config.ts';
import { createLogger } from '../../../../proxy/hardening/logger.ts';
import { SessionFlows } from '../../../../proxy/recharge/session-flows.ts';
import { listen, type Listening } from '../../../../proxy/listen.ts';
import { startSandbox, type RunningSandbox } from '../../../../proxy/sandbox/server.ts';
import { openSessionStore, type OpenedJournal } from '../../../../proxy/store/open-session-store.ts';
import { openPool } from '../../../../proxy/store/postgres/pool.ts';
import { grantFor, newKey, TEST_GRANT_SECRET, TEST_MERCHANT } from '../../support/stack.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway-postgres.ts';

let server: ThrowawayPostgres;
let sandbox: RunningSandbox;
const closers: Array<() => Promise<void>> = [];
before(async () => {
  server = await startThrowawayPostgres();
  sandbox = await startSandbox();
});
after(async () => {
  for (const close of closers.reverse()) await close();
  await sandbox.close();
  await server.stop();
});

async function instance(databaseUrl: string, limits: AbuseLimits = DEFAULT_ABUSE_LIMITS): Promise<Listening & { journal: OpenedJournal }> {
  const journal = await openSessionStore({ dataDir: 'unused-with-postgres', databaseUrl, receiptRetentionMs: 900_000 }, { sandbox: false });
  const app = createApp({
    config: {
      merchantId: TEST_MERCHANT.id,
      merchantKey: TEST_MERCHANT.key,
      auth: 'authenticity',
      caratTimeoutMs: 5000,
      allowedOrigins: [],
      orderGrantSecret: TEST_GRANT_SECRET,
      caratRechargeUrl: `${sandbox.url}/e-sitef`,
    },
    store: journal.store,
    ...journal.sharedParts,
    flows: new SessionFlows(journal.leases ? { leases: journal.leases } : {}),
    limits,
    logger: createLogger({ level: 'silent' }),
  });
  const listening = await listen(app, '127.0.0.1', 0);
  closers.push(async () => {
    await listening.close();
    await journal.store.close();
    await journal.sharedParts.noticeRelay?.close();
  });
  return { ...listening, journal };
}

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
};

test('the authenticity POST lands on the other instance: the creation still gets its NIT, and the top-up completes', async () => {
  const databaseUrl = await server.freshDatabase();
  const a = await instance(databaseUrl);
  const b = await instance(databaseUrl);
  assert.ok(a.journal.sharedParts.noticeRelay && a.journal.shared);
  sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${b.url}/carat/authenticity` });

  const created = await post(`${a.url}/api/recharges`, { type: 'normal', grant: grantFor('normal') });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const paid = await post(`${a.url}/api/recharges/${created.body.id}/recharge`,
    { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500 }, { 'Idempotency-Key': newKey() });
  assert.equal(paid.body.status, 'CON', JSON.stringify(paid.body));

  // The creation on B itself: its own POST, accepted there without the relay.
  const onB = await post(`${b.url}/api/recharges`, { type: 'normal', grant: grantFor('normal') });
  assert.equal(onB.status, 201, JSON.stringify(onB.body));

  const pool = openPool(databaseUrl);
  try {
    const { rows } = await pool.query<{ count: number }>('SELECT count(*)::integer AS count FROM relayed_notices');
    assert.equal(rows[0]!.count, 0, 'the relayed notice went once accepted; B\'s own was never relayed');
  } finally {
    await pool.end();
  }
});

test('the same Idempotency-Key sent to both instances at once: one recharge at Carat, the same answer twice', async () => {
  const databaseUrl = await server.freshDatabase();
  const a = await instance(databaseUrl);
  const b = await instance(databaseUrl);
  sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${a.url}/carat/authenticity` });
  const created = await post(`${a.url}/api/recharges`, { type: 'normal', grant: grantFor('normal') });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const before = sandbox.sandbox.calls.filter((call) => call.wrapper === 'do_recharge_request').length;
  const key = newKey();
  const body = { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500 };
  const answers = await Promise.all([a, b].map((proxy) => post(`${proxy.url}/api/recharges/${created.body.id}/recharge`, body, { 'Idempotency-Key': key })));
  assert.equal(answers[0]!.body.status, 'CON', JSON.stringify(answers[0]!.body));
  assert.deepEqual(answers[1], answers[0]);
  assert.equal(sandbox.sandbox.calls.filter((call) => call.wrapper === 'do_recharge_request').length - before, 1);
});

test('the rate limits count a client across both instances: the limit holds once, not twice', async () => {
  const databaseUrl = await server.freshDatabase();
  const limits = { ...DEFAULT_ABUSE_LIMITS, creationsPerMinutePerIp: 2 };
  const a = await instance(databaseUrl, limits);
  const b = await instance(databaseUrl, limits);
  sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${a.url}/carat/authenticity` });
  const create = (proxy: Listening) => post(`${proxy.url}/api/recharges`, { type: 'normal' });
  assert.equal((await create(a)).status, 201);
  assert.equal((await create(b)).status, 201);
  const third = await create(a);
  assert.equal(third.status, 429, JSON.stringify(third.body));
  assert.equal(third.body.error.code, 'rate_limited');
  assert.equal((await create(b)).status, 429);

  // The window's end, on the database's clock: the next creation opens a new window.
  const pool = openPool(databaseUrl);
  try {
    await pool.query("UPDATE rate_limit_hits SET reset_at = now() - interval '1 second'");
  } finally {
    await pool.end();
  }
  assert.equal((await create(b)).status, 201);
});

test('the card guard counts an address across both instances, and its breaker pauses both', async () => {
  const databaseUrl = await server.freshDatabase();
  const denied = { number: '4000000000000002', expiry: '12/39', securityCode: '123' };
  const approved = { ...denied, number: '4111111111111111' };
  const payOn = async (proxy: Listening, card: object) => {
    const created = await post(`${proxy.url}/api/recharges`, { type: 'normal' });
    return post(`${proxy.url}/api/recharges/${created.body.id}/recharge`,
      { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500, payment: { card, installments: 1 } }, { 'Idempotency-Key': newKey() });
  };
  const perAddress = { ...DEFAULT_ABUSE_LIMITS, cardAttemptsPerIp: 2 };
  let [a, b] = [await instance(databaseUrl, perAddress), await instance(databaseUrl, perAddress)];
  sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${a.url}/carat/authenticity` });
  assert.equal((await payOn(a, denied)).body.status, 'NEG');
  assert.equal((await payOn(b, denied)).body.status, 'NEG');
  const third = await payOn(a, approved);
  assert.equal(third.status, 429, JSON.stringify(third.body));
  assert.match(third.body.error.message, /at most 2 in 10 minutes/);

  const breaker = { ...DEFAULT_ABUSE_LIMITS, cardAttemptsPerIp: 100, cardDeclinesPer10Min: 2, cardPauseMs: 60_000 };
  const fresh = await server.freshDatabase();
  [a, b] = [await instance(fresh, breaker), await instance(fresh, breaker)];
  sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${a.url}/carat/authenticity` });
  for (const proxy of [a, b, a]) assert.equal((await payOn(proxy, denied)).body.status, 'NEG');
  for (const proxy of [b, a]) {
    const paused = await payOn(proxy, approved);
    assert.equal(paused.status, 503, JSON.stringify(paused.body));
    assert.equal(paused.body.error.code, 'card_payments_paused');
  }
});
