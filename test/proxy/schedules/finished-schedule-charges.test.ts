/**
 * A notice verified late (Carat could not be asked when it came) may show the schedule already
 * FIN: the charges Carat lists then are recorded too, since the reconciliation no longer asks
 * about a finished schedule and a last charge whose notice was dropped would be lost.
 */
import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { startScheduleStack, type ScheduleStack } from './schedule-stack.ts';

let stack: ScheduleStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

it('a late-verified notice showing FIN also tops up the last charge whose notice was dropped', async () => {
  stack = await startScheduleStack();
  const answer = await stack.schedule(2, stack.dayAhead(2));
  assert.equal(answer.body.schedule.status, 'active', answer.text);
  const sid = stack.sandbox.schedules.schedules().at(-1)!.sid;
  // The first charge's notice arrives but Carat cannot be asked about it; the second's never arrives.
  stack.sandbox.faults.always({ kind: 'http-error', status: 503 }, { path: '/v1/transactions/' });
  await stack.advance(2);
  stack.sandbox.schedules.faults.next({ kind: 'drop-notification' }, { sid });
  await stack.advance(31);
  assert.equal(stack.sandbox.schedules.schedule(sid)?.status, 'FIN');
  assert.equal(stack.toppedUp(), 0);
  stack.sandbox.faults.clear();
  await stack.schedules.reconciliation!.runOnce();
  await stack.schedules.reconciliation!.runOnce();
  assert.equal(stack.toppedUp(), 2, 'both confirmed charges are topped up');
});
