/**
 * Completed recharges per second with 50 concurrent shoppers against the sandbox, with the durable
 * journal (SQLite, WAL, synchronous=FULL: one fsync per write), and the journal's cost as the
 * ratio of the in-memory store's throughput to the journal's. Authenticity mode, so that RSA
 * signing does not hide the store's share; proxy and sandbox share this process, as in every
 * section. Runs alternate memory / journal so both see the same machine load; the best of each counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ABUSE_LIMITS } from '../../proxy/config.ts';
import { createMemorySessionStore } from '../../proxy/store/memory-session-store.ts';
import type { SessionStore } from '../../proxy/store/session-store.ts';
import { createSqliteSessionStore } from '../../proxy/store/sqlite-session-store.ts';
import { startStack } from '../proxy/support/stack.ts';
import type { BenchSection } from './section.ts';
import { normalTopUp } from './shopper.ts';

const SHOPPERS = 50;
const RECHARGES_PER_SHOPPER = 4;
const ROUNDS = 2;
// Every shopper comes from 127.0.0.1: lift the per-IP creation limit that would otherwise throttle the bench.
const LIMITS = { ...DEFAULT_ABUSE_LIMITS, creationsPerMinutePerIp: 1_000_000, branchesPerMinutePerIp: 1_000_000 };
// The production timeout (CARAT_TIMEOUT_MS's default), not the tests' 5 s: on a busy machine 50
// shoppers queue long enough for a test timeout to end the run instead of measuring it.
const CARAT_TIMEOUT_MS = 15_000;

/** Counts the writes a store receives (sessions, steps, answers). */
function countingWrites(store: SessionStore): { store: SessionStore; writes: () => number } {
  let writes = 0;
  return {
    store: {
      ...store,
      put: (record) => (writes++, store.put(record)),
      update: (id, change) => (writes++, store.update(id, change)),
      putResult: (id, key, result) => (writes++, store.putResult(id, key, result)),
    },
    writes: () => writes,
  };
}

async function measure(store: SessionStore): Promise<{ perSecond: number; writesPerRecharge: number }> {
  const counted = countingWrites(store);
  const stack = await startStack({ auth: 'authenticity', store: counted.store, caratTimeoutMs: CARAT_TIMEOUT_MS, app: { limits: LIMITS } });
  try {
    await normalTopUp(stack.call); // warms the general_hash cache, as in a running shop
    const writesBefore = counted.writes();
    const started = performance.now();
    await Promise.all(Array.from({ length: SHOPPERS }, async () => {
      for (let i = 0; i < RECHARGES_PER_SHOPPER; i++) await normalTopUp(stack.call);
    }));
    const seconds = (performance.now() - started) / 1000;
    const recharges = SHOPPERS * RECHARGES_PER_SHOPPER;
    return { perSecond: recharges / seconds, writesPerRecharge: (counted.writes() - writesBefore) / recharges };
  } finally {
    await stack.close();
    await store.close();
  }
}

export const journalThroughput: BenchSection = {
  title: `Completed recharges per second, ${SHOPPERS} concurrent shoppers (durable journal vs in-memory store)`,
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-journal-'));
    try {
      const memory: number[] = [];
      const journal: number[] = [];
      let writesPerRecharge = 0;
      for (let round = 0; round < ROUNDS; round++) {
        memory.push((await measure(createMemorySessionStore())).perSecond);
        const measured = await measure(createSqliteSessionStore({ dataDir: join(dataDir, `round-${round}`) }));
        journal.push(measured.perSecond);
        writesPerRecharge = measured.writesPerRecharge;
      }
      const bestJournal = Math.max(...journal);
      const bestMemory = Math.max(...memory);
      return [
        `durable journal (SQLite):  ${bestJournal.toFixed(1)} recharges/s  (${SHOPPERS * RECHARGES_PER_SHOPPER} per run, best of ${ROUNDS})`,
        `in-memory store:           ${bestMemory.toFixed(1)} recharges/s`,
        `journal cost:              ${(bestMemory / bestJournal).toFixed(2)}× (in-memory ÷ journal throughput); ${writesPerRecharge.toFixed(1)} journal writes per recharge`,
      ];
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
