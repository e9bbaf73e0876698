/**
 * Who may ask for a monthly top-up (issue 10): a `normal` recharge paid by card, N from 2 to 12
 * (the schema), and a start day after today and at most 60 days ahead. A grant pays one sale,
 * never a schedule. "Today" is the proxy's UTC day — choice: Carat's batch day is not documented;
 * a shopper in Brazil (UTC−3) may so see one day less on the edge of midnight, never a past day.
 */
import type { RechargeRequest, RepeatRequest } from '../browser-api.ts';
import { invalidRequest } from '../api-failure.ts';
import type { SessionRecord } from '../store/session-store.ts';

export const MAX_START_DAYS_AHEAD = 60;

/** YYYY-MM-DD of the UTC day of `ms`. */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The day `days` after `day`. */
export function addDays(day: string, days: number): string {
  return isoDay(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000);
}

/**
 * `firstTopUpNow`: whether "first top-up now" is wired (ScheduleDeps.firstTopUpNow); without it a
 * repeat without startDate is refused naming `repeat.startDate`.
 */
export function checkRepeat(session: SessionRecord, request: RechargeRequest, nowMs: number, firstTopUpNow = false): RepeatRequest {
  const repeat = request.repeat;
  if (!repeat) throw invalidRequest('repeat', 'is required here');
  if (session.type !== 'normal') throw invalidRequest('repeat', 'is only for phone top-ups (normal recharges)');
  if (session.grant) throw invalidRequest('repeat', 'is not allowed: the shop\'s order grant pays for one top-up, never a monthly one');
  if (!request.payment) throw invalidRequest('payment', 'a monthly top-up is paid by card: send the card');
  if (request.payment.installments !== 1) throw invalidRequest('payment.installments', 'each monthly charge is paid at once: 1');
  if (repeat.startDate === undefined) {
    if (firstTopUpNow) return repeat;
    throw invalidRequest('repeat.startDate', 'first top-up now: not yet offered; send a startDate (a future day, at most 60 days ahead)');
  }
  const { startDate } = repeat;
  // 2026-02-30 matches the pattern but is no day.
  if (isoDay(Date.parse(`${startDate}T00:00:00Z`) || 0) !== startDate) throw invalidRequest('repeat.startDate', 'is not a day of the calendar');
  const today = isoDay(nowMs);
  if (startDate <= today) throw invalidRequest('repeat.startDate', 'must be a future day');
  if (startDate > addDays(today, MAX_START_DAYS_AHEAD)) throw invalidRequest('repeat.startDate', `must be at most ${MAX_START_DAYS_AHEAD} days ahead`);
  return repeat;
}
