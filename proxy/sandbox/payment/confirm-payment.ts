/**
 * PUT /v1/payments/{nit}?confirm=true|false — late confirmation (§4.3): PPC → CON, or undone → PPN
 * (Q7, see payment-book.ts). Only a PPC payment can be settled; a second confirmation is refused
 * with the current status, as on the recharge side, so a client that lost an answer must query.
 * `amount` may only repeat the authorized amount: partial capture exists only on non-SiTef
 * routings, and the sandbox stands for a SiTef one.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../context.ts';
import { queryValue } from '../context.ts';
import { RequestError, digits, formatProblem } from '../request-rules.ts';
import { ESITEF_CODES, type WireBody } from '../responses.ts';
import { paymentOk } from './payment-answers.ts';
import { scheduleOfPayment } from '../schedule/schedule-answers.ts';
import type { Scheduling } from '../schedule/scheduling.ts';
import { loadPayment, merchantOf } from './payment-checks.ts';

export function confirmPayment(ctx: SandboxContext, scheduling: Scheduling, req: Request): WireBody {
  const merchant = merchantOf(ctx, req);
  const payment = loadPayment(scheduling.payments, merchant, req.params.nit);
  const confirm = queryValue(req, 'confirm');
  if (confirm === undefined || confirm === '') throw new RequestError('confirm', 'is required');
  if (confirm !== 'true' && confirm !== 'false') throw new RequestError('confirm', 'expected "true" or "false"');
  const amount = queryValue(req, 'amount');
  if (amount !== undefined) {
    const problem = formatProblem(amount, digits(12));
    if (problem) throw new RequestError('amount', problem);
    if (confirm === 'true' && Number(amount) !== payment.amountCents) {
      throw new RequestError('amount', 'partial capture is not offered on this routing: send the authorized amount or none');
    }
  }
  if (payment.status !== 'PPC') {
    throw new RequestError('status', `transaction is ${payment.status}; confirmation needs PPC`, ESITEF_CODES.wrongState, payment.status);
  }
  payment.status = confirm === 'true' ? 'CON' : 'PPN';
  // A schedule with late-confirmed payment becomes ATV (CON) or DES (PPN) with it (§6.1).
  return { ...paymentOk({ status: payment.status }), ...scheduleOfPayment(scheduling.schedules, payment.sid, 'answer') };
}
