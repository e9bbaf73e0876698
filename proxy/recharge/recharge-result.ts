/**
 * The final answer the browser gets for a recharge attempt, built from what Carat said: the do
 * answer (receipts, PIN) when we have it, or the status query (§3.7: receipts, never a PIN) when
 * the do answer was lost or the attempt was finished by recovery.
 */
import type { CaratStatus, RechargeResult } from '../browser-api.ts';
import type { DoRechargeResponse } from '../carat/responses.ts';
import { wholeNumber } from './branch-data-view.ts';
import { caratStatus } from './recharge-deps.ts';
import type { Settlement } from './settle-recharge.ts';

export const EMPTY_RECEIPT = { customer: '', merchant: '' };

export const UNDONE = 'The recharge could not be completed, so it was undone. Nothing was charged. Please start again.';

/** The parts of a do-recharge answer or a status query that the result shows. */
export type RechargeEvidence = Pick<DoRechargeResponse, 'customer' | 'merchant' | 'payment' | 'payment_methods'>;

type ReceiptSource = { customer?: { receipt?: string | undefined } | undefined; merchant?: { receipt?: string | undefined } | undefined };

export const receiptOf = (source: ReceiptSource) => ({ customer: source.customer?.receipt ?? '', merchant: source.merchant?.receipt ?? '' });

/** Carat's denial or our undo, told to the shopper; the PIN and receipts only on CON. */
export function finalResult(settled: Settlement, evidence: RechargeEvidence | undefined, agreedPaymentCents: number, message: string | undefined): RechargeResult {
  const status: CaratStatus = settled.status ?? 'ERR';
  const done = status === 'CON';
  const result: RechargeResult = { status, receipt: done && evidence ? receiptOf(evidence) : EMPTY_RECEIPT };
  if (message) result.message = message;
  const payment = evidence?.payment;
  if (payment) {
    // The confirmation's word on the payment wins; else it follows the recharge.
    const paymentStatus = caratStatus(settled.confirmation?.payment?.status) ?? (done ? 'CON' : (caratStatus(payment.status) ?? status));
    result.payment = { status: paymentStatus, amountCents: wholeNumber(payment.amount) ?? agreedPaymentCents };
    if (done && (payment.customer?.receipt || payment.merchant?.receipt)) result.payment.receipt = receiptOf(payment);
  }
  return result;
}
