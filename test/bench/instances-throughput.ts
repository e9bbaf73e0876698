/**
 * Scale-out (issue 12): completed recharges per second with 1, 2 and 4 proxy processes
 * (`proxy/main.ts`, authenticity mode, logging off) on one PostgreSQL, against one process on the
 * SQLite journal; each setup behind the tests' round-robin balancer (Carat's authenticity POSTs
 * too, so most land on another instance than their creation and go through the relay), with the
 * Carat sandbox in this process. PostgreSQL runs durable (fsync, synchronous commits), as the
 * journal requires, on this machine's disk like the SQLite file. The shoppers are granted
 * top-ups (shopper.ts).
 *
 * Journal writes per recharge: each store's writes (session put/update, stored answer) counted in
 * this process on a few recharges, and on PostgreSQL the session lease's writes (take, renew, give
 * up) beside them. On a 2-core machine more processes than cores only share the same CPU, so the
 * rate cannot grow with processes here; each row also gives the CPU per recharge of the proxy
 * processes together and of the PostgreSQL server (process-cpu.ts), which is what sizes a
 * deployment: a core of proxy serves about 1000 / (proxy ms) recharges/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ABUSE_LIMITS } from '../../proxy/config.ts';
import { SessionFlows } from '../../proxy/recharge/session-flows.ts';
import { openPool } from '../../proxy/store/postgres/pool.ts';
import { createPostgresSessionLeases } from '../../proxy/store/postgres/postgres-session-leases.ts';
import { openPostgresSessionStore } from '../../proxy/store/postgres/postgres-session-store.ts';
import type { SessionLeases } from '../../proxy/store/session-leases.ts';
import type { SessionStore } from '../../proxy/store/session-store.ts';
import { createSqliteSessionStore } from '../../proxy/store/sqlite-session-store.ts';
import { startRig, type ProxyProcess, type Rig } from '../proxy/recovery/proxy-process.ts';
import { startRoundRobinBalancer } from '../proxy/support/round-robin-balancer.ts';
import { startStack, TEST_MERCHANT, type Stack } from '../proxy/support/stack.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../proxy/support/throwaway-postgres.ts';
import { processCpuSeconds, processTreeCpuSeconds } from './process-cpu.ts';
import { ms, type BenchSection } from './section.ts';
import { normalTopUp } from './shopper.ts';

const SHOPPERS = 40;
const RECHARGES_PER_SHOPPER = 5;
const SETUPS = [
  { store: 'sqlite', processes: 1 },
  { store: 'postgres', processes: 1 },
  { store: 'postgres', processes: 2 },
  { store: 'postgres', processes: 4 },
] as const;
// Every shopper comes from 127.0.0.1: the per-IP limits would throttle the bench.
const LIFTED_LIMITS = { RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP: '1000000', RATE_LIMIT_BRANCHES_PER_MINUTE_PER_IP: '1000000' };

const callOn = (base: string): Stack['call'] => async (method, path, body, headers = {}) => {
  const response = await fetch(base + path, {
    method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, body: text.startsWith('{') ? JSON.parse(text) : undefined, headers: response.headers } as Awaited<ReturnType<Stack['call']>>;
};

async function stopAll(processes: ProxyProcess[]): Promise<void> {
  for (const proxy of processes) {
    proxy.child.kill('SIGTERM');
    await proxy.exited;
  }
}

interface Measured {
  perSecond: number;
  /** CPU per completed recharge: all proxy processes together, and the PostgreSQL server's. */
  proxyCpuMs: number;
  databaseCpuMs?: number;
}

