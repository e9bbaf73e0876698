/**
 * The `schedule` block of the REST Schedule answers (§6), unwrapped beside `code` and `message` like
 * the payment answers. Creation shows the §6.2 example's fields, activation and edits the §6.4
 * example's, key for key. Q10 (the v1 query answer was not captured): the query adds what a merchant
 * needs to find every charge without a notification — order data, the interval, the count of
 * executions and each execution's NIT, day, status and amount. Every value is a JSON string (§0).
 */
import { OK_MESSAGE, ESITEF_CODES, type WireBody } from '../responses.ts';
import { wireDayOf } from './schedule-calendar.ts';
import type { Schedule, ScheduleBook } from './schedule-book.ts';

export function scheduleOk(blocks: { schedule?: Record<string, unknown>; payment?: Record<string, string> }): WireBody {
  return { code: ESITEF_CODES.ok, message: OK_MESSAGE, ...blocks };
}

/** As POST /v1/transactions answers (§6.2 example). */
export function scheduleCreatedBlock(s: Schedule): Record<string, string> {
  return { status: s.status, sid: s.sid, amount: String(s.amountCents), order_id: s.orderId ?? '', merchant_usn: s.merchantUsn ?? '' };
}

/** As activation answers (§6.4 example): next_date is "" once every execution is done. */
export function scheduleBlock(schedules: ScheduleBook, s: Schedule): Record<string, string> {
  const next = schedules.nextDay(s);
  return {
    status: s.status,
    sid: s.sid,
    schedule_usn: s.scheduleUsn ?? '',
    amount: String(s.amountCents),
    initial_date: wireDayOf(s.initialDay),
    next_date: next === undefined ? '' : wireDayOf(next),
    number_of_times: String(s.numberOfTimes),
    soft_descriptor: s.softDescriptor ?? '',
    show_times_invoice: s.showTimesInvoice ?? 'false',
  };
}

/** As the queries answer: the activation block plus the sandbox's Q10 fields. */
export function scheduleQueryBlock(schedules: ScheduleBook, s: Schedule): Record<string, unknown> {
  return {
    ...scheduleBlock(schedules, s),
    order_id: s.orderId ?? '',
    merchant_usn: s.merchantUsn ?? '',
    interval: String(s.interval),
    executed_times: String(s.executions.length),
    executions: s.executions.map((e) => ({
      nit: e.nit,
      number: String(e.number),
      date: wireDayOf(e.day),
      status: e.status,
      amount: String(e.amountCents),
    })),
  };
}

/**
 * The schedule block beside a payment that activates or executes a schedule (Q10: §4.2 expects one
 * on the payment call; §4.4 says both queries show both). Empty for a plain payment.
 */
export function scheduleOfPayment(schedules: ScheduleBook, sid: string | undefined, view: 'answer' | 'query'): { schedule?: Record<string, unknown> } {
  const schedule = sid === undefined ? undefined : schedules.get(sid);
  if (!schedule) return {};
  return { schedule: view === 'query' ? scheduleQueryBlock(schedules, schedule) : scheduleBlock(schedules, schedule) };
}
