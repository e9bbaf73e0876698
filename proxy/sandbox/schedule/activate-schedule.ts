/**
 * POST /v1/schedules/{sid} — activation of a schedule created without payment (§6.4): the card the
 * executions will charge; NOV → ATV, next_date = initial_date (§8). A schedule with payment is
 * activated by its payment (§6.3) and refused here. Choice: the sandbox's denied test card is
 * refused at activation (the issuer checks the card) and the schedule stays NOV, so another card may
 * be tried. The card is kept only masked.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../context.ts';
import { DENIED_TEST_CARD } from '../cards.ts';
import { checkCard } from '../payment/effect-payment.ts';
import { jsonBody, merchantOf } from '../payment/payment-checks.ts';
import { RequestError, digits, field } from '../request-rules.ts';
import { ESITEF_CODES, type WireBody } from '../responses.ts';
import { scheduleBlock, scheduleOk } from './schedule-answers.ts';
import { loadSchedule } from './schedule-checks.ts';
import type { Scheduling } from './scheduling.ts';

export function activateSchedule(ctx: SandboxContext, scheduling: Scheduling, req: Request): WireBody {
  const merchant = merchantOf(ctx, req);
  const schedule = loadSchedule(scheduling, merchant, req.params.sid);
  const body = jsonBody(req.body);
  const authorizerId = field(body, 'authorizer_id', digits(3)) ?? schedule.authorizerId;
  if (authorizerId === undefined) throw new RequestError('authorizer_id', 'is required (it was not sent at creation)');
  const card = checkCard(body, ctx.now());
  if (schedule.paymentNit !== undefined) {
    throw new RequestError('sid', 'this schedule is activated by its payment (POST /v1/payments/{nit})', ESITEF_CODES.wrongState, schedule.status);
  }
  if (schedule.status !== 'NOV') {
    throw new RequestError('status', `schedule is ${schedule.status}; activation needs NOV`, ESITEF_CODES.wrongState, schedule.status);
  }
  if (card.number === DENIED_TEST_CARD) {
    return { code: ESITEF_CODES.cardDenied, message: 'Agendamento negado: cartao recusado pelo emissor', schedule: { status: schedule.status } };
  }
  scheduling.schedules.activate(schedule, { maskedNumber: card.maskedNumber, bin: card.number.slice(0, 6), authorizerId });
  return scheduleOk({ schedule: scheduleBlock(scheduling.schedules, schedule) });
}
