/**
 * Two proxy processes (`proxy/main.ts` with DATABASE_URL, authenticity mode) and the Carat sandbox
 * behind a round-robin balancer (test/proxy/support/round-robin-balancer.ts), as a merchant runs
 * them behind nginx; Carat's POSTs go to the balancer too, so they may land on either instance:
 * - a full flow of each type (normal, others, invoice) whose authenticity POST lands on the other
 *   instance than the creation: relayed through the database, each ends CON;
 * - the instance holding a money call (the do-recharge, the confirmation) is SIGKILLed: the
 *   balancer passes the next requests to the survivor, whose recovery settles the session once the dead one's lease lapsed (nothing PPC,
 *   one transaction), and the shopper's retry gets the final answer;
 * - a schedule's charge notified repeatedly, round-robin to both instances: topped up once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { callReceived, startRig, type ProxyProcess, type Rig } from '../recovery/proxy-process.ts';
import { startRoundRobinBalancer, type RoundRobinBalancer } from '../support/round-robin-balancer.ts';
import { grantFor, newKey, TEST_MERCHANT } from '../support/stack.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.ts';

let server: ThrowawayPostgres;
const closers: Array<() => Promise<void>> = [];
before(async () => {
  server = await startThrowawayPostgres();
});
after(async () => {
  for (const close of closers.reverse()) await close();
  await server.stop();
});

// Short leases, so a killed process's session is free again within a second.
const SHORT_LEASE = { SESSION_LEASE_MS: '1000', RECOVERY_INTERVAL_MS: '200', CARAT_TIMEOUT_MS: '60000', CARAT_AUTH: 'authenticity' };

interface Scaled {
  rig: Rig;
  instances: ProxyProcess[];
  balancer: RoundRobinBalancer;
  databaseUrl: string;
}

async function twoInstances(): Promise<Scaled> {
  const rig = await startRig();
  const databaseUrl = await server.freshDatabase();
  const env = { DATABASE_URL: databaseUrl, CARAT_API_URL: `${rig.sandbox.url}/e-sitef/api`, TRUST_PROXY: '1', ...SHORT_LEASE };
  const instances = [await rig.startProxy(env), await rig.startProxy(env)];
  const balancer = await startRoundRobinBalancer(instances.map((instance) => instance.url));
  rig.sandbox.sandbox.registerMerchant({
    ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${balancer.url}/carat/authenticity`, statusUrl: `${balancer.url}/carat/status`,
  });
  closers.push(async () => {
    await balancer.close();
    await rig.close();
  });
  return { rig, instances, balancer, databaseUrl };
}

async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(base + path, {
    method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, body: (text.startsWith('{') ? JSON.parse(text) : undefined) as any };
}

/** The upstream that served the last request matching. */
const servedBy = (balancer: RoundRobinBalancer, method: string, path: RegExp) => balancer.served.filter((s) => s.method === method && path.test(s.path)).at(-1)?.upstream;

/** A utility bill (starts with 8) whose digits 5–15 print its value: R$ 123,45. */
const BAR_CODE = `8460${'00000012345'}${'1'.repeat(29)}`;
const FLOWS = [
  { type: 'normal', branches: { dealerCode: '003', ddd: '21' }, body: { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500 } },
  { type: 'others', branches: undefined, body: { dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 2000 } },
  {
    type: 'invoice',
    branches: { dealerCode: '800', branchCode: '80019000000', answers: [{ code: 'BARCODE', description: BAR_CODE }] },
    body: { dealerCode: '800', branchCode: '80019000000', amountCents: 12345, invoice: { barCode: BAR_CODE } },
  },
] as const;

test('a full flow of each type through the balancer, its authenticity POST landing on the other instance', async () => {
  const { rig, balancer } = await twoInstances();
  for (const flow of FLOWS) {
    const created = await call(balancer.url, 'POST', '/api/recharges', { type: flow.type, grant: grantFor(flow.type) });
    assert.equal(created.status, 201, `${flow.type}: ${created.text}`);
    const creationOn = servedBy(balancer, 'POST', /^\/api\/recharges$/);
    const noticeOn = servedBy(balancer, 'POST', /^\/carat\/authenticity$/);
    assert.notEqual(noticeOn, undefined);
    assert.notEqual(noticeOn, creationOn, `${flow.type}: Carat's POST reached the other instance`);
    if (flow.branches) {
      const looked = await call(balancer.url, 'POST', `/api/recharges/${created.body.id}/branches`, flow.branches);
      assert.equal(looked.status, 200, looked.text);
    }
    const done = await call(balancer.url, 'POST', `/api/recharges/${created.body.id}/recharge`, flow.body, { 'Idempotency-Key': newKey() });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, 'CON', `${flow.type}: ${done.text}`);
  }
  assert.deepEqual(rig.sandbox.sandbox.transactions().map((tx) => tx.status), ['CON', 'CON', 'CON']);
});

