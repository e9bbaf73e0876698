/**
 * The card payment's calls to REST Payment (§4) as a two-phase sale makes them, each journaled by
 * the rules of settlement.ts (1, 4): the intent before a call that may move money, its outcome
 * after; a lost, 4xx, 5xx or unreadable answer is unknown, and only the status query
 * (`GET /v1/transactions/{nit}`) tells what took effect. The payment's NIT lives in the journal
 * only: never in an answer, an error or a log line. A disagreement nobody can settle automatically
 * is flagged here too (flagForAttention).
 */
import type { CardPayment } from '../browser-api.ts';
import { detectBrand, type CardBrand } from '../browser-rules.ts';
import { GatewayFailure } from '../carat/http.ts';
import type { PaymentClient, PaymentOutcome, PaymentState } from '../carat/payment-client.ts';
import type { Logger } from 'pino';
import type { SessionJournal } from '../store/journal.ts';
import type { CardPaymentRecord, SessionStore } from '../store/session-store.ts';

export interface CardPaymentDeps {
  payments: PaymentClient;
  store: SessionStore;
  now: () => number;
  logger: Logger;
  authorizerIds: Partial<Record<CardBrand, string>>;
  sendCardHolder: boolean;
}

/** Carat's payment states after which nothing more can happen to it (§5). */
const FINAL_PAYMENT_STATES = new Set(['CON', 'NEG', 'PPN', 'EXP', 'EST', 'CAN', 'INV']);

export const isFinalPaymentStatus = (status: string | undefined): boolean => status !== undefined && FINAL_PAYMENT_STATES.has(status);

/** How the payment's transaction is created: by default a plain late-confirmed payment (§4.1). */
export type CreateTransaction = (payment: { amountCents: number; orderId: string; merchantUsn: string; installments: number }) => Promise<{ nit: string; status: string }>;

/**
 * POST /v1/transactions with late confirmation; the NIT goes to the journal in the same write as the
 * outcome. Throws as the client does. `create`: another creation of the same transaction (a
 * schedule with its first payment, proxy/schedules/first-top-up-now.ts), journaled alike.
 */
export async function createPayment(deps: CardPaymentDeps, journal: SessionJournal, record: CardPaymentRecord, installments = 1, create?: CreateTransaction): Promise<string> {
  // A creation charges nothing, but its intent comes first anyway: the attempt's payment is named in the journal before Carat hears of it.
  await journal.intent('payment_create', undefined, (session) => ({ ...session, cardPayment: record }));
  try {
    // Installment type 4 (store-financed, interest-free), as a top-up's payment block sends (§3.5).
    const ids = { amountCents: record.amountCents, orderId: record.orderId, merchantUsn: record.merchantUsn, installments };
    const created = create ? await create(ids) : await deps.payments.createTransaction({ ...ids, installmentType: '4' });
    await journal.outcome('payment_create', created.status, {
      change: (session) => ({ ...session, cardPayment: { ...session.cardPayment!, nit: created.nit } }),
    });
    return created.nit;
  } catch (error) {
    // Unknown or refused, a transaction we cannot name holds no card: nothing was charged.
    await journal.failure('payment_create', error);
    throw error;
  }
}

/** What the card's payment call came to: authorized (PPC, or CON when Carat confirmed on its own), denied, or unknown. */
export type PayResult =
  | { kind: 'authorized'; status: 'PPC' | 'CON' }
  | { kind: 'denied'; status: string; message: string }
  | { kind: 'unknown' };

function authorizerIdOf(deps: CardPaymentDeps, cardNumber: string): string {
  const id = deps.authorizerIds[detectBrand(cardNumber)];
  // parseRechargeRequest refused such a card already: never send one under a guessed code.
  if (!id) throw new GatewayFailure('gateway_rejected', 'This card brand cannot be charged here.', false);
  return id;
}

