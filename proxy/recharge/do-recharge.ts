/**
 * POST /api/recharges/:id/recharge: check the shopper's choice against the proxy's own branch data,
 * journal the do's intent, send it, and hand whatever comes back to settlement (settlement.ts),
 * which always ends in a final status: CON (done), NEG (denied), PPN (undone), or AGU (a TV
 * recharge asks for its package).
 *
 * The do's intent is journaled before it is sent (with the attempt's Idempotency-Key): if the
 * proxy dies while Carat holds the recharge, recovery finds it and settles it.
 *
 * Card testing (a script trying stolen numbers through our checkout): a session may send at most
 * CARD_ATTEMPTS_PER_SESSION cards to Carat, counted from the journal's do intents. Our own 400s
 * cost no attempt; a lost answer does, since Carat may have tried the card. Past the cap: 429
 * `rate_limited` without Retry-After (waiting does not help; a new recharge does). One flow per
 * session (SessionFlows) means two requests cannot both slip under the cap.
 *
 * Paid or granted (grants/session-grant.ts): without a card payment or the session's order grant,
 * 402 before anything reaches Carat; a granted recharge must fit its grant.
 *
 * A normal top-up carries its card in the do-recharge's payment block. A PIN product or a bill
 * cannot (Carat refuses the block there): its card is paid through REST Payment, two-phase with the
 * do-recharge sent without payment (card-payment-sale.ts, which says why the payment is confirmed first).
 */
import type { RechargeResult } from '../browser-api.ts';
import { ApiFailure, invalidRequest } from '../api-failure.ts';
import { TV_PACKAGE_ANSWER_CODE } from '../browser-rules.ts';
import { parseRechargeRequest } from '../browser-schemas.ts';
import type { DoRechargeResponse } from '../carat/responses.ts';
import { checkGrantCovers, checkPaidOrGranted } from '../grants/session-grant.ts';
import { carriesPayment } from '../hardening/abuse-guards.ts';
import { cardAttempts, journalOf } from '../store/journal.ts';
import type { SessionRecord } from '../store/session-store.ts';
import { heldBranchData, selectionFor } from './catalogue/branch-data.ts';
import { branchDataView } from './catalogue/catalogue-view.ts';
import { buildDoRechargeRequest, cardPayable, chargeableBrands } from './do-recharge-request.ts';
import { expiredSession, noSuchSession } from './open-session.ts';
import { checkInstallments } from './installments.ts';
import { checkAmount, checkAnswers } from './recharge-checks.ts';
import type { RechargeDeps } from './recharge-deps.ts';
import { cardPaymentDepsOf } from './card-payment-settlement.ts';
import { DISAGREEMENT_TEXT, sellWithCard } from './card-payment-sale.ts';
import { settleDoAnswer, settleFailedDo, type DoContext } from './settlement.ts';

const EMPTY_RECEIPT = { customer: '', merchant: '' };


/** A do-recharge is allowed on a new transaction, or on one waiting for its TV package (AGU). */
function checkSessionAllowsRecharge(session: SessionRecord): void {
  if (session.status !== 'NOV' && session.status !== 'AGU') {
    throw new ApiFailure('conflict', `This recharge is already finished (status ${session.status}). Please start a new one.`);
  }
}

function checkCardAttempts(session: SessionRecord, maxAttempts: number): void {
  if (cardAttempts(session) >= maxAttempts) {
    throw new ApiFailure('rate_limited', `Too many card attempts for this recharge (at most ${maxAttempts}). Start a new recharge to try again.`);
  }
}

