/**
 * POST /api/recharges/:id/recharge: check the shopper's choice against the proxy's own branch data,
 * do the recharge, then always confirm it or undo it (§3.6), so the browser gets a final status:
 * CON (done), NEG (denied), PPN (undone), or AGU (a TV recharge asks for its package).
 */
import type { RechargeRequest, RechargeResult } from '../browser-api.ts';
import { ApiFailure } from '../api-failure.ts';
import { parseRechargeRequest } from '../browser-schemas.ts';
import { GatewayFailure } from '../carat/http.ts';
import type { DoRechargeResponse, ListBranchDataResponse } from '../carat/responses.ts';
import type { SessionRecord } from '../store/session-store.ts';
import { heldBranchData, selectionFor } from './branch-data.ts';
import { branchDataView, wholeNumber } from './branch-data-view.ts';
import { buildDoRechargeRequest } from './do-recharge-request.ts';
import { usedPaymentMethodsFor } from './payment-methods.ts';
import { checkAmount, checkAnswers, TV_PACKAGE_ANSWER_CODE, type AgreedAmount } from './recharge-checks.ts';
import { caratStatus, expiredSession, loadSession, stepOutcome, type RechargeDeps } from './recharge-deps.ts';
import { confirmRecharge, stepRecorder, undoRecharge, type Settlement } from './settle-recharge.ts';

const EMPTY_RECEIPT = { customer: '', merchant: '' };

/** A do-recharge is allowed on a new transaction, or on one waiting for its TV package (AGU). */
function checkSessionAllowsRecharge(session: SessionRecord): void {
  if (session.status !== 'NOV' && session.status !== 'AGU') {
    throw new ApiFailure('conflict', `This recharge is already finished (status ${session.status}). Please start a new one.`);
  }
}

const receiptOf = (source: { customer?: { receipt?: string | undefined } | undefined; merchant?: { receipt?: string | undefined } | undefined }) =>
  ({ customer: source.customer?.receipt ?? '', merchant: source.merchant?.receipt ?? '' });

/** Carat's own denial or our undo, told to the shopper; the PIN and receipts only on CON. */
function finalResult(settled: Settlement, doResponse: DoRechargeResponse | undefined, agreed: AgreedAmount, message: string | undefined): RechargeResult {
  const status = settled.status ?? 'ERR';
  const done = status === 'CON';
  const result: RechargeResult = { status, receipt: done && doResponse ? receiptOf(doResponse) : EMPTY_RECEIPT };
  if (message) result.message = message;
  const payment = doResponse?.payment;
  if (payment) {
    // The confirmation's word on the payment wins; else it follows the recharge.
    const paymentStatus = caratStatus(settled.confirmation?.payment?.status) ?? (done ? 'CON' : (caratStatus(payment.status) ?? status));
    result.payment = { status: paymentStatus, amountCents: wholeNumber(payment.amount) ?? agreed.paymentAmountCents };
    if (done && (payment.customer?.receipt || payment.merchant?.receipt)) result.payment.receipt = receiptOf(payment);
  }
  return result;
}

function isTimDealer(session: SessionRecord, dealerCode: string): boolean {
  const dealer = session.dealers.find((candidate) => candidate.code === dealerCode);
  return session.type === 'normal' && /^tim\b/i.test(dealer?.name ?? '');
}

const UNDONE = 'The recharge could not be completed, so it was undone. Nothing was charged. Please start again.';

/** What to do with a do-recharge that came back (code 0 or not). */
interface DoContext {
  session: SessionRecord;
  request: RechargeRequest;
  agreed: AgreedAmount;
  branchData: ListBranchDataResponse;
}

