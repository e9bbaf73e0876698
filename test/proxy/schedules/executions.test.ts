/**
 * The executions of Carat's daily batch on the sandbox's simulated calendar, each form-POSTed to
 * POST /carat/status: every charge Carat confirms tops the phone up exactly once (repeated, racing,
 * forged or dropped notices included), a denied one tops up nothing, and a top-up that keeps
 * failing after a confirmed charge ends in `attention`.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ScheduleViewSchema } from '../../../proxy/browser-schemas.ts';
import { listAttention } from '../../../proxy/schedules/attention.ts';
import { hashScheduleToken } from '../../../proxy/schedules/schedule-token.ts';
import type { SessionRecord } from '../../../proxy/store/session-store.ts';
import { startScheduleStack, type ScheduleStack } from './schedule-stack.ts';

const DAY_MS = 86_400_000;
let stack: ScheduleStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function activeSchedule(s: ScheduleStack, times: number, startInDays = 2): Promise<{ token: string; sid: string }> {
  const answer = await s.schedule(times, s.dayAhead(startInDays));
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.body.schedule.status, 'active');
  const carat = s.sandbox.schedules.schedules().at(-1)!;
  return { token: answer.body.schedule.token, sid: carat.sid };
}

const view = async (s: ScheduleStack, token: string) => ScheduleViewSchema.parse((await s.call('GET', `/api/schedules/${token}`)).body);

/** Posts a status form to the proxy as Carat would. */
async function postNotice(s: ScheduleStack, form: Record<string, string>): Promise<number> {
  const response = await fetch(`${s.proxyUrl}/carat/status`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(),
  });
  return response.status;
}

