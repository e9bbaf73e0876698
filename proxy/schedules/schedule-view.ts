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
  const nextDate = record.state === 'active' || record.state === 'activating' ? record.nextDate ?? (record.done === 0 ? record.startDate : undefined) : undefined;
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
  return {
    status: scheduleStatus(record),
    dealerCode: record.dealerCode,
    dealerName: record.dealerName,
    phone: { ddd: record.phone.ddd, number: maskedNumber(record.phone.number) },
    amountCents: record.amountCents,
    every: record.every,
    times: record.times,
    done: Math.max(record.done, executions.length),
    ...(nextDate ? { nextDate } : {}),
    charges,
  };
}
