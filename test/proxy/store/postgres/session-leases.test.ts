/**
 * Sessions leased across processes (two SessionFlows on one database, each its own lease holder,
 * as two proxy instances): recovery skips a session another process is working on, and never runs
 * twice at once; an attempt with the same Idempotency-Key on the other process waits for the first
 * and then runs (finding its answer); a lapsed lease (its holder died) is taken over; the
 * heartbeat extends a lease.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SessionFlows } from '../../../../proxy/recharge/session-flows.ts';
import { migrate } from '../../../../proxy/store/postgres/migrations.ts';
import { openPool, type Pool } from '../../../../proxy/store/postgres/pool.ts';
import { createPostgresSessionLeases } from '../../../../proxy/store/postgres/postgres-session-leases.ts';
import { createPostgresSessionStore } from '../../../../proxy/store/postgres/postgres-session-store.ts';
import type { SessionRecord, SessionStore } from '../../../../proxy/store/session-store.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway-postgres.ts';

let server: ThrowawayPostgres;
let pool: Pool;
let store: SessionStore;
before(async () => {
  server = await startThrowawayPostgres();
  pool = openPool(await server.freshDatabase());
  await migrate(pool);
  store = createPostgresSessionStore({ pool });
});
after(async () => {
  await store.close();
  await server.stop();
});

let sessions = 0;
async function unsettledSession(): Promise<string> {
  sessions += 1;
  const record: SessionRecord = {
    id: `s${sessions}`, type: 'normal', nit: 'N'.repeat(64), status: 'PPC', createdAt: new Date().toISOString(),
    generalHash: '0000000000000000', dealers: [], branchData: {}, steps: [],
  };
  await store.put(record);
  return record.id;
}

/** One proxy process's flows: its own lease holder on the shared database. */
const instance = (holder: string, ttlMs?: number) =>
  new SessionFlows({ leases: createPostgresSessionLeases({ pool, holder, ...(ttlMs ? { ttlMs } : {}) }), leasePollMs: 10 });

function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const holderOf = async (id: string) => (await pool.query<{ lease_holder: string | null }>('SELECT lease_holder FROM sessions WHERE id = $1', [id])).rows[0]!.lease_holder;

test('recovery on another process skips a session in a live flow, and takes it once the flow is over', async () => {
  const id = await unsettledSession();
  const a = instance('A');
  const b = instance('B');
  const working = gate();
  const started = gate();
  const flow = a.attempt(id, 'attempt-0001', async () => (started.open(), await working.promise, 'CON'));
  await started.promise;
  assert.equal(await holderOf(id), 'A');
  assert.equal(await b.recover(id, async () => 'recovered'), undefined, 'skipped: A is working on it');
  working.open();
  assert.equal(await flow, 'CON');
  assert.equal(await holderOf(id), null, 'given up when the flow ended');
  assert.equal(await b.recover(id, async () => 'recovered'), 'recovered');
});

test('two recoveries of one session at once: one runs', async () => {
  const id = await unsettledSession();
  const processes = ['A', 'B', 'C', 'D'].map((holder) => instance(holder));
  let runs = 0;
  const release = gate();
  const skipped = gate();
  let finished = 0;
  // The run is held until the three others have given up: none of them may come after it.
  const calls = processes.map((flows) => flows.recover(id, async () => (runs += 1, await release.promise, 'settled')).then((outcome) => {
    finished += 1;
    if (finished === processes.length - 1) skipped.open();
    return outcome;
  }));
  await skipped.promise;
  release.open();
  const outcomes = await Promise.all(calls);
  assert.equal(runs, 1);
  assert.equal(outcomes.filter((outcome) => outcome === 'settled').length, 1);
});

test('the same attempt on another process waits for the first, then runs', async () => {
  const id = await unsettledSession();
  const a = instance('A');
  const b = instance('B');
  const order: string[] = [];
  const working = gate();
  const started = gate();
  const first = a.attempt(id, 'attempt-0002', async () => (started.open(), await working.promise, order.push('A done'), 'CON'));
  await started.promise;
  const second = b.attempt(id, 'attempt-0002', async () => (order.push('B runs'), 'CON (stored answer)'));
  // B is polling for the lease now; it cannot run before A gives it up.
  await new Promise((resolve) => setImmediate(resolve));
  working.open();
  assert.deepEqual(await Promise.all([first, second]), ['CON', 'CON (stored answer)']);
  assert.deepEqual(order, ['A done', 'B runs']);
});

test('a lease whose holder died (lapsed) is taken over; a live one is not', async () => {
  const id = await unsettledSession();
  await pool.query("UPDATE sessions SET lease_holder = 'live', lease_until = now() + interval '1 minute' WHERE id = $1", [id]);
  const b = instance('B', 1000);
  assert.equal(await b.recover(id, async () => 'recovered'), undefined);
  await pool.query("UPDATE sessions SET lease_holder = 'dead', lease_until = now() - interval '1 second' WHERE id = $1", [id]);
  // No lapsed lease is taken in the server's first time to live (its holder may be alive and reconnecting): wait that out.
  while ((await pool.query("SELECT now() - pg_postmaster_start_time() < interval '1 second' AS young")).rows[0].young) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(await b.recover(id, async () => 'recovered'), 'recovered');
});

test('the heartbeat extends the lease; a lease taken over is not renewed by its old holder', async () => {
  const id = await unsettledSession();
  const leases = createPostgresSessionLeases({ pool, holder: 'A', ttlMs: 60_000 });
  const until = async () => (await pool.query<{ until: Date }>('SELECT lease_until AS until FROM sessions WHERE id = $1', [id])).rows[0]!.until.getTime();
  assert.equal(await leases.acquire(id), 'taken');
  const first = await until();
  await pool.query("UPDATE sessions SET lease_until = lease_until - interval '30 seconds' WHERE id = $1", [id]);
  assert.equal(await leases.renew(id), true);
  assert.ok(await until() >= first, 'renewed to a full time to live again');
  assert.equal(await createPostgresSessionLeases({ pool, holder: 'B' }).acquire(id), 'held');
  await pool.query("UPDATE sessions SET lease_holder = 'B' WHERE id = $1", [id]);
  assert.equal(await leases.renew(id), false);
  assert.equal(await leases.acquire('no-such-session'), 'missing');
});
