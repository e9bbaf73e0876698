/**
 * POST /v1/transactions — payment creation (§4.1): a NIT in status NOV. Late confirmation is asked
 * with additional_data.postpone_confirmation "true" (Q9). A `schedule` object would make it a
 * schedule (§6.2), which this sandbox does not simulate: it is refused rather than ignored.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../context.ts';
import { RequestError, alnum, digits, exactDigits, field, requiredField, text } from '../request-rules.ts';
import type { WireBody } from '../responses.ts';
import { paymentOk } from './payment-answers.ts';
import type { PaymentBook } from './payment-book.ts';
import { checkInstallments, jsonBody, merchantOf } from './payment-checks.ts';

export function createTransaction(ctx: SandboxContext, payments: PaymentBook, req: Request): WireBody {
  const merchant = merchantOf(ctx, req);
  const body = jsonBody(req.body);
  if (body.schedule !== undefined) throw new RequestError('schedule', 'schedules are not simulated by the sandbox');
  const amountCents = Number(requiredField(body, 'amount', digits(12)));
  if (amountCents <= 0) throw new RequestError('amount', 'expected a positive amount in cents');
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

  const payment = payments.create({
    merchantId: merchant.id,
    merchantKey: merchant.key,
    amountCents,
    orderId,
    merchantUsn,
    postponeConfirmation: postpone === 'true',
    authorizerId,
    installments: installments === undefined ? undefined : Number(installments),
    installmentType,
  });
  return paymentOk({
    status: payment.status,
    nit: payment.nit,
    order_id: orderId ?? '',
    merchant_usn: merchantUsn ?? '',
    amount: String(amountCents),
  });
}
