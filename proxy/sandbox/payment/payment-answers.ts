/**
 * Response bodies of the REST Payment API (§4): not wrapped, with a top-level `code` ("0" = OK) and
 * `message`, and the payment's data in a `payment` block. The business codes are the sandbox's own
 * table (responses.ts, Q2), shared with the recharge side.
 */
import { OK_MESSAGE, ESITEF_CODES, type WireBody } from '../responses.ts';
import type { Payment } from './payment-book.ts';

export function paymentOk(payment: Record<string, string>): WireBody {
  return { code: ESITEF_CODES.ok, message: OK_MESSAGE, payment };
}

/** A business failure: HTTP 200, non-zero code, and the payment's status when one is known. */
export function paymentRefusal(code: string, message: string, status?: string): WireBody {
  return { code, message, ...(status ? { payment: { status } } : {}) };
}

/**
 * The payment as the payment call and the status query show it: §4.2's fields (Q10: the v1 query
 * is modelled on the same block). The card appears only masked, inside the receipts.
 */
export function paymentBlock(p: Payment): Record<string, string> {
  const block: Record<string, string> = {
    status: p.status,
    nit: p.nit,
    order_id: p.orderId ?? '',
    merchant_usn: p.merchantUsn ?? '',
    amount: String(p.amountCents),
  };
  const a = p.authorization;
  if (!a) return block;
  return {
    ...block,
    authorizer_code: a.authorizerCode,
    authorizer_message: a.authorizerMessage,
    authorizer_id: a.authorizerId,
    acquirer_id: '999',
    acquirer_name: 'SANDBOX',
    authorizer_date: a.authorizerDate,
    authorization_number: a.authorizationNumber,
    esitef_usn: a.esitefUsn,
    installments: String(a.installments),
    customer_receipt: a.customerReceipt,
    merchant_receipt: a.merchantReceipt,
  };
}