describe('executions of a monthly top-up', () => {
  it('three executions to FIN give three top-ups, one per charge', async () => {
    stack = await startScheduleStack();
    const { token, sid } = await activeSchedule(stack, 3);
    await stack.advance(2);
    assert.equal(stack.toppedUp(), 1);
    assert.equal((await view(stack, token)).done, 1);
    await stack.advance(31);
    await stack.advance(31);
    assert.equal(stack.sandbox.schedules.schedule(sid)?.status, 'FIN');
    assert.equal(stack.toppedUp(), 3);
    const shown = await view(stack, token);
    assert.equal(shown.status, 'finished');
    assert.equal(shown.done, 3);
    assert.equal(shown.nextDate, undefined);
    assert.deepEqual(shown.charges.map((c: { status: string }) => c.status), ['topped_up', 'topped_up', 'topped_up']);
    assert.deepEqual(shown.charges.map((c: { amountCents: number }) => c.amountCents), [2000, 2000, 2000]);
    // Each top-up is a normal recharge journaled like any other, its confirmation saying the card paid.
    const schedule = (await stack.scheduleStore.byTokenHash(hashScheduleToken(token)))!;
    for (const execution of await stack.scheduleStore.listExecutions(schedule.id)) {
      const session: SessionRecord = (await stack.store.get(execution.sessionId!))!;
      assert.equal(session.status, 'CON');
      assert.equal(session.grant?.paidBy, 'schedule');
      const confirm = session.steps.find((step) => step.step === 'confirm');
      assert.deepEqual(confirm?.usedPaymentMethods?.map((entry) => entry.split(':')[0]), ['03']);
    }
    // Every notice was answered 200 at the first POST.
    assert.ok(stack.sandbox.schedules.notices().every((n) => n.state === 'delivered' && n.answers.join() === '200'));
    // Later batches charge nothing more.
    await stack.advance(40);
    assert.equal(stack.toppedUp(), 3);
  });

  it('a denied execution tops up nothing and is shown denied; the next one is topped up', async () => {
    stack = await startScheduleStack();
    const { token, sid } = await activeSchedule(stack, 2);
    stack.sandbox.schedules.faults.next({ kind: 'deny-execution' }, { sid });
    await stack.advance(2);
    assert.equal(stack.toppedUp(), 0);
    await stack.advance(31);
    assert.equal(stack.toppedUp(), 1);
    const shown = await view(stack, token);
    assert.deepEqual(shown.charges.map((c: { status: string }) => c.status), ['denied', 'topped_up']);
    assert.equal(shown.status, 'finished');
  });

  it('a repeated notice and two racing ones give one top-up', async () => {
    stack = await startScheduleStack();
    const { sid } = await activeSchedule(stack, 2);
    stack.sandbox.schedules.faults.next({ kind: 'repeat-notification', times: 3 }, { sid });
    await stack.advance(2);
    assert.equal(stack.sandbox.schedules.notices()[0]?.answers.length, 4, 'the notice was POSTed four times');
    assert.equal(stack.toppedUp(), 1);

    // The second execution's notice dropped, then POSTed twice at once by "Carat".
    stack.sandbox.schedules.faults.next({ kind: 'drop-notification' }, { sid });
    await stack.advance(31);
    const nit = stack.sandbox.schedules.schedule(sid)!.executions[1]!.nit;
    const form = { nit, status: 'CON' };
    const statuses = await Promise.all([postNotice(stack, form), postNotice(stack, form)]);
    assert.deepEqual(statuses, [200, 200]);
    await stack.schedules.idle();
    await stack.schedules.reconciliation!.runOnce();
    assert.equal(stack.toppedUp(), 2);
  });

  it('a forged notice tops up nothing', async () => {
    stack = await startScheduleStack();
    await activeSchedule(stack, 2);
    assert.equal(await postNotice(stack, { nit: 'f'.repeat(64), status: 'CON' }), 200);
    assert.equal(await postNotice(stack, { nit: 'not a nit', status: 'CON' }), 200);
    // A real NIT of a recharge, not of a schedule charge: Carat's answer is not a charge of ours.
    const oneOff = stack.sandbox.transactions()[0]!.nit;
    assert.equal(await postNotice(stack, { nit: oneOff, status: 'CON' }), 200);
    await stack.schedules.idle();
    await stack.schedules.reconciliation!.runOnce();
    assert.equal(stack.toppedUp(), 0);
    assert.deepEqual(await stack.scheduleStore.listOwed(), []);
  });

  it('forged notices, once verified, are deleted by the reconciliation a day later: a flood leaves no rows for good', async () => {
    stack = await startScheduleStack();
    await activeSchedule(stack, 2);
    for (let i = 0; i < 3; i++) assert.equal(await postNotice(stack, { nit: `${i}`.repeat(64), status: 'CON' }), 200);
    await stack.schedules.idle();
    await stack.schedules.reconciliation!.runOnce();
    const far = new Date(Date.now() + 10 * DAY_MS).toISOString();
    const recharge = stack.schedules.deps!.recharge;
    const realNow = recharge.now;
    recharge.now = () => realNow() + DAY_MS + 60_000;
    try {
      await stack.schedules.reconciliation!.runOnce();
    } finally {
      recharge.now = realNow;
    }
    assert.equal(await stack.scheduleStore.forgetVerifiedNotices(far), 0, 'the pass a day later deleted all three');
    assert.deepEqual(await stack.scheduleStore.listUnverifiedNotices(), []);
  });

  it('a dropped notice is served by the reconciliation', async () => {
    stack = await startScheduleStack();
    const { sid, token } = await activeSchedule(stack, 2);
    stack.sandbox.schedules.faults.next({ kind: 'drop-notification' }, { sid });
    await stack.advance(2);
    assert.equal(stack.toppedUp(), 0);
    const pass = await stack.schedules.reconciliation!.runOnce();
    assert.equal(pass.charged, 1);
    assert.equal(pass.toppedUp, 1);
    assert.equal(stack.toppedUp(), 1);
    assert.equal((await view(stack, token)).charges[0]?.status, 'topped_up');
  });

  it('a cancellation sets the schedule INA at Carat: no later charge', async () => {
    stack = await startScheduleStack();
    const { sid, token } = await activeSchedule(stack, 3);
    await stack.advance(2);
    const cancelled = await stack.call('POST', `/api/schedules/${token}/cancel`);
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.headers.get('cache-control'), 'no-store');
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal(cancelled.body.nextDate, undefined);
    assert.equal(stack.sandbox.schedules.schedule(sid)?.status, 'INA');
    assert.ok(stack.caratCalls().some((call) => call.startsWith('POST /e-sitef/api/v1/schedules/edits')));
    assert.ok(stack.caratCalls().some((call) => call.startsWith('PUT /e-sitef/api/v1/schedules/edits/')));
    await stack.advance(70);
    assert.equal(stack.toppedUp(), 1);
    assert.equal(stack.sandbox.schedules.schedule(sid)?.executions.length, 1);
    // Cancelling again answers the same view.
    assert.equal((await stack.call('POST', `/api/schedules/${token}/cancel`)).body.status, 'cancelled');
  });

  it('a top-up failing after a confirmed charge is retried, then marked attention with the token hash logged', async () => {
    stack = await startScheduleStack({ topUpRetry: { maxAttempts: 3, firstDelayMs: 0 } });
    const { token } = await activeSchedule(stack, 2);
    stack.sandbox.faults.always({ kind: 'deny' }, { wrapper: 'do_recharge_request' });
    await stack.advance(2);
    stack.sandbox.faults.clear();
    assert.equal(stack.toppedUp(), 0);
    const doCalls = stack.caratCalls().filter((call) => call.endsWith('do_recharge_request'));
    assert.equal(doCalls.length, 3, 'three attempts');
    assert.equal((await view(stack, token)).charges[0]?.status, 'attention');
    const line = stack.logs.find((entry) => entry.level === 50 && String(entry.msg).includes('attention'));
    assert.ok(line, 'an error line');
    assert.equal(line.schedule, hashScheduleToken(token));
    const listed = await listAttention(stack.scheduleStore);
    assert.equal(listed.length, 1);
    assert.equal(listed[0]?.schedule, hashScheduleToken(token));
    assert.equal(listed[0]?.phone.number, '*****7665');
    // Attention is for a person: the reconciliation does not try again.
    await stack.schedules.reconciliation!.runOnce();
    assert.equal(stack.toppedUp(), 0);
  });
});
