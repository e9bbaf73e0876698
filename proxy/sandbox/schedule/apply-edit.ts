/**
 * PUT /v1/schedules/edits/{seid} — applies an edit (§6.6), once per SEID. Q13: an absent field and
 * "" both leave the attribute unchanged. Editable in the sandbox: status (INA inactivates, ATV
 * re-activates an INA schedule, see ScheduleBook.reactivate), amount and number_of_times (not below
 * the executions already done; reaching it makes the schedule FIN). Other fields (e.g. card data,
 * whose body was cut off) are ignored.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../context.ts';
import { jsonBody, merchantOf } from '../payment/payment-checks.ts';
import { RequestError, digits, field, text } from '../request-rules.ts';
import { ESITEF_CODES, type WireBody } from '../responses.ts';
import { scheduleBlock, scheduleOk } from './schedule-answers.ts';
import { loadEdit } from './schedule-checks.ts';
import type { Scheduling } from './scheduling.ts';

export function applyEdit(ctx: SandboxContext, scheduling: Scheduling, req: Request): WireBody {
  const merchant = merchantOf(ctx, req);
  const edit = loadEdit(scheduling, merchant, req.params.seid);
  const body = jsonBody(req.body);
  const status = field(body, 'status', text(3));
  if (status !== undefined && status !== 'INA' && status !== 'ATV') throw new RequestError('status', 'expected "INA" or "ATV"');
  const amount = field(body, 'amount', digits(12));
  if (amount !== undefined && Number(amount) < 1) throw new RequestError('amount', 'expected a positive amount in cents');
  const times = field(body, 'number_of_times', digits(3));
  const schedule = scheduling.schedules.get(edit.sid);
  if (!schedule) throw new RequestError('seid', 'unknown schedule edit', ESITEF_CODES.unknownTransaction);
  if (times !== undefined && Number(times) < Math.max(1, schedule.executions.length)) {
    throw new RequestError('number_of_times', `expected at least the ${schedule.executions.length} executions already done`);
  }
  // The schedule may have finished between the opening and now.
  if (schedule.status !== 'ATV' && schedule.status !== 'INA') {
    throw new RequestError('sid', `schedule is ${schedule.status}; editing needs ATV or INA`, ESITEF_CODES.wrongState, schedule.status);
  }

  edit.status = 'CON';
  if (amount !== undefined) schedule.amountCents = Number(amount);
  if (times !== undefined) schedule.numberOfTimes = Number(times);
  if (status === 'INA') schedule.status = 'INA';
  else if (status === 'ATV' && schedule.status === 'INA') scheduling.schedules.reactivate(schedule);
  if (schedule.executions.length >= schedule.numberOfTimes) schedule.status = 'FIN';
  return scheduleOk({ schedule: scheduleBlock(scheduling.schedules, schedule) });
}
