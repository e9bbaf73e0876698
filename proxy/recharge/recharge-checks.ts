/**
 * The proxy's own checks of a recharge against the branch data it holds (never the browser's copy):
 * the amount is one on offer (a fixed amount or inside a range; an invoice's amount is the bill's),
 * and every question Carat asked has an answer of the allowed length.
 */
import type { AmountRange, Answer, BranchData, RechargeRequest, RechargeType } from '../browser-api.ts';
import { invalidRequest } from '../api-failure.ts';
import { formatBrl } from '../browser-rules.ts';

export interface AgreedAmount {
  amountKey?: string;
  /** What the shopper pays (a card payment's amount): Carat's payment_amount for a fixed amount, if any. */
  paymentAmountCents: number;
}

const agreedOn = (amountKey: string | undefined, paymentAmountCents: number): AgreedAmount =>
  (amountKey ? { amountKey, paymentAmountCents } : { paymentAmountCents });

export function checkAmount(type: RechargeType, branchData: BranchData, request: RechargeRequest): AgreedAmount {
  if (type === 'invoice') {
    const bill = branchData.invoice;
    if (!bill) throw invalidRequest('invoice.barCode', 'look the bill up first (branch data with the bar code answer)');
    if (request.invoice?.barCode !== bill.barCode) throw invalidRequest('invoice.barCode', 'is not the bill that was looked up');
    if (request.amountCents !== bill.amountCents) throw invalidRequest('amountCents', `must equal the bill's amount, ${formatBrl(bill.amountCents)}`);
    return { paymentAmountCents: bill.amountCents };
  }
  const { amountCents, amountKey } = request;
  const keyFits = (offerKey: string | undefined) => amountKey === undefined || offerKey === amountKey;
  for (const category of branchData.categories) {
    const fixed = category.fixedAmounts.find((offer) => offer.amountCents === amountCents && keyFits(offer.amountKey));
    if (fixed) return agreedOn(fixed.amountKey, fixed.paymentAmountCents ?? amountCents);
    const inRange = (offer: AmountRange) => offer.minCents <= amountCents && amountCents <= offer.maxCents;
    const range = category.amountRanges.find((offer) => inRange(offer) && keyFits(offer.amountKey));
    // A range's payment_amount cannot price every amount in it: the shopper pays the amount.
    if (range) return agreedOn(range.amountKey, amountCents);
  }
  const offers = branchData.categories.flatMap((category) => [
    ...category.fixedAmounts.map((offer) => ({ fits: offer.amountCents === amountCents, text: formatBrl(offer.amountCents) })),
    ...category.amountRanges.map((offer) => ({ fits: offer.minCents <= amountCents && amountCents <= offer.maxCents, text: `${formatBrl(offer.minCents)}–${formatBrl(offer.maxCents)}` })),
  ]);
  if (amountKey !== undefined && offers.some((offer) => offer.fits)) throw invalidRequest('amountKey', 'does not belong to this amount');
  if (offers.length === 0) throw invalidRequest('amountCents', 'this product offers no amount that can be bought');
  throw invalidRequest('amountCents', `is not offered; choose one of ${offers.map((offer) => offer.text).join(', ')}`);
}

/** Every question answered once, within its length bounds; `extraCodes` are accepted beyond them. */
export function checkAnswers(branchData: BranchData, answers: Answer[] = [], extraCodes: string[] = []): void {
  const seen = new Set<string>();
  answers.forEach((answer, index) => {
    const question = branchData.questions.find((candidate) => candidate.id === answer.code);
    if (!question && !extraCodes.includes(answer.code)) throw invalidRequest(`answers.${index}.code`, 'is not a question asked for this product');
    if (seen.has(answer.code)) throw invalidRequest(`answers.${index}.code`, 'answers the same question twice');
    seen.add(answer.code);
    const length = [...answer.description].length;
    if (question?.minLength !== undefined && length < question.minLength) {
      throw invalidRequest(`answers.${index}.description`, `must be at least ${question.minLength} characters`);
    }
    if (question?.maxLength !== undefined && length > question.maxLength) {
      throw invalidRequest(`answers.${index}.description`, `must be at most ${question.maxLength} characters`);
    }
  });
  const unanswered = branchData.questions.find((question) => !seen.has(question.id));
  if (unanswered) throw invalidRequest('answers', `the question "${unanswered.display}" needs an answer`);
}
