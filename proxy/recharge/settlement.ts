/**
 * Settlement: after a do-recharge is sent, every transaction that may have reached PPC is confirmed
 * or undone (§3.6: never leave a PPC behind), and the browser gets Carat's final word. A browser
 * attempt settles here (settleDoAnswer, settleFailedDo); so does recovery, from the journal alone
 * (settleFromJournal, run by recovery/recovery-loop.ts and before a retry on an unsettled session).
 *
 * The rules, as they stand today:
 * 1. Every confirm or undo is journaled as an intent before it is sent (the do's intent is
 *    journaled by do-recharge.ts), with the attempt's Idempotency-Key; its outcome after.
 * 2. A PPC is confirmed only when it is what the shopper agreed to: a payment Carat did not approve,
 *    or an amount it would charge other than the agreed one, is undone instead. The confirmation
 *    carries used_payment_methods when the do answer asked for them (send_payment_methods) or the
 *    dealer is TIM (§3.6).
 * 3. A confirm or undo that fails (refused, or no usable answer) is followed by the status query
 *    before anything else is sent. Still PPC after a failed confirm: one more confirm, then undo.
 * 4. A do that came back: accepted AGU with resubmit → ask for the TV package; accepted PPC → rule
 *    2; refused NEG → denied; EXP → session_expired; PPC or accepted in any other state → undo;
 *    anything else → Carat's refusal (502).
 * 5. A do without a usable answer (timeout, 5xx, unreadable) is never re-sent: the status query
 *    decides. PPC → rule 2 (used_payment_methods always sent for a bill); NEG, CON, PPN → that
 *    answer; EXP → session_expired; NOV, AGU or another status → the shopper gets the failure and
 *    may try again. A do Carat answered with an HTTP 4xx is journaled refused: nothing happened.
 * 6. When even the status query gives no answer, the failure goes to the shopper and the money
 *    step stays journaled as unknown: the session is unsettled until recovery settles it.
 * 7. From the journal: query first; PPC with a confirmation intended (the do had passed rule 2) →
 *    confirm (rule 3); PPC with only the do or an undo intended → undo, since the shopper never saw
 *    success; any other status → Carat settled it already, record and stop. A final CON, PPN or NEG
 *    is stored as the answer to the attempt's Idempotency-Key, so the browser's retry gets it.
 * 8. A session leaves recovery when no money step is open and Carat's last word is not PPC
 *    (store/journal.ts needsRecovery), or when it is given up: Carat itself refused the status query
 *    (HTTP 200, non-zero esitef.code: a NIT it does not know) and the session is older than
 *    RECOVERY_ABANDON_AFTER_MS. Safe because money only sits under a NIT Carat knows; a timeout,
 *    5xx or 4xx says nothing about the NIT and never gives up. Each give-up is a warning naming the
 *    session (never the NIT).
 * 9. The answer shows receipts (and a PIN) only on CON; the payment's status is the confirmation's
 *    word on it, else it follows the recharge. The receipts come from the do answer, or from the
 *    status query (§3.7: never a PIN) when that answer was lost or recovery finished the attempt.
 */
import type { CaratStatus, RechargeRequest, RechargeResult } from '../browser-api.ts';
import type { ConfirmOptions } from '../carat/client.ts';
import { GatewayFailure } from '../carat/http.ts';
import {
  caratStatus, wholeNumber, type ConfirmRechargeResponse, type DoRechargeResponse, type ListBranchDataResponse, type RechargeStatusResponse,
} from '../carat/responses.ts';
import { journalOf, lastIntent, refusedStatusCode, type SessionJournal } from '../store/journal.ts';
import type { SessionRecord, StepOutcome } from '../store/session-store.ts';
import { usedPaymentMethodsFor } from './catalogue/payment-methods.ts';
import { expiredSession } from './open-session.ts';
import type { AgreedAmount } from './recharge-checks.ts';
import type { RechargeDeps } from './recharge-deps.ts';

const EMPTY_RECEIPT = { customer: '', merchant: '' };
const UNDONE = 'The recharge could not be completed, so it was undone. Nothing was charged. Please start again.';
const DENIED = 'The recharge was denied.';

/** One browser attempt on a session: its money steps carry the attempt's Idempotency-Key. */
interface Attempt {
  session: SessionRecord;
  idempotencyKey?: string | undefined;
}

/** One recharge attempt, once the shopper's choice has passed the proxy's checks. */
export interface DoContext {
  attempt: Attempt;
  request: RechargeRequest;
  agreed: AgreedAmount;
  branchData: ListBranchDataResponse;
}

interface Settlement {
  /** Carat's status after settling; undefined when it could not be learned (the outcome stays unknown). */
  status: CaratStatus | undefined;
  confirmation?: ConfirmRechargeResponse;
  /** The gateway failure that left the outcome unknown, when there was one. */
  failure?: GatewayFailure;
}

/** The parts of a do-recharge answer or a status query that the result shows. */
type RechargeEvidence = Pick<DoRechargeResponse, 'customer' | 'merchant' | 'payment' | 'payment_methods'>;

