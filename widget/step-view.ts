/**
 * The current step on screen: its heading text and its element, with the properties it takes.
 * Steps are registered here, on first use, so that importing the widget class has no side effect.
 *
 * Only what a first screen needs is in the entry module: the type step and the skeleton. The others
 * are lazy chunks, each loaded a step ahead (prepareStep): the order steps and the failure screen as
 * soon as any screen shows, the card step when a card may be asked for, the result while the order
 * is reviewed.
 */
import { html, type TemplateResult } from 'lit';
import { cardApplies, waysForward } from './flow-screen.ts';
import type { FlowState } from './flow-state.ts';
import type { Messages } from './messages.ts';
import { chargedCents } from './money.ts';
import { defineStep } from './steps/step-element.ts';
import { TypeStep } from './steps/type-step.ts';
import { repeatTexts } from './repeat-texts.ts';

export function defineSteps(): void {
  defineStep('recharge-type-step', TypeStep);
}

/** A lazy chunk, fetched once; a failed download is tried again at the next need. */
function chunk(load: () => Promise<unknown>): () => Promise<boolean> {
  let loading: Promise<boolean> | undefined;
  return () => {
    loading ??= load().then(() => true, () => {
      loading = undefined;
      return false;
    });
    return loading;
  };
}

const orderSteps = chunk(() => import('./steps/order-steps.ts').then((module) => module.defineOrderSteps()));
/** The card's brand rules come with its chunk (they bring proxy/browser-rules.ts): the step renders only once it is there. */
let chargeableBrands: typeof import('./card.ts').chargeableBrands | undefined;
const cardStep = chunk(() => Promise.all([import('./steps/card-step.ts'), import('./card.ts').then((card) => {
  chargeableBrands = card.chargeableBrands;
})]));
const resultStep = chunk(() => import('./steps/result-step.ts'));
const repeatChoice = chunk(() => import('./steps/repeat-choice.ts'));
const repeatResultStep = chunk(() => import('./steps/repeat-result-step.ts'));

/** The element calls it as it connects: the steps after the first come alongside the language. */
export const prefetchSteps = (): void => void orderSteps();

const ORDER_STEPS: readonly FlowState['step'][] = ['dealer', 'phone', 'barcode', 'amount', 'questions', 'review', 'tv-package', 'pending', 'failure'];

/**
 * Loads what a state's view needs and fetches ahead what the next ones will: resolves false only
 * when the state on screen could not be shown (its chunk failed to download).
 */
export function prepareStep(state: FlowState): Promise<boolean> {
  const order = orderSteps();
  // The result screen, fetched while the shopper reviews (or waits): never at first paint.
  const result = ['review', 'tv-package', 'pending', 'result'].includes(state.step) ? resultStep() : undefined;
  const card = state.step === 'card' || ('order' in state && cardApplies(state.settings, state.order)) ? cardStep() : undefined;
  // A card-paid phone top-up's review offers "repeat every month": its chunk, with its texts, comes with it.
  if (state.step === 'review' && state.order.type === 'normal' && state.order.card !== undefined) void repeatChoice();
  if (ORDER_STEPS.includes(state.step)) return order;
  if (state.step === 'card') return card!;
  if (state.step === 'result') return result!;
  if (state.step === 'scheduled') return repeatResultStep();
  return Promise.resolve(true);
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
    // The scheduled result is shown once its chunk (which imports the repeat texts) has loaded.
    case 'scheduled': return repeatTexts()?.scheduledHeading(m, state.result.status === 'CON') ?? m.resultHeading.normal;
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
      // Its chunk was fetched a step ahead; until it is there (a slow network), nothing to type into.
      if (!chargeableBrands) return html``;
      return html`<recharge-card-step .messages=${messages} ?busy=${busy} .fieldError=${fieldError} .brands=${chargeableBrands(state.order.cardBrands)} .installmentLimits=${state.order.installmentLimits}
        .amountCents=${chargedCents(state.order.amount)}></recharge-card-step>`;
    case 'review':
      return html`<recharge-review-step .messages=${messages} ?busy=${busy} .order=${state.order}></recharge-review-step>`;
    case 'tv-package':
      return html`<recharge-tv-package-step .messages=${messages} ?busy=${busy} .codes=${state.codes}></recharge-tv-package-step>`;
    case 'pending':
      return html`<recharge-pending-step .messages=${messages} .recharge=${state.recharge}></recharge-pending-step>`;
    case 'result':
      return html`<recharge-result-step .messages=${messages} .receipt=${state.result.receipt} .recharge=${state.recharge} .headingLevel=${ctx.headingLevel}
        ?pinProduct=${state.recharge.type === 'others'} ?receiptWithheld=${state.receiptWithheld} ?granted=${state.settings.grant !== undefined}></recharge-result-step>`;
    case 'scheduled':
      return html`<recharge-repeat-result-step .messages=${messages} .recharge=${state.recharge} .schedule=${state.schedule} .repeat=${state.repeat} .result=${state.result}></recharge-repeat-result-step>`;
    case 'failure':
      return html`<recharge-failure-step .messages=${messages} ?busy=${busy} .failure=${state.failure} .ways=${waysForward(state)}></recharge-failure-step>`;
  }
}
