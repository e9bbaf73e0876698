/**
 * The module API of the simulated calendar and the daily batch (Sandbox.schedules): run today's
 * batch, move days on (the batch runs for each new day, as Carat's would), look at schedules and
 * notifications, and inject the batch's faults. Batches never overlap: a call waits for the one
 * before it, so two advances from two tests or requests make one orderly calendar.
 */
import type { SandboxContext } from '../context.ts';
import { runDailyBatch, type ExecutionReport } from './daily-batch.ts';
import type { ExecutionFault, ExecutionFaultMatch } from './execution-faults.ts';
import type { ExecutionStatus } from './schedule-book.ts';
import type { Scheduling } from './scheduling.ts';
import type { StatusNotice } from './status-notifier.ts';

export type { ExecutionReport } from './daily-batch.ts';
export type { ExecutionFault, ExecutionFaultMatch } from './execution-faults.ts';
export type { StatusNotice } from './status-notifier.ts';

/** A schedule as tests see it (the card only masked, as the sandbox keeps it). */
export interface ScheduleView {
  sid: string;
  status: string;
  amountCents: number;
  numberOfTimes: number;
  /** YYYY-MM-DD; undefined once every execution is done. */
  nextDate?: string;
  executions: Array<{ nit: string; number: number; date: string; status: ExecutionStatus }>;
}

export interface ScheduleControl {
  /** The sandbox's day, YYYY-MM-DD. */
  today(): string;
  /** Runs the batch for today; each run charges a due schedule once (its next date moves on). */
  runBatch(): Promise<ExecutionReport[]>;
  /** Moves `days` days on, running the batch on each new day; the executions of all of them. */
  advanceDays(days: number): Promise<ExecutionReport[]>;
  schedule(sid: string): ScheduleView | undefined;
  schedules(): ScheduleView[];
  /** Every status notification so far, in order. */
  notices(): StatusNotice[];
  faults: {
    next(fault: ExecutionFault, match?: ExecutionFaultMatch, count?: number): void;
    clear(): void;
  };
}

export const MAX_ADVANCE_DAYS = 800;

export function scheduleControl(ctx: SandboxContext, scheduling: Scheduling): ScheduleControl {
  const { schedules, calendar } = scheduling;
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const view = (sid: string): ScheduleView | undefined => {
    const s = schedules.get(sid);
    if (!s) return undefined;
    const next = schedules.nextDay(s);
    return {
      sid: s.sid,
      status: s.status,
      amountCents: s.amountCents,
      numberOfTimes: s.numberOfTimes,
      ...(next === undefined ? {} : { nextDate: next }),
      executions: s.executions.map((e) => ({ nit: e.nit, number: e.number, date: e.day, status: e.status })),
    };
  };

  return {
    today: () => calendar.today(),
    runBatch: () => serialized(() => runDailyBatch(ctx, scheduling)),
    advanceDays(days) {
      if (!Number.isInteger(days) || days < 1 || days > MAX_ADVANCE_DAYS) {
        return Promise.reject(new RangeError(`days: expected an integer from 1 to ${MAX_ADVANCE_DAYS}`));
      }
      return serialized(async () => {
        const reports: ExecutionReport[] = [];
        for (let i = 0; i < days; i += 1) {
          calendar.nextDay();
          reports.push(...(await runDailyBatch(ctx, scheduling)));
        }
        return reports;
      });
    },
    schedule: view,
    schedules: () => schedules.list().map((s) => view(s.sid) as ScheduleView),
    notices: () => [...scheduling.notifier.notices],
    faults: {
      next: (fault, match, count) => scheduling.executionFaults.next(fault, match, count),
      clear: () => scheduling.executionFaults.clear(),
    },
  };
}
