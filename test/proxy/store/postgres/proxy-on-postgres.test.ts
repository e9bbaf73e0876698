/**
 * The proxy on the shared PostgreSQL store, end to end against the Carat sandbox: a card top-up
 * completes and is journaled in the database; as processes (`proxy/main.ts` with DATABASE_URL),
 * two proxies share one DATA_DIR (no DATA_DIR lock with PostgreSQL) and one journal, and a proxy
 * killed while Carat holds its do-recharge leaves a session that the restarted process, on another
 * DATA_DIR, finds unsettled and settles: nothing PPC, the shopper's retry gets the final answer.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openPostgresSessionStore } from '../../../../proxy/store/postgres/postgres-session-store.ts';
import { callReceived, startRig, type Rig } from '../../recovery/proxy-process.ts';
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

test('two processes share DATA_DIR and the journal; a process killed during the do is settled by the restarted one', async () => {
  const rig = await startRig();
  rigs.push(rig);
  const carat = rig.sandbox.sandbox;
  const DATABASE_URL = await server.freshDatabase();
  // The second process only reads here: its recovery passes are an hour apart (leases are a later step of issue 12).
  const first = await rig.startProxy({ DATABASE_URL, CARAT_TIMEOUT_MS: '60000' });
  const second = await rig.startProxy({ DATABASE_URL, RECOVERY_INTERVAL_MS: '3600000' });
  assert.doesNotMatch(second.output(), /Cannot start/);

  const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const { id } = (await (await post(first.url, '/api/recharges', { type: 'normal' })).json()) as { id: string };
  await post(first.url, `/api/recharges/${id}/branches`, { dealerCode: '003', ddd: '31' });
  // Carat takes the do (it takes effect) and holds its answer; the first process dies waiting.
  carat.faults.next({ kind: 'timeout', effect: 'after', delayMs: 120_000 }, { wrapper: 'do_recharge_request' });
  const key = 'shared-journal-do-killed';
  const paying = post(first.url, `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key }).catch(() => undefined);
  await callReceived(rig, (call) => call.wrapper === 'do_recharge_request', 0);
  first.child.kill('SIGKILL');
  await first.exited;
  await paying;

  const seen = (await (await fetch(`${second.url}/api/recharges/${id}`)).json()) as { settled: boolean };
  assert.equal(seen.settled, false, 'the other process reads the session the first one journaled');

  const restarted = await rig.startProxy({ DATABASE_URL, DATA_DIR: join(rig.dataDir, '..', 'another-data-dir') });
  assert.match((await restarted.waitFor(/recovery at start: .*/))[0], /recovery at start: (?!nothing)/);
  assert.deepEqual(carat.transactions().map((tx) => tx.status), ['PPN'], 'only the do was intended: undone, nothing left PPC');

  const retried = await post(second.url, `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
  assert.equal(retried.status, 200);
  assert.equal(((await retried.json()) as { status: string }).status, 'PPN', 'any process answers the retry from the shared journal');
  const settled = (await (await fetch(`${second.url}/api/recharges/${id}`)).json()) as { settled: boolean };
  assert.equal(settled.settled, true);
  for (const proxy of [second, restarted]) proxy.child.kill('SIGKILL');
});
