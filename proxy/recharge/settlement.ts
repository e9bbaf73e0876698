/**
 * Settlement: after a do-recharge is sent, every transaction that may have reached PPC is confirmed
 * or undone (§3.6: never leave a PPC behind), and the browser gets Carat's final word, or "pending"
 * while nobody knows it yet. A browser attempt settles here (settleDoAnswer, settleFailedDo); so
 * does recovery, from the journal alone (settleFromJournal, run by recovery/recovery-loop.ts and
 * before a retry on an unsettled session).
 *
 * The rules (issue 9: unknown is never "nothing happened"):
 * 1. Every money call (do, confirm, undo; later the REST Payment calls) is journaled as an intent
 *    before it is sent, with the attempt's Idempotency-Key; its outcome after. A money call whose
 *    outcome is still unknown after the status query is PENDING, never failed and never "undone"
 *    in words: it throws OutcomePending, and `POST /api/recharges/:id/recharge` answers 202
 *    `{"status":"pending","id":<session id>,"retryAfterMs":n}`. The same key (or any key on that
 *    session) answers 202 until the session is settled, then the final answer, which
 *    `GET /api/recharges/:id` also shows as `result` once `settled` is true.
 * 2. A PPC is confirmed only when it is what the shopper agreed to: a payment Carat did not
 *    approve, or an amount it would charge other than the agreed one, is undone instead (rule 6).
 *    used_payment_methods go with the confirmation when the do answer or the branch data asked for
 *    them (send_payment_methods), for a bill, and for TIM (§3.6).
 * 3. A session leaves recovery only when Carat reports a final state (CON, PPN, NEG, INV, EXP, EST,
 *    CAN; store/journal.ts FINAL_STATUSES) for its NIT, or AGU (Carat holds the do and waits for
 *    the shopper's TV package: nothing awaits confirmation). NOV after a lost do is not final:
 *    Carat may still process the call it received, so it is queried again with backoff (1 s after
 *    the first NOV, doubling, at most 5 min apart) until it expires (EXP) or turns PPC, which is
 *    then settled by the journal's last intent (rule 7).
 * 4. An HTTP 4xx, a 5xx, a timeout or an unreadable body on a money call is unknown: the status
 *    query decides, and the call is never re-sent. Only a readable Carat answer with a non-zero
 *    esitef.code proves a refusal (nothing happened). A confirm or undo that fails either way is
 *    followed by the status query before anything else is sent; still PPC after a failed confirm:
 *    one more confirm, then undo.
 * 5. A PIN product (an `others` session: any of them may carry a PIN) whose do answer was lost is
 *    undone, never confirmed: the PIN was in that answer only (§3.5), and Carat never shows it again.
 *    A do answer that did arrive is kept as evidence before the confirm is sent (its receipts, as
 *    the answer CON would give, under a key no browser can send: `doAnswerKey`), so a confirm whose
 *    outcome was lost and that Carat did take settles CON with the PIN, for the same Idempotency-Key
 *    only; the kept copy obeys RECEIPT_RETENTION_MS like any stored answer (receipt-retention.ts).
 *    Recovery never confirms a PIN still PPC (the shopper may be gone): it is undone. One Carat
 *    already confirmed is reported CON with the kept PIN, or with a message saying it could not be
 *    delivered (the do answer was lost, or it was kept past the retention).
 * 6. Fail closed: a card was sent but the answer has no payment block → undo; a payment amount that
 *    is missing, 0 or other than the agreed one → undo; a payment Carat did not approve → undo; a
 *    confirm or undo answered with a non-final status → the status query, and the truth it tells is
 *    what the shopper gets; a branch lookup never overwrites a later session status (journal.ts).
 * 7. From the journal: query first (when the backoff of rule 3 allows); PPC with a confirmation
 *    intended (the do had passed rule 2) → confirm (rule 4); PPC with only the do or an undo
 *    intended → undo, since the shopper never saw success; a final status → record it. Every final
 *    status is stored as the answer to the attempt's Idempotency-Key, so the retry and GET get it.
 * 8. Giving up a session needs repeated "unknown NIT" answers (HTTP 200, non-zero esitef.code on the
 *    status query) over RECOVERY_ABANDON_AFTER_MS counted from the first such answer, not from the
 *    session's creation, and never an authentication error: Carat's codes are not documented (Q2),
 *    so before giving up the proxy proves its own credentials work (a fresh creation and its status
 *    query, recovery/credentials-check.ts); a wrong merchant key fails that and nothing is given up.
 *    Each give-up is an error-level log line naming the session (never the NIT). A timeout, 5xx or
 *    4xx says nothing about the NIT and never counts.
 * 9. The answer shows receipts (and a PIN) only on CON; the payment's status is the confirmation's
 *    word on it, else it follows the recharge. The receipts come from the do answer, or from the
 *    status query (§3.7: never a PIN) when that answer was lost or recovery finished the attempt.
 * 10. One process per DATA_DIR (store/data-dir-lock.ts): two would settle the same sessions.
 * 11. A card-paid PIN or bill (recharge/card-payment-sale.ts) has two transactions, the card
 *    payment's and the recharge's, that must end alike: both CON or neither. The payment is
 *    confirmed first, right before the recharge (DoContext.beforeConfirm): a captured payment whose
 *    recharge then fails can be refunded, a delivered PIN or a paid bill cannot be taken back. From
 *    the journal, agreeingMove (below) says what brings the two to agree; what cannot (one confirmed,
 *    the other undone) is flagged for a person (SessionRecord.attention, `npm run ops -- attention`).
 */