// Each money call of a granted top-up, held by Carat (it took effect) while its instance is killed.
const MONEY_STEPS = [
  // Only the do was intended: the survivor undoes it.
  { wrapper: 'do_recharge_request', ends: 'PPN' },
  // The confirmation was intended (journaled): the survivor sends it again.
  { wrapper: 'confirm_recharge_request', ends: 'CON' },
] as const;

for (const step of MONEY_STEPS) {
  test(`the instance holding the ${step.wrapper} is SIGKILLed: the survivor settles it (${step.ends}), nothing PPC, no double`, async () => {
    const { rig, instances, balancer } = await twoInstances();
    const carat = rig.sandbox.sandbox;
    const created = await call(balancer.url, 'POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    await call(balancer.url, 'POST', `/api/recharges/${id}/branches`, FLOWS[0].branches);
    carat.faults.next({ kind: 'timeout', effect: 'after', delayMs: 120_000 }, { wrapper: step.wrapper });
    const key = newKey();
    const paying = call(balancer.url, 'POST', `/api/recharges/${id}/recharge`, FLOWS[0].body, { 'Idempotency-Key': key }).catch(() => undefined);
    await callReceived(rig, (c) => c.wrapper === step.wrapper, 0);
    const holder = balancer.sent.filter((s) => s.path.endsWith('/recharge')).at(-1)!.upstream;
    const survivor = instances[1 - holder]!;
    instances[holder]!.child.kill('SIGKILL');
    await instances[holder]!.exited;
    assert.equal((await paying)?.status, 502, 'the shopper\'s attempt died with its instance');

    await survivor.waitFor(/recovery: (?!nothing)\w/);
    assert.deepEqual(carat.transactions().map((tx) => tx.status), [step.ends], 'settled once, nothing PPC');
    const retried = await call(balancer.url, 'POST', `/api/recharges/${id}/recharge`, FLOWS[0].body, { 'Idempotency-Key': key });
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.body.status, step.ends, 'the retry, on the survivor, gets the final answer');
    assert.equal(carat.calls.filter((c) => c.wrapper === 'do_recharge_request').length, 1, 'no second do-recharge');
  });
}

// The wait for the top-up below is bounded here, not timed: it ends as soon as the row says topped_up.
test('a schedule\'s charge notified repeatedly to both instances is topped up once', { timeout: 120_000 }, async () => {
  const { rig, balancer, databaseUrl } = await twoInstances();
  const carat = rig.sandbox.sandbox;
  const created = await call(balancer.url, 'POST', '/api/recharges', { type: 'normal' });
  await call(balancer.url, 'POST', `/api/recharges/${created.body.id}/branches`, FLOWS[0].branches);
  const tomorrow = new Date(Date.parse(`${carat.schedules.today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const card = { number: '4111111111111111', expiry: '12/35', securityCode: '123' };
  const scheduled = await call(balancer.url, 'POST', `/api/recharges/${created.body.id}/recharge`,
    { ...FLOWS[0].body, payment: { card, installments: 1 }, repeat: { every: 'month', times: 2, startDate: tomorrow } }, { 'Idempotency-Key': newKey() });
  assert.equal(scheduled.body.schedule?.status, 'active', scheduled.text);

  // Carat delivers the notice, then three more times: round-robin, both instances get it twice.
  carat.schedules.faults.next({ kind: 'repeat-notification', times: 3 });
  const [report] = await carat.schedules.advanceDays(1);
  assert.equal(report?.status, 'CON');
  const notices = balancer.served.filter((s) => s.path === '/carat/status');
  assert.deepEqual(new Set(notices.map((s) => s.upstream)), new Set([0, 1]), 'the notice reached both instances');

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // Each instance verifies with Carat, then one tops up (the claim) while the other stands back.
    for (;;) {
      const { rows } = await db.query<{ state: string }>('SELECT state FROM schedule_executions WHERE nit = $1', [report!.nit]);
      if (rows[0]?.state === 'topped_up') break;
      assert.notEqual(rows[0]?.state, 'attention');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { rows } = await db.query<{ attempts: number }>("SELECT (record->>'attempts')::integer AS attempts FROM schedule_executions");
    assert.deepEqual(rows.map((row) => row.attempts), [1]);
  } finally {
    await db.end();
  }
  assert.equal(carat.calls.filter((c) => c.wrapper === 'do_recharge_request').length, 1, 'one do-recharge: the one top-up');
  assert.equal(carat.transactions().filter((tx) => tx.status === 'CON' && carat.transaction(tx.nit)?.rechargeType === 'normal').length, 1);
});
