/**
 * The current step on screen: its heading text and its element, with the properties it takes.
 * Steps are registered here, on first use, so that importing the widget class has no side effect.
 *
 * Only what a first screen needs is in the entry module: the type step and the skeleton. The others
 * are lazy chunks, each loaded a step ahead (prepareStep): the order steps and the failure screen as
 * soon as any screen shows, the card step when a card may be asked for, the result while the order
 * is reviewed.
 */
import { html, type CSSResult, type TemplateResult } from 'lit';
import { cardApplies } from './flow-screen.ts';
import type { FlowState } from './flow-state.ts';
import type { Messages } from './messages.ts';
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

/** The later steps' look, adopted by the element (laterStyles) once here: it comes with every later step. */
let stepStyles: CSSResult | undefined;
const stepStylesChunk = chunk(() => import('./steps/step-styles.ts').then((module) => {
  stepStyles = module.laterStepStyles;
}));
export const laterStyles = (): CSSResult | undefined => stepStyles;

/** How the later steps render: their chunk brings it (steps/later-step-view.ts). */
let renderLater: typeof import('./steps/later-step-view.ts').renderLaterStep | undefined;
const orderSteps = chunk(() => Promise.all([import('./steps/order-steps.ts').then((module) => {
  module.defineOrderSteps();
  renderLater = module.renderLaterStep;
}), stepStylesChunk()]));
const cardStep = chunk(() => import('./steps/card-step.ts'));
const resultStep = chunk(() => import('./steps/result-step.ts'));
const repeatChoice = chunk(() => import('./steps/repeat-choice.ts'));
const repeatResultStep = chunk(() => import('./steps/repeat-result-step.ts'));

/** Manage mode's view (a schedule's token): its chunk and the later steps' look. */
export const manageView = chunk(() => Promise.all([import('./steps/manage-view.ts'), stepStylesChunk()]));

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
  // The later steps render through the order chunk (renderLater): a step after it waits for both.
  const withOrder = (step: Promise<boolean>) => Promise.all([order, step]).then(([a, b]) => a && b);
  if (state.step === 'card') return withOrder(card!);
  if (state.step === 'result') return withOrder(result!);
  if (state.step === 'scheduled') return withOrder(repeatResultStep());
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
    case 'pending': return m.pendingHeading[state.recharge.type];
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
  const { messages, busy } = ctx;
  switch (state.step) {
    case 'type':
      return html`<recharge-type-step .messages=${messages} ?busy=${busy}></recharge-type-step>`;
    case 'opening': case 'resuming':
      // A skeleton of a step (a field and a button), not words: the step that comes takes its place.
      return html`<div class="skeleton"><span class="visually-hidden">${messages.loading}</span>
        <span aria-hidden="true"></span><span aria-hidden="true" class="tall"></span><span aria-hidden="true" class="button"></span></div>`;
    default:
      // A later step: rendered by its chunk (steps/later-step-view.ts), there before the step shows.
      return renderLater?.(state, ctx) ?? html``;
  }
}
