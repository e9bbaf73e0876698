/**
 * GET /v3/recharge/{nit}[/]?merchantkey= — the recharge as Carat's database holds it (§3.7).
 * It answers for an expired NIT too, with status EXP: a query has nothing to refuse. The PIN of a
 * PIN product is never shown again.
 */
import type { Request } from 'express';
import { loadTransaction, queryValue, type SandboxContext } from '../context.ts';
import { ACQUIRER } from '../receipts.ts';
import type { Operation } from '../reply.ts';
import { MERCHANT_KEY_FORMAT, RequestError, formatProblem } from '../request-rules.ts';
import { ESITEF_CODES, RESPONSE_WRAPPERS, type WireBody } from '../responses.ts';

const WRAPPER = RESPONSE_WRAPPERS.status;

export function rechargeStatus(ctx: SandboxContext, req: Request): Operation {
  return { responseWrapper: WRAPPER, run: () => run(ctx, req) };
}

function run(ctx: SandboxContext, req: Request): WireBody {
  const tx = loadTransaction(ctx, req, req.params.nit, { allowExpired: true });
  const key = queryValue(req, 'merchantkey');
  if (key === undefined || key === '') throw new RequestError('merchantkey', 'is required');
  const problem = formatProblem(key, MERCHANT_KEY_FORMAT);
  if (problem) throw new RequestError('merchantkey', problem);
  if (key !== tx.merchantKey) throw new RequestError('merchantkey', 'is not the merchant of this recharge', ESITEF_CODES.merchant);

  const response: Record<string, unknown> = {
    status: tx.status,
    esitef: { message: 'OK', code: ESITEF_CODES.ok },
    order_id: tx.orderId ?? '',
    merchant_usn: tx.merchantUsn ?? '',
  };
  const r = tx.recharge;
  if (r) {
    Object.assign(response, {
      authorizers: [
        { name: 'sitef', message: 'Transacao Aprovada', code: '000' },
        { name: r.dealerName, message: 'OK', code: '0' },
      ],
      acquirer: ACQUIRER,
      authorization: r.authorization,
      customer: { total_copies: 1, receipt: r.customerReceipt },
      merchant: { total_copies: 1, receipt: r.merchantReceipt },
    });
  }
  if (tx.paymentStatus) {
    response.payment = { status: tx.paymentStatus, ...(r?.paymentAmountCents !== undefined ? { amount: String(r.paymentAmountCents) } : {}) };
  }
  return { [WRAPPER]: response };
}
