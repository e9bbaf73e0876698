/**
 * The books the REST Payment and Schedule routes share (a schedule with payment lives in both),
 * built once per sandbox so the control API and the daily batch see the same state.
 */
import type { SandboxContext } from '../context.ts';
import { PaymentBook } from '../payment/payment-book.ts';
import { EditBook } from './edit-book.ts';
import { ExecutionFaults } from './execution-faults.ts';
import { ScheduleBook } from './schedule-book.ts';
import { ScheduleCalendar, type IntervalUnit } from './schedule-calendar.ts';
import { StatusNotifier } from './status-notifier.ts';

export interface SchedulingOptions {
  nitLifetimeMs: number;
  /** Q12: the unit of schedule.interval; default month. */
  intervalUnit?: IntervalUnit;
  /** Further POSTs of one notification after a non-200 answer (§4.5: "up to 3 times"); default 3. */
  statusRetries?: number;
  /** How long one notification POST may take; default 5000. */
  statusTimeoutMs?: number;
}

export interface Scheduling {
  payments: PaymentBook;
  schedules: ScheduleBook;
  edits: EditBook;
  calendar: ScheduleCalendar;
  executionFaults: ExecutionFaults;
  notifier: StatusNotifier;
}

export function createScheduling(ctx: SandboxContext, options: SchedulingOptions): Scheduling {
  const payments = new PaymentBook(ctx.now, options.nitLifetimeMs);
  const calendar = new ScheduleCalendar(ctx.now, options.intervalUnit ?? 'month');
  const schedules = new ScheduleBook({ now: ctx.now, lifetimeMs: options.nitLifetimeMs, payments, calendar, newUsn: () => ctx.book.nextUsn() });
  const executionFaults = new ExecutionFaults();
  return {
    payments,
    schedules,
    edits: new EditBook(ctx.now, options.nitLifetimeMs),
    calendar,
    executionFaults,
    notifier: new StatusNotifier({
      merchants: ctx.merchants,
      faults: executionFaults,
      retries: options.statusRetries ?? 3,
      timeoutMs: options.statusTimeoutMs ?? 5000,
    }),
  };
}