async function throughput(rig: Rig, env: Record<string, string>, processes: number, databasePid?: number): Promise<Measured> {
  const started: ProxyProcess[] = [];
  for (let i = 0; i < processes; i++) started.push(await rig.startProxy({ CARAT_AUTH: 'authenticity', LOG_LEVEL: 'silent', ...LIFTED_LIMITS, ...env }));
  const balancer = await startRoundRobinBalancer(started.map((proxy) => proxy.url));
  rig.sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${balancer.url}/carat/authenticity` });
  const call = callOn(balancer.url);
  const proxyCpu = () => started.reduce((sum, proxy) => sum + processCpuSeconds(proxy.child.pid!), 0);
  const databaseCpu = () => (databasePid === undefined ? 0 : processTreeCpuSeconds(databasePid));
  try {
    // Each process warms its own catalogue cache and its JIT, as in a shop that has run a while:
    // else the cold start of each process weighs more the more processes share the recharges.
    await Promise.all(Array.from({ length: processes * 4 }, async () => {
      for (let i = 0; i < 5; i++) await normalTopUp(call);
    }));
    const [proxyBefore, databaseBefore, begun] = [proxyCpu(), databaseCpu(), performance.now()];
    await Promise.all(Array.from({ length: SHOPPERS }, async () => {
      for (let i = 0; i < RECHARGES_PER_SHOPPER; i++) await normalTopUp(call);
    }));
    const recharges = SHOPPERS * RECHARGES_PER_SHOPPER;
    return {
      perSecond: recharges / ((performance.now() - begun) / 1000),
      proxyCpuMs: ((proxyCpu() - proxyBefore) * 1000) / recharges,
      ...(databasePid === undefined ? {} : { databaseCpuMs: ((databaseCpu() - databaseBefore) * 1000) / recharges }),
    };
  } finally {
    await balancer.close();
    await stopAll(started);
  }
}

/** Store and lease writes per recharge, counted on a few sequential recharges in this process. */
async function writesPerRecharge(store: SessionStore, leases?: SessionLeases): Promise<{ store: number; leases: number }> {
  let storeWrites = 0;
  let leaseWrites = 0;
  const counted: SessionStore = {
    ...store,
    put: (record) => (storeWrites++, store.put(record)),
    update: (id, change) => (storeWrites++, store.update(id, change)),
    putResult: (id, key, result) => (storeWrites++, store.putResult(id, key, result)),
  };
  const countedLeases: SessionLeases | undefined = leases && {
    heartbeatMs: leases.heartbeatMs,
    acquire: (id) => (leaseWrites++, leases.acquire(id)),
    renew: (id) => (leaseWrites++, leases.renew(id)),
    release: (id) => (leaseWrites++, leases.release(id)),
  };
  const stack = await startStack({
    auth: 'authenticity', store: counted,
    app: { limits: { ...DEFAULT_ABUSE_LIMITS, creationsPerMinutePerIp: 1_000_000 }, flows: new SessionFlows(countedLeases ? { leases: countedLeases } : {}) },
  });
  const RECHARGES = 10;
  try {
    await normalTopUp(stack.call);
    [storeWrites, leaseWrites] = [0, 0];
    for (let i = 0; i < RECHARGES; i++) await normalTopUp(stack.call);
    return { store: storeWrites / RECHARGES, leases: leaseWrites / RECHARGES };
  } finally {
    await stack.close();
    await store.close();
  }
}

export const instancesThroughput: BenchSection = {
  title: `Scale-out: completed recharges per second, ${SHOPPERS} concurrent shoppers, N proxy processes behind a round-robin balancer`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-instances-'));
    let server: ThrowawayPostgres | undefined;
    let rig: Rig | undefined;
    try {
      server = await startThrowawayPostgres({ durable: true });
      rig = await startRig();
      const lines: string[] = [];
      for (const setup of SETUPS) {
        const env: Record<string, string> = setup.store === 'sqlite'
          ? { DATA_DIR: join(dir, 'sqlite') }
          : { DATABASE_URL: await server.freshDatabase(), DATA_DIR: join(dir, 'unused') };
        const measured = await throughput(rig, env, setup.processes, setup.store === 'postgres' ? server.serverPid() : undefined);
        const name = `${setup.store === 'sqlite' ? 'SQLite journal' : 'PostgreSQL'}, ${setup.processes} process${setup.processes > 1 ? 'es' : ''}:`;
        const database = measured.databaseCpuMs === undefined ? '' : `, PostgreSQL ${ms(measured.databaseCpuMs, 1)}`;
        lines.push(`${name.padEnd(30)} ${measured.perSecond.toFixed(1)} recharges/s; CPU per recharge: proxies ${ms(measured.proxyCpuMs, 1)}${database}  (${SHOPPERS * RECHARGES_PER_SHOPPER} per run)`);
      }
      const sqlite = await writesPerRecharge(createSqliteSessionStore({ dataDir: join(dir, 'writes') }));
      const url = await server.freshDatabase();
      const postgres = await writesPerRecharge(await openPostgresSessionStore(url), createPostgresSessionLeases({ pool: openPool(url, { max: 2 }) }));
      lines.push(`journal writes per recharge: SQLite ${sqlite.store.toFixed(1)}; PostgreSQL ${postgres.store.toFixed(1)} + ${postgres.leases.toFixed(1)} lease writes (take, renew, give up)`);
      return lines;
    } finally {
      await rig?.close();
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
