/**
 * The latency the proxy adds to one gateway call: the browser's branch-data request (one Carat GET
 * through the proxy, cache disabled) against the same GET sent straight to the sandbox, interleaved
 * in one run so both see the same machine load.
 */
import { performance } from 'node:perf_hooks';
import type { CatalogueCache } from '../../proxy/recharge/catalogue/catalogue-cache.ts';
import { DEFAULT_ABUSE_LIMITS } from '../../proxy/config.ts';
import { startStack } from '../proxy/support/stack.ts';
import { ms, quantile, type BenchSection } from './section.ts';

const ROUNDS = 400;
const WARM_UP = 50;
/** A real shopper looks up a few amounts per session, not hundreds: sessions are renewed (untimed) every few rounds. */
const LOOKUPS_PER_SESSION = 5;

/** Holds nothing, so every branch-data request goes to Carat. */
const noCache: CatalogueCache = {
  currentHash: () => undefined,
  dealers: () => undefined,
  putDealers: () => {},
  branchData: () => undefined,
  putBranchData: () => {},
  dealersHeldUnder: () => undefined,
  branchDataHeldUnder: () => undefined,
  size: () => 0,
};

export const proxyLatency: BenchSection = {
  title: 'Latency the proxy adds per gateway call (branch data, authenticity mode)',
  async run() {
    const stack = await startStack({ auth: 'authenticity', app: { cache: noCache, limits: { ...DEFAULT_ABUSE_LIMITS, branchesPerMinutePerIp: 1_000_000 } } });
    try {
      let direct = '';
      let viaProxy = '';
      const newSession = async () => {
        const created = await stack.call('POST', '/api/recharges', { type: 'normal' });
        const id = created.body.id as string;
        direct = `${stack.caratUrl}/v3/rechargebranches?nit=${await stack.nitOf(id)}&ddd=11&dealercode=001&generalhash=0000000000000000`;
        viaProxy = `${stack.proxyUrl}/api/recharges/${id}/branches`;
      };
      const proxyBody = JSON.stringify({ dealerCode: '001', ddd: '11' });

      const timeDirect = async () => {
        const start = performance.now();
        const response = await fetch(direct);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`direct: ${response.status}`);
        return performance.now() - start;
      };
      const timeProxy = async () => {
        const start = performance.now();
        const response = await fetch(viaProxy, { method: 'POST', headers: { 'content-type': 'application/json' }, body: proxyBody });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`proxy: ${response.status}`);
        return performance.now() - start;
      };
      const directTimes: number[] = [];
      const proxyTimes: number[] = [];
      for (let round = 0; round < WARM_UP + ROUNDS; round++) {
        if (round % LOOKUPS_PER_SESSION === 0) await newSession();
        const d = await timeDirect();
        const p = await timeProxy();
        if (round >= WARM_UP) {
          directTimes.push(d);
          proxyTimes.push(p);
        }
      }
      const row = (q: number) => {
        const d = quantile(directTimes, q);
        const p = quantile(proxyTimes, q);
        return `direct ${ms(d)}   via proxy ${ms(p)}   added ${ms(p - d)}   ratio ${(p / d).toFixed(2)}x`;
      };
      return [`${ROUNDS} interleaved pairs, sequential, a new session every ${LOOKUPS_PER_SESSION}`, `median  ${row(0.5)}`, `p99     ${row(0.99)}`];
    } finally {
      await stack.close();
    }
  },
};
