/**
 * A monthly top-up with a start date (issue 10): the recharge call with `repeat` sets up an ATV
 * schedule at Carat and tops up nothing now; the answer carries the token and manage link once;
 * GET /api/schedules/:token shows it; the rules on `repeat` (grant, times, start date, first
 * top-up now) are refused naming the field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Writable } from 'node:stream';
import { ScheduleSummarySchema, ScheduleViewSchema } from '../../../proxy/browser-schemas.ts';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import type { ScheduleSetup } from '../../../proxy/schedules/schedule-deps.ts';
import { hashScheduleToken } from '../../../proxy/schedules/schedule-token.ts';
import { waitForLogLines } from '../support/log-lines.ts';
import { grantFor, newKey } from '../support/stack.ts';
import { CARD, PHONE, TOP_UP, startScheduleStack, type ScheduleStack } from './schedule-stack.ts';

let stack: ScheduleStack;
before(async () => {
  stack = await startScheduleStack();
});
after(() => stack.close());

describe('setting up a monthly top-up with a start date', () => {
  it('creates an ATV schedule at Carat, tops up nothing now, and shows the token once', async () => {
    const startDate = stack.dayAhead(5);
    const answer = await stack.schedule(3, startDate);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.status, 'NOV');
    assert.deepEqual(answer.body.receipt, { customer: '', merchant: '' });
    ScheduleSummarySchema.parse(answer.body.schedule);
    const { token, manageUrl, ...summary } = answer.body.schedule;
    assert.deepEqual(summary, { status: 'active', every: 'month', times: 3, nextDate: startDate });
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(manageUrl, `${stack.proxyUrl}/schedules/${token}`);
    assert.equal(stack.toppedUp(), 0, 'nothing topped up now');

    const [carat] = stack.sandbox.schedules.schedules();
    assert.equal(carat?.status, 'ATV');
    assert.equal(carat?.numberOfTimes, 3);
    assert.equal(carat?.nextDate, startDate);
    assert.ok(stack.caratCalls().some((call) => call.startsWith('POST /e-sitef/api/v1/schedules/')), 'activated with POST /v1/schedules/{sid}');

    // Only the hash is stored.
    const stored = await stack.scheduleStore.byTokenHash(hashScheduleToken(token));
    assert.ok(stored);
    assert.ok(!JSON.stringify(stored).includes(token));

    const view = await stack.call('GET', `/api/schedules/${token}`);
    assert.equal(view.status, 200);
    ScheduleViewSchema.parse(view.body);
    assert.equal(view.headers.get('cache-control'), 'no-store');
    assert.equal(view.headers.get('referrer-policy'), 'no-referrer');
    assert.deepEqual(view.body, {
      status: 'active', dealerCode: '003', dealerName: view.body.dealerName, phone: { ddd: PHONE.ddd, number: '*****7665' },
      amountCents: 2000, every: 'month', times: 3, done: 0, nextDate: startDate, charges: [],
    });
    assert.equal(typeof view.body.dealerName, 'string');

    const page = await stack.call('GET', `/schedules/${token}`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.ok(page.text.includes(`<recharge-widget manage="${token}">`));
    // Styled within its CSP: the system's font from an inline <style>, nothing external, no inline script.
    assert.match(page.text, /<style>[^<]*font-family: system-ui[^<]*<\/style>/);
    assert.match(page.headers.get('content-security-policy') ?? '', /style-src [^;]*'unsafe-inline'/);
    assert.doesNotMatch(page.text, /https?:\/\/|<script(?![^>]*\ssrc=)/);
    for (const response of stack.responses) {
      assert.ok(!response.text.includes(carat!.sid), 'the SID never reaches the browser');
    }
  });

  it('replays the same Idempotency-Key without the token (shown once)', async () => {
    const id = await stack.openSession();
    const key = newKey();
    const body = { ...TOP_UP, payment: { card: CARD, installments: 1 }, repeat: { every: 'month', times: 2, startDate: stack.dayAhead(3) } };
    const first = await stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key });
    const replay = await stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key });
    assert.ok(first.body.schedule.token);
    assert.equal(replay.status, 200);
    assert.equal(replay.body.schedule.token, undefined);
    assert.equal(replay.body.schedule.manageUrl, undefined);
    assert.match(replay.body.message, /only once/);
    // A second schedule from the same session is refused.
    const again = await stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': newKey() });
    assert.equal(again.status, 409);
  });

  it('unknown and malformed tokens are 404', async () => {
    for (const path of [`/api/schedules/${'A'.repeat(43)}`, '/api/schedules/short', `/schedules/${'B'.repeat(43)}`]) {
      const answer = await stack.call('GET', path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
    }
    assert.equal((await stack.call('POST', `/api/schedules/${'A'.repeat(43)}/cancel`)).status, 404);
  });

  it('refuses repeat outside its rules, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ repeat: { every: 'month', times: 1, startDate: stack.dayAhead(3) } }, 'repeat.times'],
      [{ repeat: { every: 'month', times: 13, startDate: stack.dayAhead(3) } }, 'repeat.times'],
      [{ repeat: { every: 'week', times: 3, startDate: stack.dayAhead(3) } }, 'repeat.every'],
      [{ repeat: { every: 'month', times: 3, startDate: stack.dayAhead(0) } }, 'repeat.startDate'],
      [{ repeat: { every: 'month', times: 3, startDate: stack.dayAhead(61) } }, 'repeat.startDate'],
      [{ repeat: { every: 'month', times: 3, startDate: '2027-02-30' } }, 'repeat.startDate'],
      [{ repeat: { every: 'month', times: 3, startDate: stack.dayAhead(3) }, payment: { card: CARD, installments: 2 } }, 'payment.installments'],
    ];
    for (const [extra, field] of cases) {
      const answer = await stack.schedule(3, stack.dayAhead(3), extra);
      assert.equal(answer.status, 400, `${JSON.stringify(extra)}: ${answer.text}`);
      assert.equal(answer.body.error.field, field, JSON.stringify(extra));
    }
    assert.equal(stack.sandbox.schedules.schedules().length, 2, 'no schedule made by a refused request');
  });

  it('a grant pays one sale, never a schedule: 400 naming repeat', async () => {
    const created = await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
    await stack.call('POST', `/api/recharges/${created.body.id}/branches`, { dealerCode: '003', ddd: PHONE.ddd });
    const answer = await stack.call('POST', `/api/recharges/${created.body.id}/recharge`, {
      ...TOP_UP, repeat: { every: 'month', times: 3, startDate: stack.dayAhead(3) },
    }, { 'Idempotency-Key': newKey() });
    assert.equal(answer.status, 400, answer.text);
    assert.equal(answer.body.error.field, 'repeat');
  });

  it('a refused card sets up nothing and shows no token', async () => {
    const answer = await stack.schedule(3, stack.dayAhead(4), { payment: { card: { ...CARD, number: '4000000000000002' }, installments: 1 } });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.status, 'NEG');
    assert.equal(answer.body.schedule.status, 'failed');
    assert.equal(answer.body.schedule.token, undefined);
  });
});

describe('the schedule token in logs', () => {
  it('never appears in a request line', async () => {
    const lines: string[] = [];
    const logged = await startScheduleStack({ logger: createLogger({ level: 'info', destination: new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }) }) });
    try {
      const token = (await logged.schedule(2, logged.dayAhead(3))).body.schedule.token as string;
      await logged.call('GET', `/api/schedules/${token}`);
      await logged.call('GET', `/schedules/${token}`);
      await logged.call('POST', `/api/schedules/${token}/cancel`);
      await waitForLogLines(() => lines.filter((line) => line.includes('/schedules/[token]')).length >= 3, 'the token routes');
      assert.ok(!lines.join('\n').includes(token), 'no token in the log');
    } finally {
      await logged.close();
    }
  });
});

describe('"first top-up now" (repeat without startDate)', () => {
  it('goes to the wired two-phase sale with the checked choice and its stored record, and the answer carries the token', async () => {
    const setups: ScheduleSetup[] = [];
    const wired = await startScheduleStack({
      firstTopUpNow: async (_deps, setup) => {
        setups.push(setup);
        return { result: { status: 'CON', receipt: { customer: 'C', merchant: 'M' }, schedule: { status: 'active', every: 'month', times: setup.record.times } }, token: setup.token };
      },
    });
    try {
      const id = await wired.openSession();
      const answer = await wired.call('POST', `/api/recharges/${id}/recharge`, {
        ...TOP_UP, payment: { card: CARD, installments: 1 }, repeat: { every: 'month', times: 4 },
      }, { 'Idempotency-Key': newKey() });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(setups.length, 1);
      const [setup] = setups;
      assert.equal(setup!.record.state, 'creating');
      assert.equal(setup!.record.startDate, wired.dayAhead(0), 'the first top-up is today');
      assert.equal(setup!.agreed.paymentAmountCents, 2000);
      assert.equal(setup!.card.expiryDate, '1235');
      assert.ok(await wired.scheduleStore.byTokenHash(hashScheduleToken(setup!.token)), 'stored before the money calls');
      assert.equal(answer.body.schedule.token, setup!.token);
      assert.equal(answer.body.schedule.manageUrl, `${wired.proxyUrl}/schedules/${setup!.token}`);
      assert.equal(wired.sandbox.schedules.schedules().length, 0, 'nothing of this test\'s own went to Carat');
    } finally {
      await wired.close();
    }
  });
});

describe('token routes are rate-limited per address', () => {
  it('past the limit: 429 with Retry-After, whatever the token', async () => {
    const limited = await startScheduleStack({ tokenLookupsPerMinutePerIp: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await limited.call('GET', `/api/schedules/${String(i).repeat(43)}`)).status);
      const page = await limited.call('GET', `/schedules/${'Z'.repeat(43)}`);
      assert.deepEqual(statuses, [404, 404, 404, 429]);
      assert.equal(page.status, 429);
      assert.equal(page.headers.get('retry-after'), '60');
      assert.equal(page.headers.get('cache-control'), 'no-store');
    } finally {
      await limited.close();
    }
  });
});