import type { CaratStatus, RechargeRequest, RechargeResult } from '../browser-api.ts';
import type { ConfirmOptions } from '../carat/client.ts';
import { GatewayFailure } from '../carat/http.ts';
import {
  caratStatus, wholeNumber, type ConfirmRechargeResponse, type DoRechargeResponse, type ListBranchDataResponse, type RechargeStatusResponse,
} from '../carat/responses.ts';
import { isFinalStatus, journalOf, lastIntent, newAnswersSinceMoneyStep, refusedStatusRun, type SessionJournal } from '../store/journal.ts';
import { mayHoldPin } from '../store/receipt-retention.ts';
import type { SessionRecord, StepOutcome } from '../store/session-store.ts';
import { usedPaymentMethodsFor } from './catalogue/payment-methods.ts';
import type { AgreedAmount } from './recharge-checks.ts';
import type { RechargeDeps } from './recharge-deps.ts';
import { recoveredAnswer } from './request-hash.ts';
import { settleCardSaleFromJournal } from './card-payment-settlement.ts';
import { OutcomePending } from './outcome-pending.ts';

const EMPTY_RECEIPT = { customer: '', merchant: '' };
const UNDONE = 'The recharge could not be completed, so it was undone. Nothing was charged. Please start again.';
const DENIED = 'The recharge was denied.';
const EXPIRED = 'The recharge expired at the payment gateway before it was done. Nothing was charged.';
const PIN_LOST = 'The answer carrying the PIN was lost on the way, so the purchase was undone (the PIN cannot be shown again). Nothing was charged.';
export const PIN_NOT_DELIVERED = 'The purchase was confirmed, but the answer carrying the PIN was lost on the way, and Carat never shows a PIN again. Contact the merchant with this receipt.';
const PIN_KEPT_TOO_LONG = 'The purchase was confirmed, but only after the time a PIN may be kept (RECEIPT_RETENTION_MS), so it cannot be shown. Contact the merchant with this receipt.';
const NO_PAYMENT_BLOCK = 'The payment gateway did not report the card payment, so the recharge was undone.';
const PAYMENT_NOT_CONFIRMED = 'The card payment could not be completed, so the recharge was undone.';

/** Rule 3's backoff between status queries while Carat reports a lost do as NOV. */
const NEW_RECHECK_FIRST_MS = 1_000;
const NEW_RECHECK_MAX_MS = 300_000;

// In a file of its own so that the store's lease fence (store/lease-fence.ts) can extend it without an import cycle.
export { OutcomePending };