/** `idempotencyKey`: the browser's attempt, journaled with each money step so recovery can answer it. */
/** `clientIp`: the shopper's address, for the card attempts per address (hardening/card-guard.ts). */
export async function doRecharge(deps: RechargeDeps, sessionId: string, body: unknown, idempotencyKey: string, clientIp = ''): Promise<RechargeResult> {
  const session = await deps.store.get(sessionId);
  if (!session) throw noSuchSession();
  // Before any other check, like a rate limit: a capped session is refused whatever the card.
  const card = carriesPayment(body);
  if (card) checkCardAttempts(session, deps.cardAttemptsPerSession);
  if (session.status === 'EXP') throw expiredSession();
  const request = parseRechargeRequest(body, session.type, cardPayable(deps, session.type) ? chargeableBrands(deps.authorizerIds) : []);
  // A monthly top-up is proxy/schedules/'s (recharge-routes.ts routes it there): never a one-off sale.
  if (request.repeat) throw invalidRequest('repeat', 'is handled by the monthly top-ups, not here');
  checkSessionAllowsRecharge(session);
  checkPaidOrGranted(session, request);
  const selection = selectionFor(session, { ...request, ...(request.phone ? { ddd: request.phone.ddd } : {}), answers: [] });
  const branchData = await heldBranchData(deps, session, selection);
  const view = branchDataView(branchData);
  const agreed = checkAmount(session.type, view, request);
  checkGrantCovers(session, agreed.paymentAmountCents);
  if (request.payment) checkInstallments(request.payment, agreed.paymentAmountCents, deps.installments);
  checkAnswers(view, request.answers, session.status === 'AGU' ? [TV_PACKAGE_ANSWER_CODE] : []);

  // Last check before the card goes out: the address's allowance and the breaker.
  if (card) await deps.cardGuard.beforeAttempt(clientIp);
  const context: DoContext = { attempt: { session: { ...session, dealerCode: request.dealerCode }, idempotencyKey }, request, agreed, branchData };
  const cardDeps = cardPaymentDepsOf(deps);
  if (session.type !== 'normal' && request.payment && cardDeps) {
    const { payment, ...withoutPayment } = request;
    // Built before the card is charged: a bill whose details are missing fails here, costing nothing.
    const doRequest = buildDoRechargeRequest(session, withoutPayment, branchData, agreed, deps);
    const sold = await sellWithCard(cardDeps, { session, idempotencyKey, payment, amountCents: agreed.paymentAmountCents }, {
      run: (confirmPaymentFirst) => sendDo(deps, { ...context, request: withoutPayment, beforeConfirm: confirmPaymentFirst }, doRequest, false),
      delivered: (result) => result.status === 'CON',
      status: (result) => result.status,
    });
    if (sold.kind === 'denied') {
      await deps.cardGuard.declined();
      return { status: 'NEG', receipt: EMPTY_RECEIPT, payment: sold.payment, message: sold.message };
    }
    return { ...sold.result, payment: sold.payment, ...(sold.attention ? { message: DISAGREEMENT_TEXT } : {}) };
  }
  const result = await sendDo(deps, context, buildDoRechargeRequest(session, request, branchData, agreed, deps), Boolean(card));
  if (card && (result.status === 'NEG' || result.payment?.status === 'NEG')) await deps.cardGuard.declined();
  return result;
}

/**
 * Journals the do's intent (with the shopper's choice, in one write), sends it, and settles whatever
 * comes back. Exported for a schedule's first top-up (proxy/schedules/first-top-up-now.ts), the goods
 * step of its two-phase sale.
 */
export async function sendDo(deps: RechargeDeps, context: DoContext, doRequest: Record<string, unknown>, card: boolean): Promise<RechargeResult> {
  const { attempt, request } = context;
  const { session, idempotencyKey } = attempt;
  const journal = journalOf(deps, session.id, idempotencyKey);
  await journal.intent('do', card ? { card: true } : undefined, (record) => ({ ...record, dealerCode: request.dealerCode, amountCents: request.amountCents }));
  let answer: DoRechargeResponse;
  try {
    answer = await deps.carat.doRecharge(session.nit, doRequest);
  } catch (error) {
    return settleFailedDo(deps, context, error);
  }
  return settleDoAnswer(deps, context, answer);
}
