/**
 * A recharge Carat holds as PPC, with the evidence we have of it (the do answer, or the status query
 * when that answer was lost): confirm it when it is what the shopper agreed to, undo it otherwise.
 */
import type { RechargeRequest, RechargeResult } from '../browser-api.ts';
import type { ListBranchDataResponse } from '../carat/responses.ts';
import type { SessionRecord } from '../store/session-store.ts';
import { wholeNumber } from './branch-data-view.ts';
import { usedPaymentMethodsFor } from './payment-methods.ts';
import type { AgreedAmount } from './recharge-checks.ts';
import type { RechargeDeps } from './recharge-deps.ts';
import { finalResult, UNDONE, type RechargeEvidence } from './recharge-result.ts';
import { confirmRecharge, undoRecharge, type Attempt } from './settle-recharge.ts';

/** One recharge attempt, once the shopper's choice has passed the proxy's checks. */
export interface DoContext {
  attempt: Attempt;
  request: RechargeRequest;
  agreed: AgreedAmount;
  branchData: ListBranchDataResponse;
}

export function isTimDealer(session: SessionRecord, dealerCode: string): boolean {
  const dealer = session.dealers.find((candidate) => candidate.code === dealerCode);
  return session.type === 'normal' && /^tim\b/i.test(dealer?.name ?? '');
}

/**
 * `sendPaymentMethods`: whether the confirmation carries used_payment_methods (the do answer asked
 * for them, or the dealer is TIM, §3.6).
 */
export async function settlePending(
  deps: RechargeDeps, { attempt, agreed, branchData, request }: DoContext, evidence: RechargeEvidence, sendPaymentMethods: boolean,
): Promise<RechargeResult> {
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
  // Outcome unknown even after the status query: it stays journaled, and recovery finishes it.
  if (settled.status === undefined && settled.failure) throw settled.failure;
  return finalResult(settled, evidence, agreed.paymentAmountCents, settled.status === 'CON' ? undefined : UNDONE);
}
