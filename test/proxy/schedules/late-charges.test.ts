/**
 * A charge Carat reports not final yet (PEN: awaiting the institution) is neither topped up nor
 * forgotten: the proxy keeps asking Carat about it, even once its schedule is closed (FIN,
 * cancelled) and no longer asked about, and tops it up once when Carat says CON — with the notice
 * of that CON dropped, so nothing but the proxy's own questions can find it.
 */
import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { startScheduleStack, type ScheduleStack } from './schedule-stack.ts';

let stack: ScheduleStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** Moves the calendar on to the schedule's next charge (its batch runs). */
async function toNextCharge(s: ScheduleStack, sid: string): Promise<void> {
  const next = s.sandbox.schedules.schedule(sid)?.nextDate;
  assert.ok(next, 'a charge to come');
  await s.advance(Math.round((Date.parse(next) - Date.parse(s.sandbox.schedules.today())) / 86_400_000));
}

async function reconcileTwice(s: ScheduleStack): Promise<void> {
  await s.schedules.reconciliation!.runOnce();
  await s.schedules.reconciliation!.runOnce();
}

it('the last charge notified PEN, the schedule FIN, its CON notice dropped: a reconciliation pass tops it up once', async () => {
  stack = await startScheduleStack();
  const answer = await stack.schedule(2, stack.dayAhead(2));
  assert.equal(answer.body.schedule.status, 'active', answer.text);
  const token = answer.body.schedule.token as string;
  const sid = stack.sandbox.schedules.schedules().at(-1)!.sid;
  await stack.advance(2);
  assert.equal(stack.toppedUp(), 1, 'the first charge, as usual');
  stack.sandbox.schedules.faults.next({ kind: 'late-execution', dropFinalNotice: true }, { sid });
  await toNextCharge(stack, sid);
  assert.equal(stack.sandbox.schedules.schedule(sid)?.status, 'FIN');
  assert.equal(stack.sandbox.schedules.notices().at(-1)?.state, 'delivered', 'the PEN notice came');
  await reconcileTwice(stack);
  assert.equal(stack.toppedUp(), 1, 'no top-up before Carat confirms the charge');
  await stack.advance(1);
  assert.equal(stack.sandbox.schedules.notices().at(-1)?.state, 'dropped', 'the CON notice never came');
  await reconcileTwice(stack);
  assert.equal(stack.toppedUp(), 2, 'the confirmed charge is topped up, once');
  const view = (await stack.call('GET', `/api/schedules/${token}`)).body;
  assert.deepEqual(view.charges.map((c: { status: string }) => c.status), ['topped_up', 'topped_up']);
});

it('the last charge PEN with no notice at all, found FIN by the reconciliation: topped up once when CON', async () => {
  stack = await startScheduleStack();
  const answer = await stack.schedule(2, stack.dayAhead(2));
  assert.equal(answer.body.schedule.status, 'active', answer.text);
  const sid = stack.sandbox.schedules.schedules().at(-1)!.sid;
  await stack.advance(2);
  stack.sandbox.schedules.faults.next({ kind: 'late-execution', dropFinalNotice: true }, { sid });
  stack.sandbox.schedules.faults.next({ kind: 'drop-notification' }, { sid });
  await toNextCharge(stack, sid);
  assert.equal(stack.sandbox.schedules.schedule(sid)?.status, 'FIN');
  await reconcileTwice(stack);
  assert.equal(stack.toppedUp(), 1, 'no top-up before Carat confirms the charge');
  await stack.advance(1);
  await reconcileTwice(stack);
  assert.equal(stack.toppedUp(), 2);
});

it('a non-last charge PEN, no notice at all, the schedule cancelled meanwhile: topped up once when CON', async () => {
  stack = await startScheduleStack();
  const answer = await stack.schedule(3, stack.dayAhead(2));
  assert.equal(answer.body.schedule.status, 'active', answer.text);
  const token = answer.body.schedule.token as string;
  const sid = stack.sandbox.schedules.schedules().at(-1)!.sid;
  stack.sandbox.schedules.faults.next({ kind: 'late-execution', dropFinalNotice: true }, { sid });
  stack.sandbox.schedules.faults.next({ kind: 'drop-notification' }, { sid });
  await stack.advance(2);
  const cancelled = await stack.call('POST', `/api/schedules/${token}/cancel`);
  assert.equal(cancelled.status, 200, cancelled.text);
  await reconcileTwice(stack);
  assert.equal(stack.toppedUp(), 0, 'no top-up before Carat confirms the charge');
  await stack.advance(1);
  await reconcileTwice(stack);
  assert.equal(stack.toppedUp(), 1);
  const view = (await stack.call('GET', `/api/schedules/${token}`)).body;
  assert.deepEqual(view.charges.map((c: { status: string }) => c.status), ['topped_up']);
});
