/**
 * The sandbox's REST Schedule activation (§6.1–§6.4, §5): without payment (SID → POST
 * /v1/schedules/{sid} → ATV) and with the first payment (payment CON ⇒ schedule ATV, together, with
 * late confirmation too), the refusals on the way, and both queries showing both transactions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harnessForThisFile } from './harness.ts';
import { DENIED_CARD } from './payment-calls.ts';
import { scheduleCalls, wireDay } from './schedule-calls.ts';

const START_MS = Date.UTC(2026, 0, 31, 12);
let clockMs = START_MS;
const LIFETIME_MS = 15 * 60 * 1000;
const h = harnessForThisFile({ now: () => clockMs, nitLifetimeMs: LIFETIME_MS });
const api = scheduleCalls(h);
const TODAY = '2026-01-31';

function assertRefused(reply: { status: number; body: any; text: string }, code: string, message: RegExp): void {
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.body.code, code, reply.text);
  assert.match(reply.body.message, message);
}

describe('a schedule without payment (do_payment_now "false")', () => {
  it('gives a NOV SID; activation with the card makes it ATV with next_date = initial_date', async () => {
    const sid = await api.createSchedule('2026-02-10');
    assert.match(sid, /^[A-Za-z0-9]{64}$/);
    assert.equal(await api.scheduleStatus(sid), 'NOV');
    const activated = await api.activate(sid);
    assert.equal(activated.body.code, '0', activated.text);
    assert.equal(activated.body.schedule.status, 'ATV');
    assert.equal(activated.body.schedule.initial_date, wireDay('2026-02-10'));
    assert.equal(activated.body.schedule.next_date, wireDay('2026-02-10'));
    assert.match(activated.body.schedule.schedule_usn, /^\d{15}$/);
    assert.ok(!activated.text.includes('4111111111111111'), 'the card never comes back');
    const query = await api.querySchedule(sid);
    assert.equal(query.body.schedule.status, 'ATV');
    assert.equal(query.body.schedule.executed_times, '0');
    assert.deepEqual(query.body.schedule.executions, []);
    assert.equal(query.body.payment, undefined, 'no payment belongs to it');
    assertRefused(await api.activate(sid), '6', /^status: schedule is ATV; activation needs NOV/);
  });

  it('a denied card activates nothing and another card may be tried', async () => {
    const sid = await api.createSchedule(TODAY);
    assertRefused(await api.activate(sid, DENIED_CARD), '7', /cartao recusado/);
    assert.equal(await api.scheduleStatus(sid), 'NOV');
    assert.equal((await api.activate(sid)).body.schedule.status, 'ATV');
  });

  it('refuses a past or malformed initial date, a missing count, a bad SID and another merchant\'s SID', async () => {
    const create = (schedule: Record<string, unknown>) => api.call('POST', '/v1/transactions', { schedule: { do_payment_now: 'false', amount: '100', number_of_times: '2', ...schedule } });
    assertRefused(await create({ initial_date: '30/01/2026' }), '1', /^schedule\.initial_date: expected today or a later day/);
    assertRefused(await create({ initial_date: '31/02/2026' }), '1', /^schedule\.initial_date: expected a date DD\/MM\/YYYY/);
    assertRefused(await create({ initial_date: '2026-02-01' }), '1', /^schedule\.initial_date/);
    assertRefused(await create({ initial_date: '01/02/2026', number_of_times: undefined }), '1', /^schedule\.number_of_times: is required/);
    assertRefused(await create({ initial_date: '01/02/2026', number_of_times: '0' }), '1', /^schedule\.number_of_times: expected at least 1/);
    assertRefused(await create({ initial_date: '01/02/2026', do_payment_now: 'maybe' }), '1', /^schedule\.do_payment_now/);
    assertRefused(await api.activate('x'.repeat(10)), '1', /^sid: expected exactly 64/);
    assertRefused(await api.activate('a'.repeat(64)), '2', /^sid: unknown schedule/);
    const sid = await api.createSchedule(TODAY);
    const other = await api.call('GET', `/v1/schedules/${sid}`, undefined, { merchant: { id: 'shopsig', key: 'SIGNATUREKEY00000000000000000001' } });
    assertRefused(other, '2', /^sid: unknown schedule/);
  });

  it('a SID never activated expires (EXP); the query still answers', async () => {
    const sid = await api.createSchedule(TODAY);
    clockMs += LIFETIME_MS;
    try {
      assertRefused(await api.activate(sid), '3', /^sid: schedule expired/);
      assert.equal(await api.scheduleStatus(sid), 'EXP');
    } finally {
      clockMs = START_MS;
    }
  });
});

describe('a schedule with the first payment', () => {
  it('automatic confirmation: the payment CON and the schedule ATV come in the same answer', async () => {
    const { nit, sid, reply } = await api.createWithPayment('2026-02-28', false);
    assert.equal(reply.body.payment.status, 'NOV');
    assert.equal(reply.body.schedule.status, 'NOV');
    const paid = await api.pay(nit);
    assert.equal(paid.body.code, '0', paid.text);
    assert.equal(paid.body.payment.status, 'CON');
    assert.equal(paid.body.schedule.status, 'ATV');
    assert.equal(paid.body.schedule.sid, sid);
    assert.equal(paid.body.schedule.next_date, '28/02/2026');
    const bySid = await api.querySchedule(sid);
    assert.equal(bySid.body.schedule.status, 'ATV');
    assert.equal(bySid.body.payment.status, 'CON');
    assert.equal(bySid.body.payment.nit, nit);
    const byNit = await api.queryTransaction(nit);
    assert.equal(byNit.body.payment.status, 'CON');
    assert.equal(byNit.body.schedule.status, 'ATV');
    assertRefused(await api.activate(sid), '6', /activated by its payment/);
  });

  it('late confirmation: PPC keeps the schedule PEN; confirming makes both CON/ATV', async () => {
    const { nit, sid } = await api.createWithPayment(TODAY);
    const paid = await api.pay(nit);
    assert.equal(paid.body.payment.status, 'PPC');
    assert.equal(paid.body.schedule.status, 'PEN');
    assert.equal(await api.scheduleStatus(sid), 'PEN');
    const confirmed = await api.confirm(nit, 'true');
    assert.equal(confirmed.body.payment.status, 'CON');
    assert.equal(confirmed.body.schedule.status, 'ATV');
    assert.equal(await api.scheduleStatus(sid), 'ATV');
  });

  it('an undone payment leaves the schedule DES, a denied one ERR, an expired one EXP: none is activated', async () => {
    const undone = await api.createWithPayment(TODAY);
    await api.pay(undone.nit);
    assert.equal((await api.confirm(undone.nit, 'false')).body.schedule.status, 'DES');
    const denied = await api.createWithPayment(TODAY);
    assert.equal((await api.pay(denied.nit, DENIED_CARD)).body.schedule.status, 'ERR');
    assert.equal(await api.scheduleStatus(denied.sid), 'ERR');
    const late = await api.createWithPayment(TODAY);
    await api.pay(late.nit);
    clockMs += LIFETIME_MS;
    try {
      assert.equal(await api.scheduleStatus(late.sid), 'EXP');
    } finally {
      clockMs = START_MS;
    }
    const batch = await h.sandbox.schedules.runBatch();
    for (const sid of [undone.sid, denied.sid, late.sid]) assert.ok(!batch.some((e) => e.sid === sid), 'not charged');
  });

  it('the first payment needs its amount', async () => {
    const reply = await api.call('POST', '/v1/transactions', { schedule: { amount: '100', initial_date: wireDay(TODAY), number_of_times: '2' } });
    assertRefused(reply, '1', /^amount: is required/);
  });
});
