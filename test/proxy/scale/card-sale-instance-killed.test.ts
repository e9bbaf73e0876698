/**
 * A card-paid PIN or bill through the balancer (test/proxy/support/balanced-pair.ts), the instance
 * holding one of its REST Payment steps SIGKILLed (payment creation, card payment, do-recharge,
 * payment confirmation, recharge confirmation; held by Carat before or after it took effect), and
 * no restart: the survivor's recovery takes the session over once the dead one's lease lapsed and
 * settles it as the single-process restart does (the same KILL_POINTS table,
 * test/proxy/support/card-sale-kill-points.ts): payment and recharge agree at Carat, nothing is left
 * PPC, no second card payment or do-recharge, and the shopper's retry with the same Idempotency-Key,
 * which only the survivor can take, gets the final answer (or pending where the table says so).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { callReceived } from '../recovery/proxy-process.ts';
import { balancedPairs, killInstance, sentTo, servedBy } from '../support/balanced-pair.ts';
import { assertRetried, assertSettledAtCarat, KILL_POINTS, matches, shop } from '../support/card-sale-kill-points.ts';

const twoInstances = balancedPairs();

describe('the instance holding a step of a card-paid PIN or bill is SIGKILLed: the survivor settles it', () => {
  for (const point of KILL_POINTS) {
    for (const effect of ['before', 'after'] as const) {
      const [payment, recharge] = point[effect];
      test(`killed while Carat holds the ${point.call} (${effect === 'after' ? 'it took effect' : 'no effect yet'}): payment ${payment}, recharge ${recharge}`, async () => {
        const pair = await twoInstances();
        const { rig, balancer } = pair;
        const carat = rig.sandbox.sandbox;
        carat.faults.next({ kind: 'timeout', effect, delayMs: 120_000 }, point.match);
        const key = `killed-${point.call.replace(/\W/g, '')}-${effect}`;
        const progress: { id?: string } = {};
        const shopping = shop(balancer.url, point.type, key, progress).catch(() => undefined);
        await callReceived(rig, (call) => matches(point.match, call), 0);
        const holder = sentTo(balancer, 'POST', /\/recharge$/)!;
        const survivor = await killInstance(pair, holder);
        await shopping;

        // The survivor's first pass over the session once the lease lapsed (it skipped it while leased);
        // a payment creation alone left nothing to recover (no card reached Carat): the retry buys afresh.
        if (!point.retryBuys) await survivor.waitFor(/recovery: (?!nothing)\w/);
        assertSettledAtCarat(carat, point, effect);
        const cardPayments = () => carat.calls.filter((c) => c.method === 'POST' && c.path.includes('/api/v1/payments/')).length;
        const doRecharges = () => carat.calls.filter((c) => c.wrapper === 'do_recharge_request').length;
        assert.ok(cardPayments() <= 1 && doRecharges() <= 1, 'nothing sent twice by the survivor');

        await assertRetried(balancer.url, carat, point, effect, { id: progress.id!, key });
        assert.equal(servedBy(balancer, 'POST', /\/recharge$/), 1 - holder, 'the retry reached the survivor');
        assert.ok(cardPayments() <= 1 && doRecharges() <= 1, 'no second card payment or do-recharge, the retry included');
      });
    }
  }
});