const journalFor = (deps: RechargeDeps, attempt: Attempt) => journalOf(deps, attempt.session.id, attempt.idempotencyKey);

// ---- a do that came back (rule 4) or did not (rules 5, 6) ---------------------------------------

export async function settleDoAnswer(deps: RechargeDeps, context: DoContext, answer: DoRechargeResponse): Promise<RechargeResult> {
  const { attempt, agreed } = context;
  const status = caratStatus(answer.status);
  const accepted = answer.esitef.code === '0';
  await journalFor(deps, attempt).outcome('do', answer.status, { refused: !accepted });

  if (accepted && status === 'AGU' && answer.resubmit_transaction === 'true') {
    const tvPackageCodes = answer.tv_package_subscription_codes ?? [];
    return { status: 'AGU', receipt: EMPTY_RECEIPT, tvPackageCodes, message: 'Choose a TV package to finish the recharge.' };
  }
  if (accepted && status === 'PPC') return settlePending(deps, context, answer, answer.send_payment_methods === 'true');
  if (!accepted && status === 'NEG') {
    return finalResult({ status: 'NEG' }, answer, agreed.paymentAmountCents, `The recharge was denied: ${deps.carat.describeRefusal(answer.esitef.message)}`);
  }
  if (status === 'EXP') throw expiredSession();
  if (status === 'PPC' || accepted) {
    // Pending or in a state we do not understand: undo rather than guess.
    return finalResult(await undoRecharge(deps, attempt), answer, agreed.paymentAmountCents, UNDONE);
  }
  throw new GatewayFailure('gateway_rejected', `The recharge was refused: ${deps.carat.describeRefusal(answer.esitef.message)}`, false, answer.status);
}

export async function settleFailedDo(deps: RechargeDeps, context: DoContext, error: unknown): Promise<RechargeResult> {
  if (!(error instanceof GatewayFailure)) throw error;
  const { attempt, agreed } = context;
  await journalFor(deps, attempt).failure('do', error);
  if (!error.outcomeUnknown) throw error;
  const evidence = await queryStatus(deps, attempt);
  if (!evidence) throw error;
  const status = caratStatus(evidence.status);
  switch (status) {
    case 'PPC':
      // We never saw the do answer, so we cannot tell whether it asked for the payment methods:
      // a bill always does (its documented answer), TIM needs them (§3.6).
      return settlePending(deps, context, evidence, attempt.session.type === 'invoice');
    case 'NEG':
    case 'CON':
    case 'PPN':
      return finalResult({ status }, evidence, agreed.paymentAmountCents, FINAL_MESSAGES[status]);
    case 'EXP':
      throw expiredSession();
    default:
      // NOV (nothing happened), AGU (a TV recharge asks again on a resubmit) or a status we do not
      // act on: nothing is pending, and the shopper may try again.
      throw error;
  }
}

// ---- a PPC (rule 2) --------------------------------------------------------------------------

function isTimDealer(session: SessionRecord, dealerCode: string): boolean {
  const dealer = session.dealers.find((candidate) => candidate.code === dealerCode);
  return session.type === 'normal' && /^tim\b/i.test(dealer?.name ?? '');
}

/** `sendPaymentMethods`: the do answer asked for used_payment_methods (or cannot be known not to). */
async function settlePending(deps: RechargeDeps, context: DoContext, evidence: RechargeEvidence, sendPaymentMethods: boolean): Promise<RechargeResult> {
  const { attempt, agreed, branchData, request } = context;
  const payment = evidence.payment;
  if (payment && payment.status !== 'PPC' && payment.status !== 'CON') {
    return finalResult(await undoRecharge(deps, attempt), evidence, agreed.paymentAmountCents, 'The card payment was not approved, so the recharge was undone.');
  }
  const chargedCents = wholeNumber(payment?.amount);
  if (chargedCents !== undefined && chargedCents !== agreed.paymentAmountCents) {
    // Carat would charge another amount than the shopper agreed to: never confirm that.
    return finalResult(await undoRecharge(deps, attempt), evidence, agreed.paymentAmountCents, UNDONE);
  }
  const used = sendPaymentMethods || isTimDealer(attempt.session, request.dealerCode)
    ? usedPaymentMethodsFor(evidence.payment_methods ?? branchData.payment_methods, agreed.paymentAmountCents)
    : undefined;
  const settled = await confirmRecharge(deps, attempt, used);
  // Outcome unknown even after the status query: it stays journaled, and recovery finishes it (rule 6).
  if (settled.status === undefined && settled.failure) throw settled.failure;
  return finalResult(settled, evidence, agreed.paymentAmountCents, settled.status === 'CON' ? undefined : UNDONE);
}

// ---- confirm, undo and the status query (rules 1, 3) -----------------------------------------

