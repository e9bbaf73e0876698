/**
 * How long a stored answer may keep a PIN product's receipts (RECEIPT_RETENTION_MS), and what a
 * replay gets after that.
 *
 * The first answer of each Idempotency-Key is kept so that a shopper whose answer was lost (a
 * dropped connection, a double click) gets it again. For a PIN product ('others' sessions) that
 * answer carries the PIN, a bearer value like cash that Carat itself does not keep (§3.5). The
 * replay is needed for minutes, not for ever: past the retention the stored answer keeps its status
 * and payment status but loses every receipt text, and says so in `message` and `receiptWithheld`.
 *
 * Why every receipt and not only the customer's: §3.5 expects the PIN in customer.receipt, but its
 * Spanish seed names payment.customer.receipt, and nothing says a merchant copy never prints it.
 * Only withholding all of them is certain; the merchant's copy of the sale stays with Carat.
 * Normal top-ups and bill payments hold no bearer value: their answers keep their receipts.
 */
import type { RechargeResult, RechargeType } from '../browser-api.ts';

/** 15 minutes: a shopper's retry after a dropped answer or a reload comes well within it. */
export const DEFAULT_RECEIPT_RETENTION_MS = 900_000;
/** 30 days: settled sessions older than this are deleted with their answers (JOURNAL_RETENTION_MS). */
export const DEFAULT_JOURNAL_RETENTION_MS = 2_592_000_000;

export const RECEIPT_WITHHELD =
  'The receipt was already delivered. A PIN product\'s receipts carry the PIN and are not kept after the replay window, so they cannot be shown again.';

/**
 * Whether an answer of a session of this type may hold a PIN. A session the store does not know
 * (its answer outlived it) counts as one: the safe side.
 */
export function mayHoldPin(type: RechargeType | undefined): boolean {
  return type !== 'normal' && type !== 'invoice';
}

const hasText = (receipt: { customer?: unknown; merchant?: unknown } | undefined) =>
  Boolean(receipt && (receipt.customer || receipt.merchant));

/**
 * The answer without its receipts. An answer that printed none (NEG, PPN, AGU…) is returned as it
 * was: there is nothing to withhold, and "already delivered" would not be true.
 */
export function withoutReceipts(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const answer = body as RechargeResult;
  if (!hasText(answer.receipt) && !hasText(answer.payment?.receipt)) return body;
  const withheld: RechargeResult = { ...answer, message: RECEIPT_WITHHELD, receipt: { customer: '', merchant: '' }, receiptWithheld: true };
  if (answer.payment) {
    const { receipt: _dropped, ...payment } = answer.payment;
    withheld.payment = payment;
  }
  return withheld;
}
