/**
 * A live recharge whose instance stops renewing its session's lease for a while without dying (the
 * process stalled, or PostgreSQL itself was down), with two proxy processes on one database
 * (`proxy/main.ts`, as merchants run them):
 * - the instance that stalled (SIGSTOP, as a long pause would) finds, once it runs again, that
 *   the other instance's recovery took the session over and settled it: it sends no money call of
 *   its own after that (a lease lost is fenced at the next journaled intent), and tells the shopper
 *   "pending"; the retry gets the survivor's final answer;
 * - PostgreSQL restarted (crashed and started again) while the do is at Carat, down for longer than
 *   the lease: no instance could renew anything meanwhile, so no lease is taken over before its
 *   holder had a time to live to renew it; the live flow ends CON, nobody undoes it;
 * - PostgreSQL down when the do's answer comes: the flow cannot journal it, so the shopper gets 202
 *   pending (idempotent-recharge.ts), and recovery settles the charge once the database is back.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { callReceived, startRig, type ProxyProcess, type Rig } from '../recovery/proxy-process.ts';
import { grantFor, newKey } from '../support/stack.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.ts';

let server: ThrowawayPostgres;
const rigs: Rig[] = [];
before(async () => {
  // Durable, unlike the other tests' servers: PostgreSQL itself crashes here, and a journaled intent
  // must survive that, as it does in production (synchronous commits).
  server = await startThrowawayPostgres({ durable: true });
});
after(async () => {
  for (const rig of rigs) await rig.close();
  await server.stop();
});

// A lease of 3 s: after a database restart the live flow's heartbeat (every second) must renew it
// within the server's first SESSION_LEASE_MS; 1 s was too short on a busy CI machine (its broken
// pooled connections fail the first renewal), and the other instance then took a live do over.
const LEASE = { SESSION_LEASE_MS: '3000', RECOVERY_INTERVAL_MS: '200', CARAT_TIMEOUT_MS: '60000' };
const BRANCHES = { dealerCode: '003', ddd: '21' };
const TOP_UP = { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500 };

async function twoInstances(): Promise<{ rig: Rig; first: ProxyProcess; second: ProxyProcess }> {
  const rig = await startRig();
  rigs.push(rig);
  const env = { DATABASE_URL: await server.freshDatabase(), ...LEASE };
  return { rig, first: await rig.startProxy(env), second: await rig.startProxy(env) };
}

async function call(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

const moneyCalls = (rig: Rig) => rig.sandbox.sandbox.calls.filter((c) => c.wrapper === 'do_recharge_request' || c.wrapper === 'confirm_recharge_request');

test('an instance stalled past its lease, whose session the other instance settled meanwhile, sends no further money call and answers pending', { timeout: 120_000 }, async () => {
  const { rig, first, second } = await twoInstances();
  const carat = rig.sandbox.sandbox;
  const created = await call(first.url, '/api/recharges', { type: 'normal', grant: grantFor('normal') });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id as string;
  await call(first.url, `/api/recharges/${id}/branches`, BRANCHES);
  // Carat takes the do (PPC) and answers it a little late: the answer waits for the stalled instance.
  carat.faults.next({ kind: 'timeout', effect: 'after', delayMs: 500 }, { wrapper: 'do_recharge_request' });
  const key = newKey();
  const paying = call(first.url, `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
  await callReceived(rig, (c) => c.wrapper === 'do_recharge_request', 0);
  first.child.kill('SIGSTOP');
  try {
    // Its heartbeat stopped with it: the lease lapses and the other instance's recovery undoes the PPC.
    await second.waitFor(/recovery: undone/);
  } finally {
    first.child.kill('SIGCONT');
  }
  const answer = await paying;
  assert.deepEqual(moneyCalls(rig).map((c) => c.wrapper), ['do_recharge_request', 'confirm_recharge_request'], 'the do and the survivor\'s undo, nothing after');
  assert.equal(answer.status, 202, answer.text);
  assert.equal(answer.body.status, 'pending');
  const retried = await call(second.url, `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
  assert.equal(retried.body.status, 'PPN', retried.text);
  assert.deepEqual(carat.transactions().filter((tx) => tx.status !== 'NOV').map((tx) => tx.status), ['PPN']);
});

test('PostgreSQL down for longer than the lease while a do is at Carat: once it is back, the live flow goes on to CON, the other instance does not take it over', { timeout: 120_000 }, async () => {
  const { rig, first, second } = await twoInstances();
  const carat = rig.sandbox.sandbox;
  const created = await call(first.url, '/api/recharges', { type: 'normal', grant: grantFor('normal') });
  const id = created.body.id as string;
  await call(first.url, `/api/recharges/${id}/branches`, BRANCHES);
  // Carat holds the do's answer until well after the database is back (a restart takes a few
  // seconds on a busy machine; the next test covers an answer that comes while it is down).
  carat.faults.next({ kind: 'timeout', effect: 'after', delayMs: 15_000 }, { wrapper: 'do_recharge_request' });
  const key = newKey();
  const paying = call(first.url, `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
  await callReceived(rig, (c) => c.wrapper === 'do_recharge_request', 0);
  await server.crash();
  // Down past the lease: both instances' queries fail (their recovery passes too).
  await second.waitFor(/recovery pass failed/);
  await first.waitFor(/recovery pass failed/);
  // Past the lease's time to live (SESSION_LEASE_MS): every lease has lapsed when it comes back.
  await new Promise((resolve) => setTimeout(resolve, 3500));
  await server.restart();
  const answer = await paying;
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.body.status, 'CON', answer.text);
  assert.deepEqual(carat.transactions().filter((tx) => tx.status !== 'NOV').map((tx) => tx.status), ['CON']);
  assert.doesNotMatch(second.output(), /recovery: undone/);
});

test('PostgreSQL down when the do\'s answer comes: the shopper is told pending (not an error), and once it is back the charge is settled once', { timeout: 120_000 }, async () => {
  const { rig, first, second } = await twoInstances();
  const carat = rig.sandbox.sandbox;
  const created = await call(first.url, '/api/recharges', { type: 'normal', grant: grantFor('normal') });
  const id = created.body.id as string;
  await call(first.url, `/api/recharges/${id}/branches`, BRANCHES);
  carat.faults.next({ kind: 'timeout', effect: 'after', delayMs: 3000 }, { wrapper: 'do_recharge_request' });
  const key = newKey();
  const paying = call(first.url, `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
  await callReceived(rig, (c) => c.wrapper === 'do_recharge_request', 0);
  await server.crash();
  const answer = await paying;
  assert.equal(answer.status, 202, answer.text);
  assert.equal(answer.body.status, 'pending', 'the do may have charged: pending, never "try again"');
  await server.restart();
  // The journal holds the do's intent: a recovery settles the PPC (undone: its confirmation was never journaled).
  // Either instance's recovery may take the session once its lease has lapsed.
  await Promise.race([first.waitFor(/recovery: (?!nothing)\w/), second.waitFor(/recovery: (?!nothing)\w/)]);
  const retried = await call(first.url, `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
  assert.equal(retried.status, 200, retried.text);
  assert.deepEqual(carat.transactions().filter((tx) => tx.status !== 'NOV').map((tx) => tx.status), [retried.body.status]);
  assert.equal(carat.calls.filter((c) => c.wrapper === 'do_recharge_request').length, 1, 'one do-recharge');
});
