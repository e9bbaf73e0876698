/**
 * POST /api/recharges/:id/recharge: check the shopper's choice against the proxy's own branch data,
 * do the recharge, then always confirm it or undo it (§3.6), so the browser gets a final status:
 * CON (done), NEG (denied), PPN (undone), or AGU (a TV recharge asks for its package).
 *
 * The do's intent is journaled before it is sent (with the attempt's Idempotency-Key): if the
 * proxy dies while Carat holds the recharge, recovery finds it and settles it.
 */
import type { RechargeResult } from '../browser-api.ts';
import { ApiFailure } from '../api-failure.ts';
import { TV_PACKAGE_ANSWER_CODE } from '../browser-rules.ts';
import { parseRechargeRequest } from '../browser-schemas.ts';
import { GatewayFailure } from '../carat/http.ts';
import type { DoRechargeResponse } from '../carat/responses.ts';
import type { SessionRecord } from '../store/session-store.ts';
import { heldBranchData, selectionFor } from './branch-data.ts';
import { branchDataView } from './branch-data-view.ts';
import { buildDoRechargeRequest } from './do-recharge-request.ts';
import { resolveLostDoAnswer } from './lost-do-answer.ts';
import { settlePending, type DoContext } from './pending-recharge.ts';
import { checkAmount, checkAnswers } from './recharge-checks.ts';
import { caratStatus, expiredSession, loadSession, stepOutcome, type RechargeDeps } from './recharge-deps.ts';
import { EMPTY_RECEIPT, finalResult, UNDONE } from './recharge-result.ts';
import { stepRecorder, undoRecharge } from './settle-recharge.ts';

/** A do-recharge is allowed on a new transaction, or on one waiting for its TV package (AGU). */
function checkSessionAllowsRecharge(session: SessionRecord): void {
  if (session.status !== 'NOV' && session.status !== 'AGU') {
    throw new ApiFailure('conflict', `This recharge is already finished (status ${session.status}). Please start a new one.`);
  }
}

/** What to do with a do-recharge that came back (code 0 or not). */
async function settleAnswer(deps: RechargeDeps, context: DoContext, answer: DoRechargeResponse): Promise<RechargeResult> {
  const { attempt, agreed } = context;
  const status = caratStatus(answer.status);
  const accepted = answer.esitef.code === '0';
  await stepRecorder(deps, attempt.session)(stepOutcome(deps, 'do', accepted ? 'ok' : 'refused', answer.status), status);

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

/** `idempotencyKey`: the browser's attempt, journaled with each money step so recovery can answer it. */
export async function performRecharge(deps: RechargeDeps, sessionId: string, body: unknown, idempotencyKey: string): Promise<RechargeResult> {
  const session = await loadSession(deps, sessionId);
  const request = parseRechargeRequest(body, session.type);
  checkSessionAllowsRecharge(session);
  const selection = selectionFor(session, { ...request, ...(request.phone ? { ddd: request.phone.ddd } : {}), answers: [] });
  const branchData = await heldBranchData(deps, session, selection);
  const view = branchDataView(branchData);
  const agreed = checkAmount(session.type, view, request);
  checkAnswers(view, request.answers, session.status === 'AGU' ? [TV_PACKAGE_ANSWER_CODE] : []);
  const doRequest = buildDoRechargeRequest(session, request, branchData, agreed, deps.merchantKey);

  // The choice and the do's intent in one journal write, before the call is sent.
  const intent = { ...stepOutcome(deps, 'do', 'pending'), idempotencyKey };
  await deps.store.update(session.id, (record) => ({
    ...record, dealerCode: request.dealerCode, amountCents: request.amountCents, steps: [...record.steps, intent],
  }));
  const context: DoContext = { attempt: { session: { ...session, dealerCode: request.dealerCode }, idempotencyKey }, request, agreed, branchData };
  let answer: DoRechargeResponse;
  try {
    answer = await deps.carat.doRecharge(session.nit, doRequest);
  } catch (error) {
    if (error instanceof GatewayFailure && error.outcomeUnknown) return resolveLostDoAnswer(deps, context, error);
    if (error instanceof GatewayFailure) await stepRecorder(deps, session)(stepOutcome(deps, 'do', 'refused'));
    throw error;
  }
  return settleAnswer(deps, context, answer);
}
