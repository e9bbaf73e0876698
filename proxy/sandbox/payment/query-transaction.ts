/**
 * GET /v1/transactions/{nit} — the payment as Carat's database holds it (§4.4). It answers for an
 * expired NIT too, with status EXP: a query has nothing to refuse. A payment that activates a
 * schedule, and a schedule's execution (§6.5), also show the schedule (§4.4: "both transactions").
 */
import type { Request } from 'express';
import type { SandboxContext } from '../context.ts';
import type { WireBody } from '../responses.ts';
import { paymentBlock, paymentOk } from './payment-answers.ts';
import { scheduleOfPayment } from '../schedule/schedule-answers.ts';
import type { Scheduling } from '../schedule/scheduling.ts';
import { loadPayment, merchantOf } from './payment-checks.ts';

export function queryTransaction(ctx: SandboxContext, scheduling: Scheduling, req: Request): WireBody {
  const merchant = merchantOf(ctx, req);
  const payment = loadPayment(scheduling.payments, merchant, req.params.nit, { allowExpired: true });
  return { ...paymentOk(paymentBlock(payment)), ...scheduleOfPayment(scheduling.schedules, payment.sid, 'query') };
}
