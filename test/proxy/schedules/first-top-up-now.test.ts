/**
 * "First top-up now" (issue 10, `repeat` without startDate) against the sandbox: the first payment
 * with its schedule sold two-phase with the first top-up (payment PPC → recharge PPC → payment CON
 * → recharge CON), the schedule ATV only with the payment, and Carat's batch on the simulated
 * clock making the other N−1: N top-ups in all.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addMonths } from '../../../proxy/schedules/first-top-up-now.ts';
import { newKey } from '../support/stack.ts';
import { CARD, TOP_UP, startScheduleStack, type ScheduleStack } from './schedule-stack.ts';

const DENIED_CARD = '4000000000000002';
const DO = { wrapper: 'do_recharge_request' };

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

describe('"first top-up now": the first of N today, N−1 by Carat\'s batch', () => {
  let stack: ScheduleStack;
  before(async () => {
    stack = await startScheduleStack();
  });
  after(async () => {
    await stack.close();
  });

  const startNow = async (times: number, card = CARD) => {
    const id = await stack.openSession();
    const answer = await stack.call('POST', `/api/recharges/${id}/recharge`, {
      ...TOP_UP, payment: { card, installments: 1 }, repeat: { every: 'month', times },
    }, { 'Idempotency-Key': newKey() });
    return { id, answer };
  };
  const payments = () => stack.sandbox.payments().map((payment) => payment.status);

  it('tops up now with the receipt, activates the schedule with the payment, and the batch tops up the rest: N in all', async () => {
    const toppedBefore = stack.toppedUp();
    const { answer } = await startNow(3);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.status, 'CON', answer.text);
    assert.ok(answer.body.receipt.customer.length > 0, 'the first top-up\'s receipt');
    assert.equal(answer.body.payment.status, 'CON');
    const today = stack.dayAhead(0);
    const next = addMonths(today, 1);
    const { token, ...summary } = answer.body.schedule;
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(summary, { status: 'active', every: 'month', times: 3, nextDate: next, manageUrl: `${stack.proxyUrl}/schedules/${token}` });
    assert.equal(stack.toppedUp(), toppedBefore + 1, 'one top-up now');

    // Carat: the first payment is no execution; the schedule makes the other two from next month.
    const carat = stack.sandbox.schedules.schedules().at(-1)!;
    assert.equal(carat.status, 'ATV');
    assert.equal(carat.numberOfTimes, 2);
    assert.equal(carat.nextDate, next);
    assert.deepEqual(carat.executions, []);

    let view = (await stack.call('GET', `/api/schedules/${token}`)).body;
    assert.equal(view.done, 1);
    assert.deepEqual(view.charges, [{ date: today, amountCents: 2000, status: 'topped_up' }]);

    await stack.advance(daysBetween(today, next));
    assert.equal(stack.toppedUp(), toppedBefore + 2);
    await stack.advance(daysBetween(next, addMonths(today, 2)));
    assert.equal(stack.toppedUp(), toppedBefore + 3, 'N top-ups in all');
    await stack.schedules.reconciliation!.runOnce();
    await stack.advance(40);
    assert.equal(stack.toppedUp(), toppedBefore + 3, 'and no more');
    assert.equal(stack.sandbox.schedules.schedule(carat.sid)?.status, 'FIN');
    view = (await stack.call('GET', `/api/schedules/${token}`)).body;
    assert.equal(view.status, 'finished');
    assert.equal(view.done, 3);
    assert.deepEqual(view.charges.map((charge: { status: string }) => charge.status), ['topped_up', 'topped_up', 'topped_up']);
    assert.deepEqual(payments(), ['CON', 'CON', 'CON'], 'three charges of the card');
  });

});

describe('"first top-up now" whose answer went pending (202)', () => {
  it('the retry of its key gets the schedule with a manage link once; a later retry says it was shown, and that link keeps working', async () => {
    const stack = await startScheduleStack({ caratTimeoutMs: 400 });
    try {
      const id = await stack.openSession();
      // Carat confirms the first top-up but its answer is lost, and the status query fails: unknown.
      stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 2000 }, { wrapper: 'confirm_recharge_request' });
      stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, { method: 'GET', path: '/v3/recharge/' });
      const key = newKey();
      const body = { ...TOP_UP, payment: { card: CARD, installments: 1 }, repeat: { every: 'month', times: 3 } };
      const again = () => stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key });
      const first = await again();
      assert.equal(first.status, 202, first.text);

      const settled = await again();
      assert.equal(settled.status, 200, settled.text);
      assert.equal(settled.body.status, 'CON', settled.text);
      const { token, manageUrl, status } = settled.body.schedule;
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(manageUrl, `${stack.proxyUrl}/schedules/${token}`);
      assert.equal(status, 'active');

      const later = await again();
      assert.equal(later.status, 200, later.text);
      assert.equal(later.body.schedule.status, 'active');
      assert.equal(later.body.schedule.token, undefined, 'no second token');
      assert.equal(later.body.schedule.manageUrl, undefined);
      assert.match(later.body.message, /shown only once/);
      const view = await stack.call('GET', `/api/schedules/${token}`);
      assert.equal(view.status, 200, 'the link given still opens the schedule');
      assert.equal(view.body.done, 1);
      assert.equal(stack.sandbox.payments().filter((payment) => payment.status === 'CON').length, 1, 'one charge');
    } finally {
      await stack.close();
    }
  });
});

describe('"first top-up now": its first payment is no execution', () => {
  it('a status notice (or Carat\'s listing) of the first payment tops up nothing more', async () => {
    const stack = await startScheduleStack();
    try {
      const id = await stack.openSession();
      const answer = await stack.call('POST', `/api/recharges/${id}/recharge`, {
        ...TOP_UP, payment: { card: CARD, installments: 1 }, repeat: { every: 'month', times: 2 },
      }, { 'Idempotency-Key': newKey() });
      assert.equal(answer.body.status, 'CON', answer.text);
      const [firstPayment] = stack.sandbox.payments();
      const response = await fetch(`${stack.proxyUrl}/carat/status`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ nit: firstPayment!.nit, status: 'CON' }).toString(),
      });
      assert.equal(response.status, 200);
      await stack.schedules.idle();
      await stack.schedules.reconciliation!.runOnce();
      assert.equal(stack.toppedUp(), 1, 'only the first top-up');
      assert.deepEqual(await stack.scheduleStore.listOwed(), []);
      const view = (await stack.call('GET', `/api/schedules/${answer.body.schedule.token}`)).body;
      assert.equal(view.done, 1);
    } finally {
      await stack.close();
    }
  });
});

describe('"first top-up now" that fails: no top-up, no active schedule', () => {
  let stack: ScheduleStack;
  before(async () => {
    stack = await startScheduleStack();
  });
  after(async () => {
    await stack.close();
  });

  const startNow = async (times: number, card = CARD) => {
    const id = await stack.openSession();
    const answer = await stack.call('POST', `/api/recharges/${id}/recharge`, {
      ...TOP_UP, payment: { card, installments: 1 }, repeat: { every: 'month', times },
    }, { 'Idempotency-Key': newKey() });
    return { id, answer };
  };
  const payments = () => stack.sandbox.payments().map((payment) => payment.status);

  it('a denied card: nothing topped up, no schedule active, no token', async () => {
    const toppedBefore = stack.toppedUp();
    const { answer } = await startNow(4, { ...CARD, number: DENIED_CARD });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.status, 'NEG');
    assert.equal(answer.body.payment.status, 'NEG');
    assert.equal(answer.body.schedule.status, 'failed');
    assert.equal(answer.body.schedule.token, undefined);
    assert.equal(stack.toppedUp(), toppedBefore);
    const carat = stack.sandbox.schedules.schedules().at(-1)!;
    assert.notEqual(carat.status, 'ATV');
    assert.deepEqual(payments(), ['NEG']);
  });

  it('the payment taken but the top-up refused at its confirmation (attention): the schedule is cancelled at Carat, no monthly charge follows', async () => {
    const toppedBefore = stack.toppedUp();
    stack.sandbox.faults.next({ kind: 'deny' }, { wrapper: 'confirm_recharge_request' }, 2);
    const { answer } = await startNow(3);
    assert.equal(answer.status, 200, answer.text);
    assert.notEqual(answer.body.status, 'CON');
    assert.equal(answer.body.payment.status, 'CON');
    assert.doesNotMatch(answer.body.message, /Nothing was charged/);
    assert.equal(answer.body.schedule.status, 'cancelled');
    const carat = stack.sandbox.schedules.schedules().at(-1)!;
    assert.equal(carat.status, 'INA', 'the batch charges only ATV schedules');
    assert.equal(stack.toppedUp(), toppedBefore);
  });

  it('the top-up refused after the card was authorized: the payment is undone and the schedule never active', async () => {
    const toppedBefore = stack.toppedUp();
    stack.sandbox.faults.next({ kind: 'deny' }, DO);
    const { answer } = await startNow(3);
    assert.notEqual(answer.status, 202, answer.text);
    assert.notEqual(answer.body.status, 'CON', answer.text);
    if (answer.status === 200) {
      assert.equal(answer.body.payment.status, 'PPN');
      assert.equal(answer.body.schedule.status, 'failed');
      assert.equal(answer.body.schedule.token, undefined);
    }
    assert.equal(stack.toppedUp(), toppedBefore);
    const carat = stack.sandbox.schedules.schedules().at(-1)!;
    assert.equal(carat.status, 'DES');
    assert.deepEqual(payments(), ['NEG', 'CON', 'PPN']);
    await stack.advance(35);
    assert.equal(stack.toppedUp(), toppedBefore, 'the batch charges nothing');
  });

  it('without the seam wired, a repeat without startDate is refused naming repeat.startDate', async () => {
    const bare = await startScheduleStack({ firstTopUpNow: false });
    try {
      const id = await bare.openSession();
      const answer = await bare.call('POST', `/api/recharges/${id}/recharge`, {
        ...TOP_UP, payment: { card: CARD, installments: 1 }, repeat: { every: 'month', times: 3 },
      }, { 'Idempotency-Key': newKey() });
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.body.error.field, 'repeat.startDate');
    } finally {
      await bare.close();
    }
  });
});

describe('addMonths', () => {
  it('keeps the day, or the month\'s last day when shorter', () => {
    assert.equal(addMonths('2026-12-02', 1), '2027-01-02');
    assert.equal(addMonths('2027-01-31', 1), '2027-02-28');
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2026-12-31', 2), '2027-02-28');
  });
});
