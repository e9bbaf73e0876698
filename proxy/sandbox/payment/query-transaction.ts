/**
 * GET /v1/transactions/{nit} — the payment as Carat's database holds it (§4.4). It answers for an
 * expired NIT too, with status EXP: a query has nothing to refuse.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../context.ts';
import type { WireBody } from '../responses.ts';
import { paymentBlock, paymentOk } from './payment-answers.ts';
import type { PaymentBook } from './payment-book.ts';
import { loadPayment, merchantOf } from './payment-checks.ts';

export function queryTransaction(ctx: SandboxContext, payments: PaymentBook, req: Request): WireBody {
  const merchant = merchantOf(ctx, req);
  return paymentOk(paymentBlock(loadPayment(payments, merchant, req.params.nit, { allowExpired: true })));
}
