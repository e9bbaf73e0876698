/**
 * Recovery of a card-paid PIN or bill (settlement.ts rule 11) from the journal alone: after a crash,
 * or when an answer was lost. Both transactions are queried (the payment by its NIT, the recharge
 * when a do was journaled for this attempt), settlement.ts agreeingMove says what makes them agree,
 * and that is done: confirmations payment first, undos recharge first (card-payment-sale.ts says
 * why). The final answer is stored under the attempt's Idempotency-Key, as for any recharge.
 */
import type { RechargeResult } from '../browser-api.ts';
import { caratStatus } from '../carat/responses.ts';
import {
  attemptKey, isFinalStatus, journalOf, lastIntent, paymentCallOpen, paymentConfirmIntended, rechargeCallOpen, rechargeSentSincePayment,
} from '../store/journal.ts';
import { mayHoldPin } from '../store/receipt-retention.ts';
import type { SessionRecord } from '../store/session-store.ts';
import { flagForAttention, queryPayment, settlePayment, type CardPaymentDeps } from './card-payment-calls.ts';
import { DISAGREEMENT_TEXT } from './card-payment-sale.ts';
import type { RechargeDeps } from './recharge-deps.ts';
import { recoveredAnswer } from './request-hash.ts';
import {
  agreeingMove, confirmRecharge, FINAL_MESSAGES, finalResult, keptPinAnswer, PIN_NOT_DELIVERED, queryStatus, saleSide, undoRecharge,
  type Attempt, type RecoveryOutcome, type SaleSide, type Settlement,
} from './settlement.ts';

const PAYMENT_UNDONE = 'The card payment could not be completed with the purchase, so it was undone. Nothing was charged. Please start again.';

export function cardPaymentDepsOf(deps: RechargeDeps): CardPaymentDeps | undefined {
  if (!deps.payments) return undefined;
  return { payments: deps.payments, store: deps.store, now: deps.now, logger: deps.logger, authorizerIds: deps.authorizerIds, sendCardHolder: deps.sendCardHolder };
}

export async function settleCardSaleFromJournal(deps: RechargeDeps, session: SessionRecord): Promise<RecoveryOutcome> {
  const cardDeps = cardPaymentDepsOf(deps);
  // Without CARAT_API_URL the payment cannot be asked about: keep the session until it can.
  if (!cardDeps || !session.cardPayment) return 'unresolved';
  const key = attemptKey(session);
  const attempt: Attempt = { session, idempotencyKey: key };
  const journal = journalOf(deps, session.id, key);
  const { nit, usedPaymentMethods } = session.cardPayment;

  // A payment never named (its creation's answer lost) holds no card: nothing to ask.
  let paymentStatus = nit ? (await queryPayment(cardDeps, journal, nit))?.status : undefined;
  let payment = saleSide(paymentStatus, { answered: !nit || paymentStatus !== undefined, called: paymentCallOpen(session) });
  const sent = rechargeSentSincePayment(session);
  const evidence = sent ? await queryStatus(deps, attempt) : undefined;
  let recharge = saleSide(evidence?.status, { answered: !sent || evidence !== undefined, called: rechargeCallOpen(session) });
  let rechargeStatus = caratStatus(evidence?.status);

  const pin = mayHoldPin(session.type);
  const move = agreeingMove(payment, recharge, { confirmIntended: paymentConfirmIntended(session), pin });
  if (move.kind === 'wait') return 'unresolved';
  if (move.kind === 'act') {
    let rechargeAction = move.recharge;
    if (move.payment === 'confirm' && nit) {
      paymentStatus = await settlePayment(cardDeps, journal, nit, true, usedPaymentMethods);
      payment = saleSide(paymentStatus, { answered: paymentStatus !== undefined, called: true });
      // The capture failed: the recharge must not go ahead.
      if (payment !== 'CON' && rechargeAction === 'confirm') rechargeAction = 'undo';
    }
    if (rechargeAction !== 'keep') {
      const settled: Settlement = rechargeAction === 'confirm'
        ? await confirmRecharge(deps, attempt, usedPaymentMethods ?? lastIntent(session)?.usedPaymentMethods)
        : await undoRecharge(deps, attempt);
      rechargeStatus = settled.status;
      recharge = saleSide(settled.status, { answered: settled.status !== undefined, called: true });
    }
    if (move.payment === 'undo' && nit) {
      paymentStatus = await settlePayment(cardDeps, journal, nit, false);
      payment = saleSide(paymentStatus, { answered: paymentStatus !== undefined, called: true });
    }
  }

  const after = agreeingMove(payment, recharge, { confirmIntended: false, pin });
  if (after.kind === 'attention') {
    await flagForAttention(cardDeps, session.id, after.reason, { ...(paymentStatus ? { paymentStatus } : {}), ...(rechargeStatus ? { rechargeStatus } : {}) });
  } else if (after.kind !== 'agreed') {
    return 'unresolved';
  }
  if (key !== undefined) {
    const result = await saleResult(deps, session, key, { payment, paymentStatus, recharge, rechargeStatus, evidence, attention: after.kind === 'attention' });
    await deps.store.putResult(session.id, key, recoveredAnswer(session, key, result));
  }
  if (after.kind === 'attention') return 'needs attention';
  if (move.kind === 'agreed') return 'already settled';
  return payment === 'CON' ? 'confirmed' : 'undone';
}

interface SaleEnd {
  payment: SaleSide;
  paymentStatus: string | undefined;
  recharge: SaleSide;
  rechargeStatus: ReturnType<typeof caratStatus>;
  evidence: Parameters<typeof finalResult>[1];
  attention: boolean;
}

/** The shopper's answer once both sides are settled: the recharge's words, and the card payment as it ended. */
async function saleResult(deps: RechargeDeps, session: SessionRecord, key: string, end: SaleEnd): Promise<RechargeResult> {
  const amountCents = session.cardPayment!.amountCents;
  const receipt = session.cardPayment!.receipt;
  const paymentSummary = end.payment === 'CON'
    ? { status: 'CON' as const, amountCents, ...(receipt ? { receipt } : {}) }
    : { status: caratStatus(end.paymentStatus) ?? 'PPN', amountCents };
  let result: RechargeResult;
  if (end.recharge === 'CON') {
    const kept = pinAnswer(session) ? await keptPinAnswer(deps, session.id, key) : undefined;
    result = kept ?? finalResult({ status: 'CON' }, end.evidence, amountCents, pinAnswer(session) ? PIN_NOT_DELIVERED : undefined);
  } else {
    // A recharge never sent reports the payment's end (PPN undone, NEG denied, EXP expired).
    const status = isFinalStatus(end.rechargeStatus) ? end.rechargeStatus : paymentSummary.status;
    const message = end.attention ? DISAGREEMENT_TEXT : end.payment === 'CON' ? FINAL_MESSAGES[status] : PAYMENT_UNDONE;
    result = finalResult({ status }, end.evidence, amountCents, message);
  }
  return { ...result, payment: paymentSummary };
}

const pinAnswer = (session: SessionRecord) => mayHoldPin(session.type);