async function settleAnswer(deps: RechargeDeps, { session, request, agreed, branchData }: DoContext, answer: DoRechargeResponse): Promise<RechargeResult> {
  const status = caratStatus(answer.status);
  const record = stepRecorder(deps, session);
  const accepted = answer.esitef.code === '0';
  await record(stepOutcome(deps, 'do', accepted ? 'ok' : 'refused', answer.status), status);

  if (accepted && status === 'AGU' && answer.resubmit_transaction === 'true') {
    const tvPackageCodes = answer.tv_package_subscription_codes ?? [];
    return { status: 'AGU', receipt: EMPTY_RECEIPT, tvPackageCodes, message: 'Choose a TV package to finish the recharge.' };
  }
  if (accepted && status === 'PPC') {
    const paymentStatus = answer.payment?.status;
    if (answer.payment && paymentStatus !== 'PPC' && paymentStatus !== 'CON') {
      return finalResult(await undoRecharge(deps, session), answer, agreed, 'The card payment was not approved, so the recharge was undone.');
    }
    const chargedCents = wholeNumber(answer.payment?.amount);
    if (chargedCents !== undefined && chargedCents !== agreed.paymentAmountCents) {
      // Carat would charge another amount than the shopper agreed to: never confirm that.
      return finalResult(await undoRecharge(deps, session), answer, agreed, UNDONE);
    }
    const sendMethods = answer.send_payment_methods === 'true' || isTimDealer(session, request.dealerCode);
    const used = sendMethods ? usedPaymentMethodsFor(answer.payment_methods ?? branchData.payment_methods, agreed.paymentAmountCents) : undefined;
    const settled = await confirmRecharge(deps, session, used);
    if (settled.status === undefined && settled.failure) throw settled.failure;
    return finalResult(settled, answer, agreed, settled.status === 'CON' ? undefined : UNDONE);
  }
  if (!accepted && status === 'NEG') {
    return finalResult({ status: 'NEG' }, answer, agreed, `The recharge was denied: ${deps.carat.describeRefusal(answer.esitef.message)}`);
  }
  if (status === 'EXP') throw expiredSession();
  if (status === 'PPC' || accepted) {
    // Pending or in a state we do not understand: undo rather than guess.
    return finalResult(await undoRecharge(deps, session), answer, agreed, UNDONE);
  }
  throw new GatewayFailure('gateway_rejected', `The recharge was refused: ${deps.carat.describeRefusal(answer.esitef.message)}`, false, answer.status);
}

/** The do-recharge gave no usable answer: it may have taken effect, so undo it, and report what Carat says. */
async function settleUnknown(deps: RechargeDeps, session: SessionRecord, failure: GatewayFailure, agreed: AgreedAmount): Promise<RechargeResult> {
  await stepRecorder(deps, session)(stepOutcome(deps, 'do', 'unknown'));
  const settled = await undoRecharge(deps, session);
  if (settled.status === 'NOV' || settled.status === 'AGU') {
    // Nothing was charged (AGU: a TV recharge waits for its package, which a resubmit without
    // the answer asks for again): the shopper may try again in this session.
    await deps.store.update(session.id, (record) => ({ ...record, status: settled.status! }));
    throw failure;
  }
  if (settled.status === undefined) throw failure;
  return finalResult(settled, undefined, agreed, settled.status === 'PPN' ? UNDONE : undefined);
}

export async function performRecharge(deps: RechargeDeps, sessionId: string, body: unknown): Promise<RechargeResult> {
  const session = await loadSession(deps, sessionId);
  const request = parseRechargeRequest(body, session.type);
  checkSessionAllowsRecharge(session);
  const selection = selectionFor(session, { ...request, ...(request.phone ? { ddd: request.phone.ddd } : {}), answers: [] });
  const branchData = await heldBranchData(deps, session, selection);
  const view = branchDataView(branchData);
  const agreed = checkAmount(session.type, view, request);
  checkAnswers(view, request.answers, session.status === 'AGU' ? [TV_PACKAGE_ANSWER_CODE] : []);
  const doRequest = buildDoRechargeRequest(session, request, branchData, agreed, deps.merchantKey);

  await deps.store.update(session.id, (record) => ({ ...record, dealerCode: request.dealerCode, amountCents: request.amountCents }));
  const current = { ...session, dealerCode: request.dealerCode };
  let answer: DoRechargeResponse;
  try {
    answer = await deps.carat.doRecharge(session.nit, doRequest);
  } catch (error) {
    if (error instanceof GatewayFailure && error.outcomeUnknown) return settleUnknown(deps, current, error, agreed);
    if (error instanceof GatewayFailure) await stepRecorder(deps, session)(stepOutcome(deps, 'do', 'refused'));
    throw error;
  }
  return settleAnswer(deps, { session: current, request, agreed, branchData }, answer);
}
