/**
 * A charge whose notice Carat never delivered is found by asking Carat about the schedule. The
 * reconciliation asks only about open schedules, so a schedule closed by other means (the
 * shopper's cancel, a notice's query showing FIN) must have its listed charges recorded then, or a
 * confirmed charge would never be topped up nor flagged.
 */
import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { startScheduleStack, type ScheduleStack } from './schedule-stack.ts';

let stack: ScheduleStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

it('a charge whose notice was dropped, then the schedule cancelled, is still topped up once', async () => {
  stack = await startScheduleStack();
  const answer = await stack.schedule(3, stack.dayAhead(2));
  assert.equal(answer.body.schedule.status, 'active', answer.text);
  const token = answer.body.schedule.token as string;
  const sid = stack.sandbox.schedules.schedules().at(-1)!.sid;
  stack.sandbox.schedules.faults.next({ kind: 'drop-notification' }, { sid });
  await stack.advance(2);
  assert.equal(stack.sandbox.schedules.schedule(sid)?.executions.length, 1, 'Carat charged once');
  assert.equal(stack.toppedUp(), 0);
  const cancelled = await stack.call('POST', `/api/schedules/${token}/cancel`);
  assert.equal(cancelled.status, 200, cancelled.text);
  await stack.schedules.reconciliation!.runOnce();
  await stack.schedules.reconciliation!.runOnce();
  assert.equal(stack.toppedUp(), 1, 'the confirmed charge is topped up');
  const view = (await stack.call('GET', `/api/schedules/${token}`)).body;
  assert.deepEqual(view.charges.map((c: { status: string }) => c.status), ['topped_up']);
});