/** POST /v1/payments/{nit} with the card; an unknown answer is settled by the status query when it can be. */
export async function payWithCard(deps: CardPaymentDeps, journal: SessionJournal, nit: string, payment: CardPayment): Promise<PayResult> {
  const { card } = payment;
  const authorizerId = authorizerIdOf(deps, card.number);
  await journal.intent('payment_pay', { card: true });
  let outcome: PaymentOutcome;
  try {
    outcome = await deps.payments.pay(nit, {
      number: card.number,
      expiryDate: card.expiry.replace('/', ''),
      securityCode: card.securityCode,
      ...(card.holder && deps.sendCardHolder ? { holder: card.holder } : {}),
    }, { authorizerId });
  } catch (error) {
    if (!(error instanceof GatewayFailure)) throw error;
    await journal.failure('payment_pay', error);
    return payResultOf(await queryPayment(deps, journal, nit));
  }
  const receipt = outcome.customerReceipt !== undefined || outcome.merchantReceipt !== undefined
    ? { customer: outcome.customerReceipt ?? '', merchant: outcome.merchantReceipt ?? '' }
    : undefined;
  const refused = outcome.code !== '0';
  await journal.outcome('payment_pay', outcome.status, {
    refused,
    ...(outcome.approved && receipt ? { change: (session) => ({ ...session, cardPayment: { ...session.cardPayment!, receipt } }) } : {}),
  });
  if (outcome.approved) return { kind: 'authorized', status: outcome.status === 'CON' ? 'CON' : 'PPC' };
  // Carat's readable refusal or a final state: the card was not charged.
  if (refused || isFinalPaymentStatus(outcome.status)) return { kind: 'denied', status: outcome.status ?? 'NEG', message: outcome.message };
  return payResultOf(await queryPayment(deps, journal, nit));
}

function payResultOf(state: PaymentState | undefined): PayResult {
  if (state?.status === 'PPC' || state?.status === 'CON') return { kind: 'authorized', status: state.status };
  if (state && isFinalPaymentStatus(state.status)) return { kind: 'denied', status: state.status, message: 'the card payment was not approved' };
  return { kind: 'unknown' };
}

/** GET /v1/transactions/{nit}, journaled; undefined when Carat did not answer it. */
export async function queryPayment(deps: CardPaymentDeps, journal: SessionJournal, nit: string): Promise<PaymentState | undefined> {
  try {
    const state = await deps.payments.queryPayment(nit);
    await journal.outcome('payment_status', state.status);
    return state;
  } catch (error) {
    await journal.failure('payment_status', error);
    return undefined;
  }
}

/**
 * PUT /v1/payments/{nit}?confirm=true|false. The payment's status afterwards: the answer's when
 * final, else the status query's; undefined when neither told (unknown). `usedPaymentMethods`: the
 * recharge confirmation's, journaled with the payment's confirm intent so recovery can send it.
 */
export async function settlePayment(deps: CardPaymentDeps, journal: SessionJournal, nit: string, confirm: boolean, usedPaymentMethods?: string[]): Promise<string | undefined> {
  const step = confirm ? 'payment_confirm' : 'payment_undo';
  await journal.intent(step, undefined, usedPaymentMethods
    ? (session) => ({ ...session, cardPayment: { ...session.cardPayment!, usedPaymentMethods } })
    : undefined);
  try {
    const answer = await deps.payments.confirmPayment(nit, confirm);
    const final = isFinalPaymentStatus(answer.status);
    await journal.outcome(step, answer.status, final ? {} : { effectUnknown: true });
    if (final) return answer.status;
  } catch (error) {
    if (!(error instanceof GatewayFailure)) throw error;
    await journal.failure(step, error);
  }
  return (await queryPayment(deps, journal, nit))?.status;
}

/**
 * A card sale whose payment and recharge ended disagreeing in a way the proxy cannot settle (one
 * confirmed, the other undone): settled, kept out of recovery, listed by `npm run ops -- attention`,
 * and one error-level line naming the session (never a NIT).
 */
export async function flagForAttention(deps: CardPaymentDeps, sessionId: string, reason: string, statuses: { paymentStatus?: string; rechargeStatus?: string }): Promise<void> {
  const at = new Date(deps.now()).toISOString();
  await deps.store.update(sessionId, (session) => ({ ...session, attention: { reason, at, ...statuses } }));
  deps.logger.error({ sessionId, reason, ...statuses }, 'card sale needs attention: the card payment and the recharge disagree');
}
