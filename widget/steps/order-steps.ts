/**
 * The steps between the first one and the payment, as one lazy chunk (step-view.ts loads it as
 * soon as the first step shows, so it is there before the shopper moves on): operator, phone, bar
 * code, amount, questions, review, TV package, the pending screen, and the failure screen (a
 * session that cannot open fails on the first screen, while this chunk is already coming).
 */
import { AmountStep } from './amount-step.ts';
import { BarcodeStep } from './barcode-step.ts';
import { DealerStep } from './dealer-step.ts';
import { FailureStep } from './failure-step.ts';
import { PendingStep } from './pending-step.ts';
import { PhoneStep } from './phone-step.ts';
import { QuestionsStep } from './questions-step.ts';
import { ReviewStep } from './review-step.ts';
import { defineStep } from './step-element.ts';
export { renderLaterStep } from './later-step-view.ts';
import { TvPackageStep } from './tv-package-step.ts';

export function defineOrderSteps(): void {
  defineStep('recharge-dealer-step', DealerStep);
  defineStep('recharge-phone-step', PhoneStep);
  defineStep('recharge-barcode-step', BarcodeStep);
  defineStep('recharge-amount-step', AmountStep);
  defineStep('recharge-questions-step', QuestionsStep);
  defineStep('recharge-review-step', ReviewStep);
  defineStep('recharge-tv-package-step', TvPackageStep);
  defineStep('recharge-pending-step', PendingStep);
  defineStep('recharge-failure-step', FailureStep);
}
