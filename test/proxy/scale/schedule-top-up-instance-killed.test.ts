/**
 * A monthly top-up's charge, notified by Carat through the balancer (test/proxy/support/balanced-pair.ts),
 * is being topped up by one instance (it holds the execution's claim, ScheduleStore.holdExecution)
 * when that instance is SIGKILLed while Carat holds the top-up's do-recharge or its confirmation.
 * The survivor takes the execution over once the dead one's claim lapsed, settles the half-done
 * recharge from its session's journal, and tops the charge up exactly once: never a second
 * do-recharge while the first one's fate is unknown, nothing left PPC.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Fault } from '../../../proxy/sandbox/faults.ts';
import { callReceived } from '../recovery/proxy-process.ts';
import { balancedPairs, killInstance, pollDatabase, scheduleMonthlyTopUp } from '../support/balanced-pair.ts';

const twoInstances = balancedPairs();

const CASES: Array<{ wrapper: string; fault: Fault; name: string; transactions: string[]; attempts: number }> = [
  // Only the do was journaled: the survivor undoes it (the session's journal says the attempt ended
  // without a top-up), then a second attempt tops up.
  { name: 'do-recharge (it took effect)', wrapper: 'do_recharge_request', fault: { kind: 'timeout', effect: 'after', delayMs: 120_000 }, transactions: ['CON', 'PPN'], attempts: 2 },
  // Carat processes the do only after the instance died: the survivor first finds it NOV (unknown,
  // it may still be processed) and must wait, not send a second do, until it turns PPC and is undone.
  { name: 'do-recharge (processed late)', wrapper: 'do_recharge_request', fault: { kind: 'timeout', effect: 'late', delayMs: 3_000 }, transactions: ['CON', 'PPN'], attempts: 2 },
  // The confirmation was journaled: the survivor completes it; the first attempt is the top-up.
  { name: 'confirmation (it took effect)', wrapper: 'confirm_recharge_request', fault: { kind: 'timeout', effect: 'after', delayMs: 120_000 }, transactions: ['CON'], attempts: 1 },
];

for (const kill of CASES) {
  test(`the instance topping up a schedule's charge is SIGKILLed holding its ${kill.name}: the survivor tops it up once`, { timeout: 120_000 }, async () => {
    const pair = await twoInstances();
    const carat = pair.rig.sandbox.sandbox;
    await scheduleMonthlyTopUp(pair);
    const setupTransactions = new Set(carat.transactions().map((tx) => tx.nit));

    carat.faults.next(kill.fault, { wrapper: kill.wrapper });
    const callsBefore = carat.calls.length;
    const [charge] = await carat.schedules.advanceDays(1);
    assert.equal(charge?.status, 'CON');
    await callReceived(pair.rig, (c) => c.wrapper === kill.wrapper, callsBefore);

    // Whoever runs the top-up holds the execution's claim (holder: host, pid, random id).
    const [claim] = await pollDatabase(pair, async (db) => (await db.query<{ holder: string | null }>(
      'SELECT claim_holder AS holder FROM schedule_executions WHERE nit = $1', [charge!.nit])).rows, (rows) => rows[0]?.holder != null);
    const holder = pair.instances.findIndex((instance) => claim!.holder!.includes(`:${instance.child.pid}:`));
    assert.notEqual(holder, -1, claim!.holder!);
    await killInstance(pair, holder);

    const [execution] = await pollDatabase(pair, async (db) => (await db.query<{ state: string; attempts: number }>(
      "SELECT state, (record->>'attempts')::integer AS attempts FROM schedule_executions WHERE nit = $1", [charge!.nit])).rows, (rows) => {
      assert.notEqual(rows[0]?.state, 'attention', 'the survivor took the execution over and topped it up');
      return rows[0]?.state === 'topped_up';
    });
    assert.equal(execution!.attempts, kill.attempts);

    const topUps = carat.transactions().filter((tx) => !setupTransactions.has(tx.nit) && carat.transaction(tx.nit)?.rechargeType === 'normal');
    assert.deepEqual(topUps.map((tx) => tx.status).sort(), kill.transactions, 'one top-up confirmed, the half-done one undone, nothing PPC');
    // Every do-recharge after the first was sent once the first was settled (undone): never two open at once.
    const calls = carat.calls.slice(callsBefore);
    const dos = calls.flatMap((c, index) => (c.wrapper === 'do_recharge_request' ? [index] : []));
    assert.equal(dos.length, kill.attempts, 'one do-recharge per attempt');
    if (dos.length === 2) {
      assert.ok(calls.slice(dos[0]! + 1, dos[1]).some((c) => c.wrapper === 'confirm_recharge_request'), 'the first do was undone before the second was sent');
    }
  });
}
