/**
 * The current step on screen: its heading text and its element, with the properties it takes.
 * Steps are registered here, on first use, so that importing the widget class has no side effect.
 */
import { html, type TemplateResult } from 'lit';
import { chargeableBrands } from './card.ts';
import { cardApplies, waysForward } from './flow.ts';
import type { FlowState } from './flow-state.ts';
import type { Messages } from './messages.ts';
import { AmountStep } from './steps/amount-step.ts';
import { BarcodeStep } from './steps/barcode-step.ts';
import { DealerStep } from './steps/dealer-step.ts';
import { FailureStep } from './steps/failure-step.ts';
import { PendingStep } from './steps/pending-step.ts';
import { PhoneStep } from './steps/phone-step.ts';
import { QuestionsStep } from './steps/questions-step.ts';
import { ReviewStep } from './steps/review-step.ts';
import { defineStep } from './steps/step-element.ts';
import { TvPackageStep } from './steps/tv-package-step.ts';
import { TypeStep } from './steps/type-step.ts';

export function defineSteps(): void {
  defineStep('recharge-type-step', TypeStep);
  defineStep('recharge-dealer-step', DealerStep);
  defineStep('recharge-phone-step', PhoneStep);
  defineStep('recharge-barcode-step', BarcodeStep);
  defineStep('recharge-amount-step', AmountStep);
  defineStep('recharge-questions-step', QuestionsStep);
  defineStep('recharge-review-step', ReviewStep);
  defineStep('recharge-tv-package-step', TvPackageStep);
  defineStep('recharge-failure-step', FailureStep);
  defineStep('recharge-pending-step', PendingStep);
}

/**
 * Loads what a state's view needs: the card step and the result are chunks of their own, fetched
 * ahead as soon as a card may be asked for, or the order is reviewed. Resolves false only when the state on screen could not be shown.
 */
export function prepareStep(state: FlowState): Promise<boolean> {
  // The result screen is a chunk too, fetched while the shopper reviews (or waits): never at first paint.
  if (['review', 'tv-package', 'pending', 'result'].includes(state.step)) {
    return import('./steps/result-step.ts').then(() => true, () => state.step !== 'result');
  }
  if (state.step !== 'card' && !('order' in state && cardApplies(state.settings, state.order))) return Promise.resolve(true);
  return import('./steps/card-step.ts').then(() => true, () => state.step !== 'card');
}

export function stepTitle(state: FlowState, m: Messages): string {
  switch (state.step) {
    case 'type': return m.typeHeading;
    // The heading of the step to come, so that it does not change (nor the layout shift) when it comes.
    case 'opening': return m.dealerHeading[state.type];
    case 'resuming': return state.target === 'card' ? m.cardHeading : m.reviewHeading;
    case 'dealer': return m.dealerHeading[state.order.type];
    case 'phone': return m.phoneHeading;
    case 'barcode': return m.barcodeHeading;
    case 'amount': return m.amountHeading;
    case 'questions': return m.questionsHeading;
    case 'card': return m.cardHeading;
    case 'review': return m.reviewHeading;
    case 'tv-package': return m.tvHeading;
    case 'pending': return m.pendingHeading;
    case 'result': return m.resultHeading[state.recharge.type];
    case 'failure': return state.failure.kind === 'denied' ? m.deniedHeading : m.failureHeading;
  }
}

export interface ViewContext {
  messages: Messages;
  busy: boolean;
  headingLevel: number;
  presets: { dealer?: string; ddd?: string; amountCents?: number };
}

export function renderStep(state: FlowState, ctx: ViewContext): TemplateResult {
  const { messages, busy, presets } = ctx;
  const fieldError = 'fieldError' in state ? state.fieldError : undefined;
  switch (state.step) {
    case 'type':
      return html`<recharge-type-step .messages=${messages} ?busy=${busy}></recharge-type-step>`;
    case 'opening': case 'resuming':
      // A skeleton of a step (a field and a button), not words: the step that comes takes its place.
      return html`<div class="skeleton"><span class="visually-hidden">${messages.loading}</span>
        <span aria-hidden="true"></span><span aria-hidden="true" class="tall"></span><span aria-hidden="true" class="button"></span></div>`;
    case 'dealer':
      return html`<recharge-dealer-step .messages=${messages} ?busy=${busy} .fieldError=${fieldError}
        .dealers=${state.order.dealers} .rechargeType=${state.order.type} ?backable=${!state.settings.type}
        .dealerCode=${state.order.dealer?.code ?? presets.dealer} .branchCode=${state.order.branch?.code}></recharge-dealer-step>`;
    case 'phone':
      return html`<recharge-phone-step .messages=${messages} ?busy=${busy} .fieldError=${fieldError}
        .ddd=${state.order.phone?.ddd ?? presets.ddd ?? ''} .number=${state.order.phone?.number ?? ''}></recharge-phone-step>`;
    case 'barcode':
      return html`<recharge-barcode-step .messages=${messages} ?busy=${busy} .fieldError=${fieldError}
        .question=${state.question} .barCode=${state.order.barCode ?? ''}></recharge-barcode-step>`;
    case 'amount':
      return html`<recharge-amount-step .messages=${messages} ?busy=${busy} .fieldError=${fieldError}
        .categories=${state.order.branchData.categories} .presetCents=${state.order.amount?.amountCents ?? presets.amountCents}></recharge-amount-step>`;
    case 'questions':
      return html`<recharge-questions-step .messages=${messages} ?busy=${busy} .fieldError=${fieldError}
        .questions=${state.order.branchData.questions} .answers=${state.order.answers ?? []}></recharge-questions-step>`;
    case 'card':
      return html`<recharge-card-step .messages=${messages} ?busy=${busy} .fieldError=${fieldError} .brands=${chargeableBrands(state.order.cardBrands)} .installmentLimits=${state.order.installmentLimits}
        .amountCents=${state.order.amount.amountCents}></recharge-card-step>`;
    case 'review':
      return html`<recharge-review-step .messages=${messages} ?busy=${busy} .order=${state.order}></recharge-review-step>`;
    case 'tv-package':
      return html`<recharge-tv-package-step .messages=${messages} ?busy=${busy} .codes=${state.codes}></recharge-tv-package-step>`;
    case 'pending':
      return html`<recharge-pending-step .messages=${messages} .recharge=${state.recharge}></recharge-pending-step>`;
    case 'result':
      return html`<recharge-result-step .messages=${messages} .receipt=${state.result.receipt} .recharge=${state.recharge} .headingLevel=${ctx.headingLevel}
        ?pinProduct=${state.recharge.type === 'others'} ?receiptWithheld=${state.receiptWithheld} ?granted=${state.settings.grant !== undefined}></recharge-result-step>`;
    case 'failure':
      return html`<recharge-failure-step .messages=${messages} ?busy=${busy} .failure=${state.failure} .ways=${waysForward(state)}></recharge-failure-step>`;
  }
}