/** One browser attempt on a session: its money steps carry the attempt's Idempotency-Key. */
export interface Attempt {
  session: SessionRecord;
  idempotencyKey?: string | undefined;
}

/** One recharge attempt, once the shopper's choice has passed the proxy's checks. */
export interface DoContext {
  attempt: Attempt;
  request: RechargeRequest;
  agreed: AgreedAmount;
  branchData: ListBranchDataResponse;
  /**
   * A card-paid PIN or bill (rule 11): called once the recharge's PPC passed the checks, right
   * before its confirmation, with the confirmation's used_payment_methods. It confirms the card
   * payment and says whether it did; false undoes the recharge. It throws OutcomePending when the
   * payment's fate is unknown: the recharge then stays PPC for recovery.
   */
  beforeConfirm?: (usedPaymentMethods: string[] | undefined) => Promise<boolean>;
}

export interface Settlement {
  /** Carat's status after settling; undefined when it could not be learned (the outcome stays unknown). */
  status: CaratStatus | undefined;
  confirmation?: ConfirmRechargeResponse;
}

/** A settlement whose status is final: anything else is still pending (rule 1). */
export function known(settled: Settlement): Settlement & { status: CaratStatus } {
  if (!isFinalStatus(settled.status)) throw new OutcomePending();
  return settled as Settlement & { status: CaratStatus };
}

/** The parts of a do-recharge answer or a status query that the result shows. */
type RechargeEvidence = Pick<DoRechargeResponse, 'customer' | 'merchant' | 'payment' | 'payment_methods'>;

const journalFor = (deps: RechargeDeps, attempt: Attempt) => journalOf(deps, attempt.session.id, attempt.idempotencyKey);

/**
 * Where a PIN product's do answer is kept (rule 5): beside the attempt's own answer, under a key a
 * browser cannot send (browser-schemas.ts allows no ':'), so it is never replayed as an answer, and
 * the store withholds its receipts after RECEIPT_RETENTION_MS as it does for every PIN answer.
 */
export const doAnswerKey = (idempotencyKey: string) => `do-answer:${idempotencyKey}`;

export const FINAL_MESSAGES: Partial<Record<CaratStatus, string>> = {
  PPN: UNDONE, NEG: DENIED, EXP: EXPIRED, INV: UNDONE, EST: 'The recharge was reversed.', CAN: 'The recharge was cancelled.',
};

// ---- a do that came back (rule 2) or did not (rules 3, 4, 5) ------------------------------------

export async function settleDoAnswer(deps: RechargeDeps, context: DoContext, answer: DoRechargeResponse): Promise<RechargeResult> {
  const { attempt, agreed } = context;
  const status = caratStatus(answer.status);
  const accepted = answer.esitef.code === '0';
  if (accepted && status === 'NOV') {
    // Read but not acted on yet, in Carat's words: it may still act, so this is a lost answer (rules 3, 4), never settled by an undo.
    return settleFailedDo(deps, context, new GatewayFailure('gateway_unavailable', 'The payment gateway has not processed the recharge yet.', true, answer.status));
  }
  await journalFor(deps, attempt).outcome('do', answer.status, { refused: !accepted });

  if (accepted && status === 'AGU' && answer.resubmit_transaction === 'true') {
    const tvPackageCodes = answer.tv_package_subscription_codes ?? [];
    return { status: 'AGU', receipt: EMPTY_RECEIPT, tvPackageCodes, message: 'Choose a TV package to finish the recharge.' };
  }
  if (accepted && status === 'PPC') {
    // The only copy of a PIN, kept before the confirm is sent: a confirm lost on the way may still have taken (rule 5).
    if (mayHoldPin(attempt.session.type) && attempt.idempotencyKey !== undefined) {
      const ifConfirmed = finalResult({ status: 'CON' }, answer, agreed.paymentAmountCents, undefined);
      await deps.store.putResult(attempt.session.id, doAnswerKey(attempt.idempotencyKey), { httpStatus: 200, body: ifConfirmed });
    }
    const asked = answer.send_payment_methods === 'true' || context.branchData.send_payment_methods === 'true';
    return settlePending(deps, context, answer, asked);
  }
  if (!accepted && status === 'NEG') {
    return finalResult({ status: 'NEG' }, answer, agreed.paymentAmountCents, `The recharge was denied: ${deps.carat.describeRefusal(answer.esitef.message)}`);
  }
  if (status === 'EXP') return finalResult({ status: 'EXP' }, answer, agreed.paymentAmountCents, EXPIRED);
  if (status === 'PPC' || accepted) {
    // Pending or in a state we do not understand: undo rather than guess.
    return finalResult(known(await undoRecharge(deps, attempt)), answer, agreed.paymentAmountCents, UNDONE);
  }
  throw new GatewayFailure('gateway_rejected', `The recharge was refused: ${deps.carat.describeRefusal(answer.esitef.message)}`, false, answer.status);
}

