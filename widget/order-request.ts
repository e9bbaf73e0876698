/** The shopper's order → the proxy's request bodies (proxy/browser-api.ts). */
import type { Answer, BranchDataRequest, Question, RechargeRequest } from '../proxy/browser-api.ts';
import { TV_PACKAGE_ANSWER_CODE } from '../proxy/browser-rules.ts';
import type { ChosenOrder, PricedOrder } from './flow-state.ts';

/** The invoice dealer asks for the bar code as a branch-data question with this id. */
export const BARCODE_QUESTION: Question = { id: 'BARCODE', display: '', minLength: 44, maxLength: 48 };

export function branchRequest(order: ChosenOrder, extra: { ddd?: string; barCode?: string; questionId?: string } = {}): BranchDataRequest {
  const ddd = extra.ddd ?? order.phone?.ddd;
  const barCode = extra.barCode ?? order.barCode;
  return {
    dealerCode: order.dealer.code,
    ...(order.type === 'others' && order.dealer.typeCode ? { typeCode: order.dealer.typeCode } : {}),
    ...(order.branch ? { branchCode: order.branch.code } : {}),
    ...(order.type === 'normal' && ddd ? { ddd } : {}),
    ...(order.type === 'invoice' && barCode ? { answers: [{ code: extra.questionId ?? BARCODE_QUESTION.id, description: barCode }] } : {}),
  };
}

export function rechargeRequest(order: PricedOrder, tvPackage?: string): RechargeRequest {
  const answers: Answer[] = [...(order.type === 'invoice' ? [] : order.answers ?? [])];
  if (tvPackage) answers.push({ code: TV_PACKAGE_ANSWER_CODE, description: tvPackage });
  return {
    dealerCode: order.dealer.code,
    ...(order.type === 'others' && order.dealer.typeCode ? { typeCode: order.dealer.typeCode } : {}),
    ...(order.branch ? { branchCode: order.branch.code } : {}),
    ...(order.type === 'normal' && order.phone ? { phone: order.phone } : {}),
    amountCents: order.amount.amountCents,
    ...(order.amount.amountKey ? { amountKey: order.amount.amountKey } : {}),
    ...(answers.length ? { answers } : {}),
    ...(order.type === 'invoice' && order.barCode ? { invoice: { barCode: order.barCode } } : {}),
    // Every type pays by card: a top-up in the do-recharge, a PIN or a bill through REST Payment (the proxy's).
    ...(order.card ? { payment: order.card } : {}),
    ...(order.type === 'normal' && order.card && order.repeat ? { repeat: { every: 'month' as const, ...order.repeat } } : {}),
  };
}

/** One key per attempt (see attemptKey in flow-state.ts). randomUUID needs a secure context; a merchant page on
 * plain http still gets 128 random bits. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
