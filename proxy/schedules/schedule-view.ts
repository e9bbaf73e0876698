/** A schedule as the shopper sees it (browser-api.ts ScheduleView, ScheduleSummary): no SID, no NIT, the phone masked. */
import type { ScheduleCharge, ScheduleStatus, ScheduleSummary, ScheduleView } from '../browser-api.ts';
import type { ExecutionRecord, ScheduleRecord, ScheduleState } from './schedule-store.ts';

const STATUS: Record<ScheduleState, ScheduleStatus> = {
  creating: 'pending', activating: 'pending', active: 'active', cancelled: 'cancelled', finished: 'finished', failed: 'failed',
};

const CHARGE: Record<ExecutionRecord['state'], ScheduleCharge['status']> = {
  charged: 'pending', topped_up: 'topped_up', denied: 'denied', attention: 'attention',
};

/** All but the last 4 digits as "*". */
export const maskedNumber = (number: string): string => `${'*'.repeat(Math.max(0, number.length - 4))}${number.slice(-4)}`;

export function scheduleStatus(record: ScheduleRecord): ScheduleStatus {
  return STATUS[record.state];
}

/** Where the shopper manages it: `<base>/schedules/<token>`. */
export const manageUrl = (baseUrl: string, token: string): string => `${baseUrl.replace(/\/+$/, '')}/schedules/${token}`;

export function scheduleSummary(record: ScheduleRecord, token?: string, baseUrl?: string): ScheduleSummary {
  // A first top-up now was on startDate itself: the next one is Carat's to say.
  const fallback = record.done === 0 && record.firstTopUp === undefined ? record.startDate : undefined;
  const nextDate = record.state === 'active' || record.state === 'activating' ? record.nextDate ?? fallback : undefined;
  return {
    ...(token ? { token } : {}),
    status: scheduleStatus(record),
    every: record.every,
    times: record.times,
    ...(nextDate ? { nextDate } : {}),
    ...(token && baseUrl !== undefined ? { manageUrl: manageUrl(baseUrl, token) } : {}),
  };
}

export function scheduleView(record: ScheduleRecord, executions: ExecutionRecord[]): ScheduleView {
  const { nextDate } = scheduleSummary(record);
  const charges = [...executions].sort((a, b) => a.date.localeCompare(b.date))
    .map((execution): ScheduleCharge => ({ date: execution.date, amountCents: execution.chargeCents, status: CHARGE[execution.state] }));
  // The first top-up now counts as the first of `times` (Carat's batch makes the other times − 1).
  const first = firstCharge(record);
  if (first) charges.unshift(first);
  return {
    status: scheduleStatus(record),
    dealerCode: record.dealerCode,
    dealerName: record.dealerName,
    phone: { ddd: record.phone.ddd, number: maskedNumber(record.phone.number) },
    amountCents: record.amountCents,
    every: record.every,
    times: record.times,
    done: Math.max(record.done, executions.length) + (record.firstTopUp === 'topped_up' ? 1 : 0),
    ...(nextDate ? { nextDate } : {}),
    charges,
  };
}

function firstCharge(record: ScheduleRecord): ScheduleCharge | undefined {
  if (record.firstTopUp === 'topped_up') return { date: record.startDate, amountCents: record.chargeCents, status: 'topped_up' };
  if (record.firstTopUp === 'pending') return { date: record.startDate, amountCents: record.chargeCents, status: 'pending' };
  return undefined;
}