export async function settleFailedDo(deps: RechargeDeps, context: DoContext, error: unknown): Promise<RechargeResult> {
  if (!(error instanceof GatewayFailure)) throw error;
  const { attempt, agreed } = context;
  await journalFor(deps, attempt).failure('do', error);
  // Carat's own readable refusal: it read the call and did nothing (rule 4).
  if (!error.outcomeUnknown) throw error;
  const evidence = await queryStatus(deps, attempt);
  if (!evidence) throw new OutcomePending();
  const status = caratStatus(evidence.status);
  if (status === 'PPC') {
    if (mayHoldPin(attempt.session.type)) {
      return finalResult(known(await undoRecharge(deps, attempt)), evidence, agreed.paymentAmountCents, PIN_LOST);
    }
    // We never saw the do answer, so we cannot tell whether it asked for the payment methods:
    // the branch data may have; a bill always does (its documented answer); TIM needs them (§3.6).
    const asked = attempt.session.type === 'invoice' || context.branchData.send_payment_methods === 'true';
    return settlePending(deps, context, evidence, asked);
  }
  if (isFinalStatus(status)) return finalResult({ status }, evidence, agreed.paymentAmountCents, FINAL_MESSAGES[status]);
  // AGU: a TV recharge asks again on a resubmit (the package list was in the lost answer).
  if (status === 'AGU') throw error;
  // NOV or another state that is not final: Carat may still act on the do it received (rule 3).
  throw new OutcomePending();
}

// ---- a PPC (rules 2, 6) -----------------------------------------------------------------------

function isTimDealer(session: SessionRecord, dealerCode: string): boolean {
  const dealer = session.dealers.find((candidate) => candidate.code === dealerCode);
  return session.type === 'normal' && /^tim\b/i.test(dealer?.name ?? '');
}

/** Why this PPC must be undone rather than confirmed (rules 2, 6), or undefined when it may be confirmed. */
function reasonToUndo(context: DoContext, evidence: RechargeEvidence): string | undefined {
  const payment = evidence.payment;
  if (context.request.payment && !payment) return NO_PAYMENT_BLOCK;
  if (!payment) return undefined;
  if (payment.status !== 'PPC' && payment.status !== 'CON') return 'The card payment was not approved, so the recharge was undone.';
  // Missing, unreadable, 0 or another amount than the shopper agreed to: never confirm that.
  if (wholeNumber(payment.amount) !== context.agreed.paymentAmountCents) return UNDONE;
  return undefined;
}