/** Carat's own word on the transaction (§3.7), journaled; undefined when it cannot be had. */
async function queryStatus(deps: RechargeDeps, attempt: Attempt, journal: SessionJournal = journalFor(deps, attempt)): Promise<RechargeStatusResponse | undefined> {
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
  try {
    const confirmation = await deps.carat.confirmRecharge(attempt.session.nit, options);
    const status = caratStatus(confirmation.status) ?? (options.confirm ? 'CON' : 'PPN');
    await journal.outcome(step, confirmation.status, { sessionStatus: status });
    return { status, confirmation };
  } catch (error) {
    if (!(error instanceof GatewayFailure)) throw error;
    await journal.failure(step, error);
    // Either way, only Carat's own status tells whether the confirmation or undo took effect.
    const response = await queryStatus(deps, attempt, journal);
    return { status: caratStatus(response?.status), failure: error };
  }
}

/** Confirms a PPC recharge; if that cannot be done, undoes it; a PPC is never left by choice. */
async function confirmRecharge(deps: RechargeDeps, attempt: Attempt, usedPaymentMethods?: string[]): Promise<Settlement> {
  const options: ConfirmOptions = { confirm: true, ...(usedPaymentMethods ? { usedPaymentMethods } : {}) };
  const settled = await sendConfirmation(deps, attempt, options);
  if (settled.status !== 'PPC') return settled;
  // Still pending after a failed confirmation (the query said so): one more confirmation, then undo.
  const retried = await sendConfirmation(deps, attempt, options);
  return retried.status === 'PPC' ? undoRecharge(deps, attempt) : retried;
}

/** Undoes whatever the do-recharge may have done; a transaction that never left NOV stays as it is. */
function undoRecharge(deps: RechargeDeps, attempt: Attempt): Promise<Settlement> {
  return sendConfirmation(deps, attempt, { confirm: false });
}

// ---- from the journal alone (rules 7, 8) -----------------------------------------------------

export type RecoveryOutcome = 'confirmed' | 'undone' | 'already settled' | 'abandoned' | 'unresolved';

const FINAL_MESSAGES: Partial<Record<CaratStatus, string>> = { PPN: UNDONE, NEG: DENIED };

/** Settles an unsettled session (store/journal.ts needsRecovery) by Carat's status and the last journaled intent. */
export async function settleFromJournal(deps: RechargeDeps, session: SessionRecord): Promise<RecoveryOutcome> {
  const intent: StepOutcome | undefined = lastIntent(session);
  const attempt: Attempt = { session, idempotencyKey: intent?.idempotencyKey };
  const evidence = await queryStatus(deps, attempt);
  if (!evidence) return (await giveUpIfUnknownToCarat(deps, session)) ? 'abandoned' : 'unresolved';
  const found = caratStatus(evidence.status);
  if (found === undefined) return 'unresolved';

  let settled: Settlement = { status: found };
  if (found === 'PPC') settled = intent?.step === 'confirm' ? await confirmRecharge(deps, attempt, intent.usedPaymentMethods) : await undoRecharge(deps, attempt);
  const { status } = settled;
  if ((status === 'CON' || status === 'PPN' || status === 'NEG') && attempt.idempotencyKey !== undefined) {
    const result = finalResult(settled, evidence, session.amountCents ?? 0, FINAL_MESSAGES[status]);
    await deps.store.putResult(session.id, attempt.idempotencyKey, { httpStatus: 200, body: result });
  }
  if (status === undefined || status === 'PPC') return 'unresolved';
  if (found !== 'PPC') return 'already settled';
  return status === 'CON' ? 'confirmed' : 'undone';
}

/** After a failed status query: gives the session up when Carat refused it and it is old enough (rule 8). True when it did. */
async function giveUpIfUnknownToCarat(deps: RechargeDeps, session: SessionRecord): Promise<boolean> {
  const esitefCode = refusedStatusCode(await deps.store.get(session.id));
  if (esitefCode === undefined) return false;
  const ageMs = deps.now() - Date.parse(session.createdAt);
  if (!(ageMs >= deps.abandonUnknownAfterMs)) return false;

  const abandonedAt = new Date(deps.now()).toISOString();
  await deps.store.update(session.id, (record) => ({ ...record, abandonedAt }));
  deps.logger.warn(
    { sessionId: session.id, esitefCode, ageHours: Math.floor(ageMs / 3_600_000), lastStatus: session.status },
    'recovery gave up a session: Carat does not know its transaction (it refused the status query), so no money is held under it',
  );
  return true;
}

// ---- the browser's answer (rule 9) -----------------------------------------------------------

type ReceiptSource = { customer?: { receipt?: string | undefined } | undefined; merchant?: { receipt?: string | undefined } | undefined };

const receiptOf = (source: ReceiptSource) => ({ customer: source.customer?.receipt ?? '', merchant: source.merchant?.receipt ?? '' });

/** Carat's denial or our undo, told to the shopper; the PIN and receipts only on CON. */
function finalResult(settled: Settlement, evidence: RechargeEvidence | undefined, agreedPaymentCents: number, message: string | undefined): RechargeResult {
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
