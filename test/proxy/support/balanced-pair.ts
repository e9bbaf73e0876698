/**
 * Two proxy processes (`proxy/main.ts` with DATABASE_URL, authenticity mode, short leases) on one
 * throwaway PostgreSQL, and the Carat sandbox, behind a round-robin balancer
 * (round-robin-balancer.ts), as a merchant runs them behind nginx: Carat's POSTs go to the
 * balancer too, so they may land on either instance. The multi-instance tests (test/proxy/scale/)
 * start one pair per test; `balancedPairs()` registers the file's server and the closing of every pair.
 */
import { after, before } from 'node:test';
import pg from 'pg';
import { startRig, type ProxyProcess, type Rig } from '../recovery/proxy-process.ts';
import { startRoundRobinBalancer, type RoundRobinBalancer } from './round-robin-balancer.ts';
import { newKey, TEST_MERCHANT } from './stack.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.ts';

// Short leases, so a killed process's sessions and top-up claims are free again within a second.
const SHORT_LEASE = { SESSION_LEASE_MS: '1000', RECOVERY_INTERVAL_MS: '200', CARAT_TIMEOUT_MS: '60000', CARAT_AUTH: 'authenticity' };

export interface BalancedPair {
  rig: Rig;
  instances: ProxyProcess[];
  balancer: RoundRobinBalancer;
  databaseUrl: string;
}

/** Starts the file's PostgreSQL before its tests and closes what they started after; the function starts one pair. */
export function balancedPairs(): () => Promise<BalancedPair> {
  let server: ThrowawayPostgres;
  const closers: Array<() => Promise<void>> = [];
  before(async () => {
    server = await startThrowawayPostgres();
  });
  after(async () => {
    for (const close of closers.reverse()) await close();
    await server.stop();
  });
  return async () => {
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
  };
}

export async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(base + path, {
    method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, body: (text.startsWith('{') ? JSON.parse(text) : undefined) as any };
}

/** The upstream that served the last request matching. */
export const servedBy = (balancer: RoundRobinBalancer, method: string, path: RegExp) =>
  balancer.served.filter((s) => s.method === method && path.test(s.path)).at(-1)?.upstream;

/** The upstream the last request matching was passed to (answered or not: it may be held, or its instance dead). */
export const sentTo = (balancer: RoundRobinBalancer, method: string, path: RegExp) =>
  balancer.sent.filter((s) => s.method === method && path.test(s.path)).at(-1)?.upstream;

/** SIGKILLs the instance at `index` and waits for its exit; the other one, the survivor. */
export async function killInstance(pair: BalancedPair, index: number): Promise<ProxyProcess> {
  const dead = pair.instances[index]!;
  dead.child.kill('SIGKILL');
  await dead.exited;
  return pair.instances[1 - index]!;
}

/** Polls the pair's database with `query` until `done` says so (each poll a fresh look; the test's timeout bounds it). */
export async function pollDatabase<T>(pair: BalancedPair, query: (db: pg.Client) => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const db = new pg.Client({ connectionString: pair.databaseUrl });
  await db.connect();
  try {
    for (;;) {
      const value = await query(db);
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await db.end();
  }
}

/** A normal top-up: its branch lookup and its recharge body. */
export const TOP_UP = {
  branches: { dealerCode: '003', ddd: '21' },
  body: { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500 },
} as const;

/** Sets up a monthly top-up (2 times) from tomorrow, card-paid, through the balancer; nothing is topped up yet. */
export async function scheduleMonthlyTopUp(pair: BalancedPair): Promise<void> {
  const { balancer } = pair;
  const created = await call(balancer.url, 'POST', '/api/recharges', { type: 'normal' });
  await call(balancer.url, 'POST', `/api/recharges/${created.body.id}/branches`, TOP_UP.branches);
  const tomorrow = new Date(Date.parse(`${pair.rig.sandbox.sandbox.schedules.today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const card = { number: '4111111111111111', expiry: '12/35', securityCode: '123' };
  const scheduled = await call(balancer.url, 'POST', `/api/recharges/${created.body.id}/recharge`,
    { ...TOP_UP.body, payment: { card, installments: 1 }, repeat: { every: 'month', times: 2, startDate: tomorrow } }, { 'Idempotency-Key': newKey() });
  if (scheduled.body?.schedule?.status !== 'active') throw new Error(`the schedule was not set up: ${scheduled.text}`);
}