/** `sendPaymentMethods`: Carat asked for used_payment_methods (or cannot be known not to have). */
async function settlePending(deps: RechargeDeps, context: DoContext, evidence: RechargeEvidence, sendPaymentMethods: boolean): Promise<RechargeResult> {
  const { attempt, agreed, branchData, request } = context;
  const undoBecause = reasonToUndo(context, evidence);
  if (undoBecause) return finalResult(known(await undoRecharge(deps, attempt)), evidence, agreed.paymentAmountCents, undoBecause);
  // A schedule's charge (proxy/schedules/) always says it was the shopper's card.
  const paidByCard = attempt.session.grant?.paidBy === 'schedule';
  const used = sendPaymentMethods || paidByCard || isTimDealer(attempt.session, request.dealerCode)
    ? usedPaymentMethodsFor(evidence.payment_methods ?? branchData.payment_methods, agreed.paymentAmountCents, paidByCard)
    : undefined;
  if (context.beforeConfirm && !(await context.beforeConfirm(used))) {
    return finalResult(known(await undoRecharge(deps, attempt)), evidence, agreed.paymentAmountCents, PAYMENT_NOT_CONFIRMED);
  }
  const settled = known(await confirmRecharge(deps, attempt, used));
  return finalResult(settled, evidence, agreed.paymentAmountCents, settled.status === 'CON' ? undefined : FINAL_MESSAGES[settled.status] ?? UNDONE);
}

// ---- confirm, undo and the status query (rules 1, 4, 6) ----------------------------------------

/** Carat's own word on the transaction (§3.7), journaled; undefined when it cannot be had. */
export async function queryStatus(deps: RechargeDeps, attempt: Attempt, journal: SessionJournal = journalFor(deps, attempt)): Promise<RechargeStatusResponse | undefined> {
  try {
    const response = await deps.carat.getRechargeStatus(attempt.session.nit);
    await journal.outcome('status', response.status);
    return response;
  } catch (error) {
    await journal.failure('status', error);
    return undefined;
  }
}

async function sendConfirmation(deps: RechargeDeps, attempt: Attempt, options: ConfirmOptions): Promise<Settlement> {
  const journal = journalFor(deps, attempt);
  const step = options.confirm ? 'confirm' : 'undo';
  await journal.intent(step, options.usedPaymentMethods ? { usedPaymentMethods: options.usedPaymentMethods } : undefined);
  let confirmation: ConfirmRechargeResponse | undefined;
  try {
    confirmation = await deps.carat.confirmRecharge(attempt.session.nit, options);
    const reported = caratStatus(confirmation.status);
    // Answered, but not with a final state (rule 6): only Carat's status tells what took effect, so
    // the step stays open (a confirm answered NOV must not settle a session whose PPC Carat holds).
    await journal.outcome(step, confirmation.status, isFinalStatus(reported) ? {} : { effectUnknown: true });
    if (isFinalStatus(reported)) return { status: reported, confirmation };
  } catch (error) {
    if (!(error instanceof GatewayFailure)) throw error;
    await journal.failure(step, error);
  }
  // Either way, only Carat's own status tells whether the confirmation or undo took effect.
  const response = await queryStatus(deps, attempt, journal);
  return { status: caratStatus(response?.status), ...(confirmation ? { confirmation } : {}) };
}

/** Confirms a PPC recharge; if that cannot be done, undoes it; a PPC is never left by choice. */
export async function confirmRecharge(deps: RechargeDeps, attempt: Attempt, usedPaymentMethods?: string[]): Promise<Settlement> {
  const options: ConfirmOptions = { confirm: true, ...(usedPaymentMethods ? { usedPaymentMethods } : {}) };
  const settled = await sendConfirmation(deps, attempt, options);
  if (settled.status !== 'PPC') return settled;
  // Still pending after a failed confirmation (the query said so): one more confirmation, then undo.
  const retried = await sendConfirmation(deps, attempt, options);
  return retried.status === 'PPC' ? undoRecharge(deps, attempt) : retried;
}

/** Undoes whatever the do-recharge may have done; a transaction that never left NOV stays as it is. */
export function undoRecharge(deps: RechargeDeps, attempt: Attempt): Promise<Settlement> {
  return sendConfirmation(deps, attempt, { confirm: false });
}

// ---- from the journal alone (rules 3, 7, 8) --------------------------------------------------

export type RecoveryOutcome = 'confirmed' | 'undone' | 'already settled' | 'abandoned' | 'unresolved' | 'needs attention';

