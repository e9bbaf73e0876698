/**
 * GET /v1/schedules/{sid} — the schedule as Carat's database holds it (§4.4), with its executions
 * (Q10, schedule-answers.ts) and, for a schedule with payment, the payment too ("both queries
 * return the data of both transactions"). It answers for an expired SID too, with status EXP.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../context.ts';
import { paymentBlock } from '../payment/payment-answers.ts';
import { merchantOf } from '../payment/payment-checks.ts';
import type { WireBody } from '../responses.ts';
import { scheduleOk, scheduleQueryBlock } from './schedule-answers.ts';
import { loadSchedule } from './schedule-checks.ts';
import type { Scheduling } from './scheduling.ts';

export function querySchedule(ctx: SandboxContext, scheduling: Scheduling, req: Request): WireBody {
  const merchant = merchantOf(ctx, req);
  const schedule = loadSchedule(scheduling, merchant, req.params.sid, { allowExpired: true });
  const payment = schedule.paymentNit === undefined ? undefined : scheduling.payments.get(schedule.paymentNit);
  return scheduleOk({
    schedule: scheduleQueryBlock(scheduling.schedules, schedule),
    ...(payment ? { payment: paymentBlock(payment) } : {}),
  });
}
