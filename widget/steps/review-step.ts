/** What will be paid, as one list, and the button that does it. */
import { html, nothing, type TemplateResult } from 'lit';
import { BRAND_NAMES, detectBrand, formatBrl } from '../../proxy/browser-rules.ts';
import type { PricedOrder } from '../flow-state.ts';
import { bonusCentsOf, chargedCents, formatBasisPoints } from '../money.ts';
import { newIdempotencyKey } from '../order-request.ts';
import { formatPhone } from '../phone.ts';
import { barcodeGroups } from '../barcode.ts';
import { StepElement } from './step-element.ts';
import { repeatTexts } from '../repeat-texts.ts';

/** YYYY-MM-DD → DD/MM/YYYY, as Brazilian bills print it. */
const brazilianDate = (iso: string) => iso.split('-').reverse().join('/');

export class ReviewStep extends StepElement {
  static override properties = { order: { attribute: false } };
  declare order: PricedOrder;

  #handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    // The widget ignores a second confirm while the first is in flight; the disabled button is for the eye.
    if (!this.busy) this.emit({ type: 'confirmed', newKey: newIdempotencyKey() });
  }

  #rows(): Array<[string, string | TemplateResult]> {
    const m = this.messages;
    const o = this.order;
    const rows: Array<[string, string | TemplateResult]> = [[m.dealerLabel[o.type], o.dealer.name]];
    if (o.branch) rows.push([m.branchLabel[o.type], o.branch.name]);
    // Large: the review is where the shopper confirms the number (the phone step asks it once).
    if (o.phone) rows.push([m.phoneLabel, html`<span class="phone-confirm">${formatPhone(o.phone.ddd, o.phone.number)}</span>`]);
    const bill = o.branchData.invoice;
    if (bill?.holderName) rows.push([m.holderName, bill.holderName]);
    if (bill?.dueDate) rows.push([m.dueDate, brazilianDate(bill.dueDate)]);
    // In groups that wrap, as printed on the bill: 48 digits in one run would widen the page.
    if (o.barCode) rows.push([m.barcodeLabel, html`<span class="barcode">${barcodeGroups(o.barCode).map((g) => html`<span class="nowrap">${g}</span> `)}</span>`]);
    rows.push([m.amountLabel, formatBrl(o.amount.amountCents)]);
    const bonusCents = bonusCentsOf(o.amount.amountCents, o.amount);
    const bonus = [
      bonusCents ? m.bonus(formatBrl(bonusCents)) : o.amount.bonusBasisPoints ? m.bonusPercent(formatBasisPoints(o.amount.bonusBasisPoints)) : '',
      bonusCents && o.amount.bonusValidityDays ? m.validity(o.amount.bonusValidityDays) : '',
    ].filter(Boolean).join(', ');
    // Validity is a row of its own: many amounts have one and no bonus.
    if (bonus) rows.push([m.bonusLabel, bonus]);
    if (o.amount.validityDays) rows.push([m.validityLabel, m.days(o.amount.validityDays)]);
    if (bonusCents) rows.push([m.totalCredits, formatBrl(o.amount.amountCents + bonusCents)]);
    for (const answer of o.answers ?? []) {
      const question = o.branchData.questions.find((q) => q.id === answer.code);
      if (question) rows.push([question.display, answer.description]);
    }
    if (o.card) {
      const { number } = o.card.card;
      rows.push([m.payment, m.cardEnding(BRAND_NAMES[detectBrand(number)], number.slice(-4), o.card.installments)]);
    }
    const texts = repeatTexts();
    if (o.repeat && texts) {
      // What will be charged when (issue 10): each date; with a start date nothing today, else "Total to pay" is today's.
      rows.push(texts.row(m, chargedCents(o.amount), o.repeat));
      if (o.repeat.startDate !== undefined) return rows;
    }
    // What the card is charged (with Carat's fee, if any), not the recharge's amount.
    rows.push([m.totalToPay, formatBrl(chargedCents(o.amount))]);
    return rows;
  }

  override render(): TemplateResult {
    const m = this.messages;
    const { repeat, type } = this.order;
    const texts = repeatTexts();
    const amount = formatBrl(chargedCents(this.order.amount));
    const label = repeat && texts ? texts.confirm(m, repeat)
      : !this.order.card ? m.topUp[type] : type === 'normal' ? m.payAndTopUp(amount) : m.payAndBuy[type](amount);
    return html`<form @submit=${this.#handleSubmit} novalidate>
      <dl part="summary">
        ${this.#rows().map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}
      </dl>
      ${repeat && texts ? html`<p part="hint">${texts.whenCharged(m, chargedCents(this.order.amount), repeat)}</p>` : nothing}
      ${this.order.branchData.messages.length ? html`<p part="hint">${this.order.branchData.messages.join(' ')}</p>` : nothing}
      ${this.order.type === 'normal' && this.order.card ? html`<recharge-repeat-choice .messages=${m} .repeat=${repeat} ?disabled=${this.busy}></recharge-repeat-choice>` : nothing}
      <div class="actions">
        ${this.submitButton(label, this.order.card ? m.processingPayment : m.busy)}
        ${this.backButton()}
      </div>
    </form>`;
  }
}
