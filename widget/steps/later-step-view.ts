/**
 * How the steps after the first render: each one's element with the properties it takes from the
 * flow state. Part of the order steps' chunk (order-steps.ts), so the first paint carries none of
 * it; step-view.ts renders the first screen and hands every later state here.
 */
import { html, type TemplateResult } from 'lit';
import { chargeableBrands } from '../card.ts';
import { waysForward } from '../flow-screen.ts';
import type { FlowState } from '../flow-state.ts';
import { chargedCents } from '../money.ts';
import type { ViewContext } from '../step-view.ts';

export function renderLaterStep(state: FlowState, ctx: ViewContext): TemplateResult {
  const { messages, busy, presets } = ctx;
  const fieldError = 'fieldError' in state ? state.fieldError : undefined;
  switch (state.step) {
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
    default:
      return html``;
  }
}
