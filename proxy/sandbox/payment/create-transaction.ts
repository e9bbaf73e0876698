/**
 * POST /v1/transactions — payment creation (§4.1): a NIT in status NOV. Late confirmation is asked
 * with additional_data.postpone_confirmation "true" (Q9). A `schedule` object makes it a schedule
 * (§6.2): with schedule.do_payment_now "false" only a SID (NOV) is issued, to be activated with the
 * card by POST /v1/schedules/{sid}; otherwise (Q11) a NIT for the first payment and a SID that
 * follows it (schedule-book.ts), both answered. Choice: the answer with payment carries both blocks.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../context.ts';
import { RequestError, alnum, digits, exactDigits, field, objectField, text, type Json } from '../request-rules.ts';
import type { WireBody } from '../responses.ts';
import { scheduleCreatedBlock, scheduleOk } from '../schedule/schedule-answers.ts';
import { checkScheduleRequest, type ScheduleRequest } from '../schedule/schedule-request.ts';
import type { Scheduling } from '../schedule/scheduling.ts';
import { paymentOk } from './payment-answers.ts';
import { checkInstallments, jsonBody, merchantOf } from './payment-checks.ts';

function paymentAmount(body: Json, required: boolean): number | undefined {
  const amount = field(body, 'amount', digits(12), { required });
  if (amount === undefined) return undefined;
  if (Number(amount) <= 0) throw new RequestError('amount', 'expected a positive amount in cents');
  return Number(amount);
}

export function createTransaction(ctx: SandboxContext, scheduling: Scheduling, req: Request): WireBody {
  const merchant = merchantOf(ctx, req);
  const body = jsonBody(req.body);
  const scheduleObject = objectField(body, 'schedule', false);
  const schedule: ScheduleRequest | undefined = scheduleObject && checkScheduleRequest(scheduleObject, scheduling.calendar.today());
  const withPayment = schedule === undefined || schedule.payNow;
  const amountCents = paymentAmount(body, withPayment);
  const merchantUsn = field(body, 'merchant_usn', digits(12));
  const orderId = field(body, 'order_id', alnum(20));
  const authorizerId = field(body, 'authorizer_id', digits(3));
  const installments = field(body, 'installments', digits(2));
  const installmentType = field(body, 'installment_type', exactDigits(1));
  checkInstallments(installments, installmentType);
  const postpone = field(body, 'additional_data.postpone_confirmation', text(5));
  if (postpone !== undefined && postpone !== 'true' && postpone !== 'false') {
    throw new RequestError('additional_data.postpone_confirmation', 'expected "true" or "false"');
  }
  field(body, 'additional_data.payer.store_identification', text(20));

  const identity = { merchantId: merchant.id, merchantKey: merchant.key, orderId, merchantUsn, authorizerId };
  const payment = amountCents === undefined || !withPayment ? undefined : scheduling.payments.create({
    ...identity,
    amountCents,
    postponeConfirmation: postpone === 'true',
    installments: installments === undefined ? undefined : Number(installments),
    installmentType,
  });
  const created = schedule && scheduling.schedules.create({
    ...identity,
    amountCents: schedule.amountCents,
    initialDay: schedule.initialDay,
    numberOfTimes: schedule.numberOfTimes,
    interval: schedule.interval,
    softDescriptor: schedule.softDescriptor,
    showTimesInvoice: schedule.showTimesInvoice,
    installmentType: schedule.installmentType,
    ...(payment ? { paymentNit: payment.nit } : {}),
  });
  if (payment && created) payment.sid = created.sid;

  const paymentAnswer = payment && {
    status: payment.status,
    nit: payment.nit,
    order_id: orderId ?? '',
    merchant_usn: merchantUsn ?? '',
    amount: String(payment.amountCents),
  };
  if (!created) return paymentOk(paymentAnswer as Record<string, string>);
  return scheduleOk({ ...(paymentAnswer ? { payment: paymentAnswer } : {}), schedule: scheduleCreatedBlock(created) });
}