/** When the next status query of this session is due (rule 3's backoff while Carat says NOV); now if none is owed. */
export function nextQueryDueAt(session: SessionRecord): number {
  const { count, lastAt } = newAnswersSinceMoneyStep(session);
  if (count === 0 || lastAt === undefined) return 0;
  return Date.parse(lastAt) + Math.min(NEW_RECHECK_FIRST_MS * 2 ** (count - 1), NEW_RECHECK_MAX_MS);
}

/** Settles an unsettled session (store/journal.ts needsRecovery) by Carat's status and the last journaled intent. */
export async function settleFromJournal(deps: RechargeDeps, session: SessionRecord): Promise<RecoveryOutcome> {
  if (session.cardPayment) return settleCardSaleFromJournal(deps, session);
  if (deps.now() < nextQueryDueAt(session)) return 'unresolved';
  const intent: StepOutcome | undefined = lastIntent(session);
  const attempt: Attempt = { session, idempotencyKey: intent?.idempotencyKey };
  const evidence = await queryStatus(deps, attempt);
  if (!evidence) return (await giveUpIfUnknownToCarat(deps, session)) ? 'abandoned' : 'unresolved';
  const found = caratStatus(evidence.status);
  if (found === 'AGU') return 'already settled';
  if (found !== 'PPC' && !isFinalStatus(found)) return 'unresolved';

  // A PIN is only in the do answer, which this run never sees: confirming now would sell a PIN nobody can show (rule 5).
  const confirmNow = intent?.step === 'confirm' && !mayHoldPin(session.type);
  const settled: Settlement = found === 'PPC'
    ? (confirmNow ? await confirmRecharge(deps, attempt, intent.usedPaymentMethods) : await undoRecharge(deps, attempt))
    : { status: found };
  const { status } = settled;
  if (!isFinalStatus(status)) return 'unresolved';
  if (attempt.idempotencyKey !== undefined) {
    const pin = status === 'CON' && mayHoldPin(session.type) ? await keptPinAnswer(deps, session.id, attempt.idempotencyKey) : undefined;
    const message = status === 'CON' && mayHoldPin(session.type) ? PIN_NOT_DELIVERED : FINAL_MESSAGES[status];
    const result = pin ?? finalResult(settled, evidence, session.amountCents ?? 0, message);
    await deps.store.putResult(session.id, attempt.idempotencyKey, recoveredAnswer(session, attempt.idempotencyKey, result));
  }
  if (found !== 'PPC') return 'already settled';
  return status === 'CON' ? 'confirmed' : 'undone';
}

/** The CON answer kept from a PIN product's do answer (rule 5), or undefined when its do answer never came. */
export async function keptPinAnswer(deps: RechargeDeps, sessionId: string, idempotencyKey: string): Promise<RechargeResult | undefined> {
  const kept = (await deps.store.getResult(sessionId, doAnswerKey(idempotencyKey)))?.body as RechargeResult | undefined;
  if (!kept) return undefined;
  // Past the retention the store handed it back without its receipts: say why the PIN is not there.
  return kept.receiptWithheld ? { ...kept, message: PIN_KEPT_TOO_LONG } : kept;
}

/** After a failed status query: gives the session up when rule 8 allows it. True when it did. */
async function giveUpIfUnknownToCarat(deps: RechargeDeps, session: SessionRecord): Promise<boolean> {
  const run = refusedStatusRun(await deps.store.get(session.id));
  if (!run || run.count < 2) return false;
  const refusedForMs = deps.now() - Date.parse(run.firstAt);
  if (!(refusedForMs >= deps.abandonUnknownAfterMs)) return false;
  // A wrong merchant key (or JWT) is refused the same way: give up only if our own calls work.
  if (!(await deps.credentialsWork())) {
    deps.logger.warn({ sessionId: session.id, esitefCode: run.esitefCode }, 'recovery kept a session: Carat refuses its status query, but it also refuses a fresh transaction of ours (check the merchant key)');
    return false;
  }
  const abandonedAt = new Date(deps.now()).toISOString();
  await deps.store.update(session.id, (record) => ({ ...record, abandonedAt }));
  deps.logger.error(
    { sessionId: session.id, esitefCode: run.esitefCode, refusals: run.count, refusedForHours: Math.floor(refusedForMs / 3_600_000), lastStatus: session.status },
    'recovery gave up a session: Carat does not know its transaction (it refused the status query repeatedly while accepting our own calls), so no money is held under it',
  );
  return true;
}

