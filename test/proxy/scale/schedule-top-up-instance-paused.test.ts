/**
 * A monthly top-up's charge is being topped up by one instance (it holds the execution's claim,
 * ScheduleStore.holdExecution) when that instance stalls (SIGSTOP: a long pause, or the database out
 * of its reach) while Carat creates the top-up's recharge. The other instance takes the lapsed claim
 * over and tops the charge up. When the stalled one runs again it must stand back: its claim is gone,
 * so it neither names its own attempt on the execution nor sends a do-recharge. One charge, one top-up.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callReceived } from '../recovery/proxy-process.ts';
import { balancedPairs, pollDatabase, scheduleMonthlyTopUp } from '../support/balanced-pair.ts';

const twoInstances = balancedPairs();

test("an instance that stalled while topping up a schedule's charge, and lost its claim, sends no second do-recharge", { timeout: 120_000 }, async () => {
  const pair = await twoInstances();
  const carat = pair.rig.sandbox.sandbox;
  await scheduleMonthlyTopUp(pair);
  const setupTransactions = new Set(carat.transactions().map((tx) => tx.nit));

  // The top-up's creation is answered late, so its instance is surely waiting on it when it stalls.
  carat.faults.next({ kind: 'timeout', effect: 'after', delayMs: 1_500 }, { wrapper: 'begin_recharge_request' });
  const callsBefore = carat.calls.length;
  const [charge] = await carat.schedules.advanceDays(1);
  assert.equal(charge?.status, 'CON');
  await callReceived(pair.rig, (c) => c.wrapper === 'begin_recharge_request', callsBefore);

  const [claim] = await pollDatabase(pair, async (db) => (await db.query<{ holder: string | null }>(
    'SELECT claim_holder AS holder FROM schedule_executions WHERE nit = $1', [charge!.nit])).rows, (rows) => rows[0]?.holder != null);
  const stalled = pair.instances.find((instance) => claim!.holder!.includes(`:${instance.child.pid}:`))!;
  assert.ok(stalled, claim!.holder!);
  stalled.child.kill('SIGSTOP');
  try {
    // The other instance takes the lapsed claim over and tops the charge up.
    await pollDatabase(pair, async (db) => (await db.query<{ state: string }>(
      'SELECT state FROM schedule_executions WHERE nit = $1', [charge!.nit])).rows, (rows) => rows[0]?.state === 'topped_up');
  } finally {
    stalled.child.kill('SIGCONT');
  }
  const dos = () => carat.calls.slice(callsBefore).filter((c) => c.wrapper === 'do_recharge_request').length;
  assert.equal(dos(), 1);

  // The stalled instance runs on with its creation's answer: it stands back (its line says so), or sends a second do.
  while (dos() < 2 && !/lost the claim/.test(stalled.output())) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(dos(), 1, 'one do-recharge: the instance that lost its claim sent none');
  const topUps = carat.transactions().filter((tx) => !setupTransactions.has(tx.nit) && tx.status === 'CON' && carat.transaction(tx.nit)?.rechargeType === 'normal');
  assert.equal(topUps.length, 1, 'the charge topped up once');
});
