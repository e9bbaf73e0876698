/**
 * The proxy on the shared PostgreSQL store, end to end against the Carat sandbox: a card top-up
 * completes and is journaled in the database. As processes (`proxy/main.ts` with DATABASE_URL): a
 * proxy killed while Carat holds its do-recharge leaves a session that the restarted process, on
 * another DATA_DIR, finds unsettled and settles (nothing PPC, the shopper's retry gets the final
 * answer); two proxies share one DATA_DIR and one journal, the survivor's recovery leaves the other's
 * live flow alone (its lease) and settles it once that process died.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openPostgresSessionStore } from '../../../../proxy/store/postgres/postgres-session-store.ts';
import { callReceived, startRig, type ProxyProcess, type Rig } from '../../recovery/proxy-process.ts';
import { newKey, startStack } from '../../support/stack.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway-postgres.ts';

const TOP_UP = {
  dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000,
  payment: { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123', holder: 'ANA SOUZA' }, installments: 1 },
};

let server: ThrowawayPostgres;
const rigs: Rig[] = [];
before(async () => {
  server = await startThrowawayPostgres();
});
after(async () => {
  for (const rig of rigs) await rig.close();
  await server.stop();
});

test('a card top-up through the proxy on PostgreSQL: CON, journaled settled, replayed from the database', async () => {
  const url = await server.freshDatabase();
  const store = await openPostgresSessionStore(url);
  const stack = await startStack({ auth: 'authenticity', store });
  try {
    const created = await stack.call('POST', '/api/recharges', { type: 'normal' });
    assert.equal(created.status, 201, created.text);
    const { id } = created.body;
    await stack.call('POST', `/api/recharges/${id}/branches`, { dealerCode: '003', ddd: '31' });
    const key = newKey();
    const paid = await stack.call('POST', `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.body.status, 'CON');

    // Another handle on the database, as another proxy process has it.
    const other = await openPostgresSessionStore(url);
    try {
      const session = (await other.get(id))!;
      assert.equal(session.status, 'CON');
      assert.deepEqual(session.steps.filter((step) => step.outcome === 'pending').map((step) => step.step), ['do', 'confirm'], 'each money call journaled before it was sent');
      assert.deepEqual(await other.listUnsettled(), []);
      assert.deepEqual((await other.getResult(id, key))?.body, paid.body);
    } finally {
      await other.close();
    }
    const replay = await stack.call('POST', `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
    assert.deepEqual(replay.body, paid.body);
    assert.equal(stack.caratCalls().filter((call) => call.includes('do_recharge_request')).length, 1, 'the replay reached no gateway');
  } finally {
    await stack.close();
    await store.close();
  }
});

const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const settledOn = async (base: string, id: string) => ((await (await fetch(`${base}/api/recharges/${id}`)).json()) as { settled: boolean }).settled;

/** A card top-up on `proxy` up to the do-recharge, which Carat takes (it takes effect) and holds: the proxy is killed there. */
async function killedDuringTheDo(rig: Rig, proxy: ProxyProcess, key: string): Promise<string> {
  const { id } = (await (await post(proxy.url, '/api/recharges', { type: 'normal' })).json()) as { id: string };
  await post(proxy.url, `/api/recharges/${id}/branches`, { dealerCode: '003', ddd: '31' });
  rig.sandbox.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 120_000 }, { wrapper: 'do_recharge_request' });
  const paying = post(proxy.url, `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key }).catch(() => undefined);
  await callReceived(rig, (call) => call.wrapper === 'do_recharge_request', 0);
  proxy.child.kill('SIGKILL');
  await proxy.exited;
  await paying;
  return id;
}

// Short leases, so a killed process's session is free again within a second (SESSION_LEASE_MS).
const SHORT_LEASE = { SESSION_LEASE_MS: '1000', RECOVERY_INTERVAL_MS: '200', CARAT_TIMEOUT_MS: '60000' };

test('a proxy killed during the do, restarted on another DATA_DIR: recovery finds the session in the database and settles it', async () => {
  const rig = await startRig();
  rigs.push(rig);
  const DATABASE_URL = await server.freshDatabase();
  const key = 'restart-do-killed';
  const id = await killedDuringTheDo(rig, await rig.startProxy({ DATABASE_URL, ...SHORT_LEASE }), key);

  const restarted = await rig.startProxy({ DATABASE_URL, ...SHORT_LEASE, DATA_DIR: join(rig.dataDir, '..', 'another-data-dir') });
  // At start, or on a later pass once the dead process's lease has lapsed.
  await restarted.waitFor(/recovery(?: at start)?: (?!nothing)\w/);
  assert.deepEqual(rig.sandbox.sandbox.transactions().map((tx) => tx.status), ['PPN'], 'only the do was intended: undone, nothing left PPC');
  const retried = await post(restarted.url, `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
  assert.equal(retried.status, 200);
  assert.equal(((await retried.json()) as { status: string }).status, 'PPN', 'the retry gets the final answer');
  restarted.child.kill('SIGKILL');
});

test('two processes share DATA_DIR and the journal: the survivor leaves a live flow alone, and settles it once its process died', async () => {
  const rig = await startRig();
  rigs.push(rig);
  const carat = rig.sandbox.sandbox;
  const DATABASE_URL = await server.freshDatabase();
  const first = await rig.startProxy({ DATABASE_URL, ...SHORT_LEASE });
  const second = await rig.startProxy({ DATABASE_URL, ...SHORT_LEASE });
  assert.doesNotMatch(second.output(), /Cannot start/, 'no DATA_DIR lock with PostgreSQL');

  const { id } = (await (await post(first.url, '/api/recharges', { type: 'normal' })).json()) as { id: string };
  await post(first.url, `/api/recharges/${id}/branches`, { dealerCode: '003', ddd: '31' });
  carat.faults.next({ kind: 'timeout', effect: 'after', delayMs: 120_000 }, { wrapper: 'do_recharge_request' });
  const key = 'shared-journal-do-killed';
  const paying = post(first.url, `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key }).catch(() => undefined);
  await callReceived(rig, (call) => call.wrapper === 'do_recharge_request', 0);
  // The first process is alive, waiting for Carat, and renews its lease: the second's passes leave the session alone.
  const calls = carat.calls.length;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.deepEqual(carat.calls.slice(calls), [], 'no status query, no undo while the flow is live');
  assert.equal(await settledOn(second.url, id), false, 'the second process reads the session the first one journaled');

  first.child.kill('SIGKILL');
  await first.exited;
  await paying;
  await second.waitFor(/recovery: (?!nothing)\w/);
  assert.equal(await settledOn(second.url, id), true);
  assert.deepEqual(carat.transactions().map((tx) => tx.status), ['PPN'], 'undone once, nothing left PPC');
  const retried = await post(second.url, `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
  assert.equal(((await retried.json()) as { status: string }).status, 'PPN');
  second.child.kill('SIGKILL');
});