// ---- the browser's answer (rule 9) -----------------------------------------------------------

type ReceiptSource = { customer?: { receipt?: string | undefined } | undefined; merchant?: { receipt?: string | undefined } | undefined };

const receiptOf = (source: ReceiptSource) => ({ customer: source.customer?.receipt ?? '', merchant: source.merchant?.receipt ?? '' });

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

// ---- a card-paid PIN or bill: the payment and the recharge agree (rule 11) ---------------------

/**
 * One side of a card sale as Carat reports it: 'unknown' (no answer), 'pending' (NOV after a call
 * whose fate is unknown: Carat may still act), 'none' (nothing held: never sent, NOV, AGU), 'PPC',
 * 'CON', or 'undone' (any other final state: PPN, NEG, EXP…).
 */
export type SaleSide = 'unknown' | 'pending' | 'none' | 'PPC' | 'CON' | 'undone';

export type SideAction = 'keep' | 'confirm' | 'undo';

export type AgreeingMove =
  | { kind: 'wait' }
  | { kind: 'agreed' }
  /** Payment first, then the recharge, for confirmations; the recharge first, then the payment, for undos. */
  | { kind: 'act'; payment: SideAction; recharge: SideAction }
  | { kind: 'attention'; reason: string };

/** The side as Carat's status names it (`called`: a money call of that side whose fate is unknown came last). */
export function saleSide(status: string | undefined, opts: { answered: boolean; called: boolean }): SaleSide {
  if (!opts.answered) return 'unknown';
  if (status === 'PPC' || status === 'CON') return status;
  if (status === 'NOV' || status === undefined) return opts.called ? 'pending' : 'none';
  if (status === 'AGU') return 'none';
  return 'undone';
}

export const PAID_NOT_DELIVERED = 'card payment confirmed (CON) but the recharge was not done: refund the shopper';
export const DELIVERED_NOT_PAID = 'recharge confirmed (CON) but the card payment was not taken: the sale is unpaid';

/**
 * What brings the card payment and the recharge to agree. `confirmIntended`: the attempt had
 * journaled the payment's confirmation (the shopper's sale had passed every check); `pin`: a PIN
 * product, which recovery never confirms while PPC (rule 5).
 */
export function agreeingMove(payment: SaleSide, recharge: SaleSide, opts: { confirmIntended: boolean; pin: boolean }): AgreeingMove {
  // A recharge whose do may still be processed can only end PPC (then undone here) or expired while
  // the payment is not being confirmed: the card's authorization is given back at once, not held.
  if (payment === 'PPC' && recharge === 'pending' && !opts.confirmIntended) return { kind: 'act', payment: 'undo', recharge: 'keep' };
  if (payment === 'unknown' || payment === 'pending' || recharge === 'unknown' || recharge === 'pending') return { kind: 'wait' };
  const act = (paymentAction: SideAction, rechargeAction: SideAction): AgreeingMove => ({ kind: 'act', payment: paymentAction, recharge: rechargeAction });
  if (payment === 'CON') {
    if (recharge === 'CON') return { kind: 'agreed' };
    // The shopper paid: deliver (a PIN kept from its do answer is served to the attempt's retry).
    if (recharge === 'PPC') return act('keep', 'confirm');
    return { kind: 'attention', reason: PAID_NOT_DELIVERED };
  }
  if (payment === 'PPC') {
    if (recharge === 'CON') return act('confirm', 'keep');
    if (recharge === 'PPC') return opts.confirmIntended && !opts.pin ? act('confirm', 'confirm') : act('undo', 'undo');
    return act('undo', 'keep');
  }
  if (recharge === 'CON') return { kind: 'attention', reason: DELIVERED_NOT_PAID };
  if (recharge === 'PPC') return act('keep', 'undo');
  return { kind: 'agreed' };
}
