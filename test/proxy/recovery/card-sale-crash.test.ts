/**
 * A SIGKILL between each of the two-phase calls of a card-paid PIN or bill (issue 8 §2), then a
 * restart on the same DATA_DIR: after recovery at start, the card payment and the recharge agree
 * (both CON, or neither charged), nothing is left PPC, and the shopper's retry of the attempt gets
 * a final answer. The proxy runs as a child process (proxy-process.ts); the sandbox holds the call
 * (a timeout fault: it took effect ('after') or not ('before')) while the proxy is killed.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { assertRetried, assertSettledAtCarat, KILL_POINTS, matches, shop } from '../support/card-sale-kill-points.ts';
import { callReceived, startRig, type Rig } from './proxy-process.ts';

const rigs: Rig[] = [];
after(async () => {
  for (const rig of rigs) await rig.close();
});

describe('SIGKILL between the two-phase calls of a card-paid PIN or bill, then a restart', () => {
  for (const point of KILL_POINTS) {
    for (const effect of ['before', 'after'] as const) {
      const [payment, recharge] = point[effect];
      test(`killed while Carat holds the ${point.call} (${effect === 'after' ? 'it took effect' : 'no effect yet'}): payment ${payment}, recharge ${recharge}`, async () => {
        const rig = await startRig();
        rigs.push(rig);
        const carat = rig.sandbox.sandbox;
        const env = { CARAT_API_URL: `${rig.sandbox.url}/e-sitef/api` };
        const first = await rig.startProxy({ ...env, CARAT_TIMEOUT_MS: '60000' });
        carat.faults.next({ kind: 'timeout', effect, delayMs: 120_000 }, point.match);
        const key = `crash-${point.call.replace(/\W/g, '')}-${effect}`;
        const progress: { id?: string } = {};
        const shopping = shop(first.url, point.type, key, progress).catch(() => undefined);
        await callReceived(rig, (call) => matches(point.match, call), 0);
        first.child.kill('SIGKILL');
        assert.equal((await first.exited).signal, 'SIGKILL');
        await shopping;

        const restarted = await rig.startProxy(env);
        await restarted.waitFor(/recovery at start: .*/);
        assertSettledAtCarat(carat, point, effect);
        await assertRetried(restarted.url, carat, point, effect, { id: progress.id!, key });
        restarted.child.kill('SIGKILL');
        await restarted.exited;
      });
    }
  }
});
