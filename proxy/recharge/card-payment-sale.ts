/**
 * A card sale in two phases through REST Payment (issue 8 §2), for what Carat's do-recharge takes
 * no card for (PIN products, bills) and, with another goods step, for schedules later (issue 10):
 *
 *   POST /v1/transactions (late confirmation) → POST /v1/payments/{nit} with the card → payment PPC
 *   → the goods step (here: do-recharge without payment → recharge PPC) → confirm the payment →
 *   confirm the goods → CON/CON.
 *
 * ORDER OF THE CONFIRMATIONS: the payment first, then the goods. Whichever goes second may fail
 * after the first took effect. A payment confirmed whose recharge then fails leaves money the
 * merchant holds and can refund (one card refund, the shopper's money is not lost). A recharge
 * confirmed whose payment then fails has given away a PIN (a bearer value, spendable at once) or
 * paid a bill: nothing can take that back, and the merchant pays for it. A card capture is also the
 * likelier of the two to fail (an issuer, an authorization expired), so it goes first while the
 * recharge can still be undone: a failed capture then undoes the recharge, and nothing is lost.
 *
 * - A denied card: the goods step never runs, and the shopper's "nothing was charged" is true.
 * - Goods that fail (refused, undone, expired, a PIN whose answer was lost): the payment is undone
 *   (`PUT /v1/payments/{nit}?confirm=false`) before the shopper is told.
 * - An unknown answer on any call: the status query; still unknown → OutcomePending (202 to the
 *   browser), and recovery brings both to agree from the journal (card-payment-settlement.ts).
 * - One confirmed and the other undone: flagged for a person (flagForAttention), never silent.
 */
import type { CardPayment, CaratStatus } from '../browser-api.ts';
import { caratStatus } from '../carat/responses.ts';
import { randomBytes, randomInt } from 'node:crypto';
import { journalOf } from '../store/journal.ts';
import type { SessionRecord } from '../store/session-store.ts';
import {
  createPayment, flagForAttention, payWithCard, settlePayment, type CardPaymentDeps, type CreateTransaction,
} from './card-payment-calls.ts';
import { OutcomePending, PAID_NOT_DELIVERED, DELIVERED_NOT_PAID } from './settlement.ts';

/** What the shopper's answer says when the two ended disagreeing (never "nothing was charged"). */
export const DISAGREEMENT_TEXT = 'The card payment and the purchase did not end alike (one was completed, the other not). The shop has been alerted to put it right; contact it with this receipt.';

export interface CardSale {
  session: SessionRecord;
  idempotencyKey: string;
  payment: CardPayment;
  amountCents: number;
  /**
   * Another transaction than a plain payment (issue 10: a schedule with its first payment): its
   * order_id, and how it is created (card-payment-calls.ts CreateTransaction). Default: fresh ids, a plain payment.
   */
  transaction?: { orderId: string; create: CreateTransaction };
}

/** Confirms the card payment right before the goods are confirmed; false: it could not be (the goods must be undone). */
export type ConfirmPaymentFirst = (usedPaymentMethods?: string[]) => Promise<boolean>;

/** The goods side of the sale, injected: it runs once the card is authorized and calls confirmPaymentFirst before confirming itself. */
export interface GoodsStep<T> {
  run(confirmPaymentFirst: ConfirmPaymentFirst): Promise<T>;
  /** The goods were confirmed (delivered). */
  delivered(result: T): boolean;
  /** The goods' final status in Carat's words (CON, PPN, NEG…), for the attention list. */
  status(result: T): string;
}

/** The payment as the shopper's answer shows it: CON when taken, PPN undone, NEG denied. */
export interface PaymentSummary {
  status: CaratStatus;
  amountCents: number;
  receipt?: { customer: string; merchant: string };
}

export type CardSaleResult<T> =
  | { kind: 'denied'; payment: PaymentSummary; message: string }
  | { kind: 'done'; result: T; payment: PaymentSummary; attention?: string };

/** merchant_usn `< 12 N`, order_id `< 20 AN`: fresh for each payment. */
function newPaymentIds(): { merchantUsn: string; orderId: string } {
  return { merchantUsn: String(randomInt(10_000_000_000, 99_999_999_999)), orderId: `RP${randomBytes(8).toString('hex').toUpperCase()}` };
}

export async function sellWithCard<T>(deps: CardPaymentDeps, sale: CardSale, goods: GoodsStep<T>): Promise<CardSaleResult<T>> {
  const { session, amountCents } = sale;
  const journal = journalOf(deps, session.id, sale.idempotencyKey);
  const ids = newPaymentIds();
  const nit = await createPayment(
    deps, journal, { amountCents, ...ids, ...(sale.transaction ? { orderId: sale.transaction.orderId } : {}) }, sale.payment.installments, sale.transaction?.create,
  );
  const paid = await payWithCard(deps, journal, nit, sale.payment);
  if (paid.kind === 'unknown') throw new OutcomePending();
  if (paid.kind === 'denied') {
    return { kind: 'denied', payment: { status: caratStatus(paid.status) ?? 'NEG', amountCents }, message: `The card was denied: ${paid.message}. Nothing was charged.` };
  }

  let confirmed = paid.status === 'CON';
  const confirmPaymentFirst: ConfirmPaymentFirst = async (usedPaymentMethods) => {
    if (confirmed) return true;
    let status = await settlePayment(deps, journal, nit, true, usedPaymentMethods);
    // Still authorized after a failed confirmation (the query said so): one more, as for recharges (rule 4).
    if (status === 'PPC') status = await settlePayment(deps, journal, nit, true, usedPaymentMethods);
    if (status === 'CON') confirmed = true;
    else if (status === undefined || status === 'NOV') throw new OutcomePending();
    return confirmed;
  };

  let result: T;
  try {
    result = await goods.run(confirmPaymentFirst);
  } catch (error) {
    // Pending, or the payment already taken: recovery settles both from the journal.
    if (error instanceof OutcomePending || confirmed) throw error;
    // The goods step failed and did nothing (Carat's readable refusal): the authorization is given back first.
    await undoPayment(deps, journal, nit);
    throw error;
  }
  const receipt = (await deps.store.get(session.id))?.cardPayment?.receipt;
  const taken = (extra: Partial<PaymentSummary> = {}): PaymentSummary => ({ status: 'CON', amountCents, ...(receipt ? { receipt } : {}), ...extra });

  if (goods.delivered(result)) {
    if (confirmed || (await confirmPaymentFirst())) return { kind: 'done', result, payment: taken() };
    await flagForAttention(deps, session.id, DELIVERED_NOT_PAID, { rechargeStatus: goods.status(result) });
    return { kind: 'done', result, payment: { status: 'PPN', amountCents }, attention: DELIVERED_NOT_PAID };
  }
  if (confirmed) {
    await flagForAttention(deps, session.id, PAID_NOT_DELIVERED, { paymentStatus: 'CON', rechargeStatus: goods.status(result) });
    return { kind: 'done', result, payment: taken(), attention: PAID_NOT_DELIVERED };
  }
  return { kind: 'done', result, payment: { status: await undoPayment(deps, journal, nit), amountCents } };
}

/** Undoes the authorization; its final status (PPN, or EXP/NEG when nothing was held), or OutcomePending while unknown. */
async function undoPayment(deps: CardPaymentDeps, journal: ReturnType<typeof journalOf>, nit: string): Promise<CaratStatus> {
  const status = await settlePayment(deps, journal, nit, false);
  if (status === undefined || status === 'PPC' || status === 'NOV') throw new OutcomePending();
  return caratStatus(status) ?? 'PPN';
}
