/**
 * Monthly top-ups on two proxy instances (in this process, each wired as main.ts wires one on
 * DATABASE_URL: its own pool, relay, leases and the shared schedule tables) on one PostgreSQL and
 * one Carat sandbox with REST Schedule:
 * - a schedule set up on A is seen by B (its token's page), and Carat's charge, notified to both
 *   instances at once and again, is topped up exactly once (the execution's NIT is a primary key,
 *   and one instance at a time holds its top-up's claim); reconciliation passes on both add nothing;
 * - a cancel on A whose SEID form Carat posts to B: B relays it through the database and A's edit
 *   goes on;
 * - the reconciliation on both asks Carat about each open schedule once per interval, not once per
 *   instance, and again once the interval is over (on the database's clock); a charge it finds is
 *   topped up once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApp } from '../../../../proxy/app.ts';
import { DEFAULT_ABUSE_LIMITS } from '../../../../proxy/config.ts';
import { createLogger } from '../../../../proxy/hardening/logger.ts';
import { SessionFlows } from '../../../../proxy/recharge/session-flows.ts';
import { listen, type Listening } from '../../../../proxy/listen.ts';
import { startSandbox, type RunningSandbox } from '../../../../proxy/sandbox/server.ts';
import type { Schedules } from '../../../../proxy/schedules/schedule-wiring.ts';
import { openSessionStore, type OpenedJournal } from '../../../../proxy/store/open-session-store.ts';
import { openPool } from '../../../../proxy/store/postgres/pool.ts';
import { newKey, TEST_MERCHANT } from '../../support/stack.ts';
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

type Instance = Listening & { journal: OpenedJournal; schedules: Schedules };

async function instance(databaseUrl: string): Promise<Instance> {
  const journal = await openSessionStore({ dataDir: 'unused-with-postgres', databaseUrl, receiptRetentionMs: 900_000 }, { sandbox: false });
  assert.ok(journal.scheduleStore, 'PostgreSQL keeps the schedules too');
  let schedules: Schedules | undefined;
  const app = createApp({
    config: {
      merchantId: TEST_MERCHANT.id,
      merchantKey: TEST_MERCHANT.key,
      auth: 'authenticity',
      caratTimeoutMs: 5000,
      allowedOrigins: [],
      caratRechargeUrl: `${sandbox.url}/e-sitef`,
      caratApiUrl: `${sandbox.url}/e-sitef/api`,
    },
    store: journal.store,
    ...journal.sharedParts,
    flows: new SessionFlows(journal.leases ? { leases: journal.leases } : {}),
    limits: DEFAULT_ABUSE_LIMITS,
    logger: createLogger({ level: 'silent' }),
    schedules: { store: journal.scheduleStore, topUpRetry: { maxAttempts: 3, firstDelayMs: 0 }, onReady: (wired) => (schedules = wired) },
  });
  const listening = await listen(app, '127.0.0.1', 0);
  closers.push(async () => {
    await listening.close();
    await schedules?.idle();
    await journal.scheduleStore?.close();
    await journal.store.close();
    await journal.sharedParts.noticeRelay?.close();
  });
  assert.ok(schedules?.deps);
  return { ...listening, journal, schedules };
}

const call = async (url: string, method: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(url, {
    method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, body: (text.startsWith('{') ? JSON.parse(text) : undefined) as any };
};
const postForm = (url: string, form: Record<string, string>) => fetch(url, { method: 'POST', body: new URLSearchParams(form) }).then((response) => response.status);

const CARD = { number: '4111111111111111', expiry: '12/35', securityCode: '123' };
const TOP_UP = { dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000 };

async function scheduleOn(proxy: Instance): Promise<{ token: string; sid: string }> {
  const created = await call(`${proxy.url}/api/recharges`, 'POST', { type: 'normal' });
  assert.equal(created.status, 201, created.text);
  const branches = await call(`${proxy.url}/api/recharges/${created.body.id}/branches`, 'POST', { dealerCode: '003', ddd: '31' });
  assert.equal(branches.status, 200, branches.text);
  const tomorrow = new Date(Date.parse(`${sandbox.sandbox.schedules.today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const answer = await call(`${proxy.url}/api/recharges/${created.body.id}/recharge`, 'POST',
    { ...TOP_UP, payment: { card: CARD, installments: 1 }, repeat: { every: 'month', times: 2, startDate: tomorrow } }, { 'Idempotency-Key': newKey() });
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.body.schedule?.status, 'active', answer.text);
  const token = answer.body.schedule.token as string;
  const stored = await proxy.journal.scheduleStore!.byTokenHash((await import('../../../../proxy/schedules/schedule-token.ts')).hashScheduleToken(token));
  return { token, sid: stored!.sid! };
}

const toppedUp = () => sandbox.sandbox.transactions().filter((tx) => tx.status === 'CON' && sandbox.sandbox.transaction(tx.nit)?.rechargeType === 'normal').length;

test('a schedule set up on one instance is seen by the other, and its charge notified to both, twice, is topped up once', async () => {
  const databaseUrl = await server.freshDatabase();
  const a = await instance(databaseUrl);
  const b = await instance(databaseUrl);
  sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${a.url}/carat/authenticity`, statusUrl: `${b.url}/carat/status` });
  const { token, sid } = await scheduleOn(a);
  const onB = await call(`${b.url}/api/schedules/${token}`, 'GET');
  assert.equal(onB.status, 200, onB.text);
  assert.equal(onB.body.status, 'active', onB.text);

  // Carat's own notice is lost: the repeats below are the only ones, and they race.
  sandbox.sandbox.schedules.faults.next({ kind: 'drop-notification' }, { sid });
  const before = toppedUp();
  const [report] = await sandbox.sandbox.schedules.advanceDays(1);
  assert.equal(report?.status, 'CON');
  const form = { nit: report!.nit, status: 'CON' };
  const answers = await Promise.all([a, b, a, b].map((proxy) => postForm(`${proxy.url}/carat/status`, form)));
  assert.deepEqual(answers, [200, 200, 200, 200]);
  await Promise.all([a.schedules.idle(), b.schedules.idle()]);
  // A verification that found the claim held leaves the top-up to its holder; a pass on both settles whatever is left.
  await Promise.all([a.schedules.reconciliation!.runOnce(), b.schedules.reconciliation!.runOnce()]);
  await Promise.all([a.schedules.idle(), b.schedules.idle()]);

  assert.equal(toppedUp() - before, 1, 'one top-up for one charge');
  const executions = await a.journal.scheduleStore!.listExecutions((await a.journal.scheduleStore!.bySid(sid))!.id);
  assert.deepEqual(executions.map((execution) => [execution.state, execution.attempts]), [['topped_up', 1]]);
  assert.deepEqual(await b.journal.scheduleStore!.listUnverifiedNotices(), [], 'every notice verified, on whichever instance');

  // Again after the fact, on both: nothing more.
  await Promise.all([a, b].map((proxy) => postForm(`${proxy.url}/carat/status`, form)));
  await Promise.all([a.schedules.idle(), b.schedules.idle(), a.schedules.reconciliation!.runOnce(), b.schedules.reconciliation!.runOnce()]);
  assert.equal(toppedUp() - before, 1);
});

test('a cancel on one instance whose SEID form Carat posts to the other: relayed, and the schedule is cancelled', async () => {
  const databaseUrl = await server.freshDatabase();
  const a = await instance(databaseUrl);
  const b = await instance(databaseUrl);
  sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${a.url}/carat/authenticity`, statusUrl: `${a.url}/carat/status` });
  const { token } = await scheduleOn(a);
  // From now on Carat's form POSTs reach B only.
  sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${b.url}/carat/authenticity`, statusUrl: `${b.url}/carat/status` });
  const cancelled = await call(`${a.url}/api/schedules/${token}/cancel`, 'POST');
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.body.status, 'cancelled', cancelled.text);
  const onB = await call(`${b.url}/api/schedules/${token}`, 'GET');
  assert.equal(onB.body.status, 'cancelled');

  // A forged SEID form for no edit anywhere is relayed too, and accepted by nobody (its row stays, unclaimed, until it ages out).
  assert.equal(await postForm(`${b.url}/carat/authenticity`, { seid: 'E'.repeat(64), sid: 'S'.repeat(64), merchant_data: 'NOBODYWAITS' }), 200);
});

test('the reconciliation on two instances asks Carat about each open schedule once per interval, then again after it', async () => {
  const databaseUrl = await server.freshDatabase();
  const a = await instance(databaseUrl);
  const b = await instance(databaseUrl);
  sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${a.url}/carat/authenticity`, statusUrl: `${a.url}/carat/status` });
  const sids = [(await scheduleOn(a)).sid, (await scheduleOn(a)).sid];
  const asked = () => sids.map((sid) => sandbox.sandbox.calls.filter((c) => c.method === 'GET' && c.path === `/e-sitef/api/v1/schedules/${sid}`).length);
  const interval = 10 * 60_000;
  const both = () => Promise.all([a.schedules.reconciliation!.runOnce(interval), b.schedules.reconciliation!.runOnce(interval)]);
  // The interval passing, on the database's clock (the marks are its now()).
  const db = openPool(databaseUrl, { max: 1 });
  closers.push(() => db.end());
  const intervalPasses = () => db.query("UPDATE schedules SET asked_at = asked_at - interval '10 minutes'");

  const before = asked();
  await both();
  assert.deepEqual(asked(), before.map((n) => n + 1), 'two instances at once: one question per schedule');
  await both();
  assert.deepEqual(asked(), before.map((n) => n + 1), 'within the interval: none');

  // Both charges' notices are lost: only the reconciliation can find them, once the interval is over.
  sandbox.sandbox.schedules.faults.next({ kind: 'drop-notification' }, {}, 2);
  const toppedUpBefore = toppedUp();
  const reports = await sandbox.sandbox.schedules.advanceDays(1);
  assert.deepEqual(reports.map((report) => report.status), ['CON', 'CON']);
  await intervalPasses();
  const found = await both();
  await Promise.all([a.schedules.idle(), b.schedules.idle()]);
  assert.deepEqual(asked(), before.map((n) => n + 2), 'after the interval: asked again, by one');
  assert.equal(found[0].charged + found[1].charged, 2);
  assert.equal(toppedUp() - toppedUpBefore, 2, 'one top-up per charge');
  await both();
  assert.deepEqual(asked(), before.map((n) => n + 2));
  assert.equal(toppedUp() - toppedUpBefore, 2);
});
