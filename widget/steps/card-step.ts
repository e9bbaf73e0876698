/**
 * Card payment (every type: the proxy charges a top-up in the do-recharge, a PIN or a bill through REST Payment). Loaded on demand: most shoppers of a merchant that does
 * not take cards never download it. The card data goes to the flow state in memory and from there
 * only to the proxy; nothing here logs it or puts it in an event that leaves the widget.
 */
import { html } from 'lit';
import { ACCEPTED_BRANDS, BRAND_NAMES, detectBrand, formatBrl, HOLDER_LENGTH, securityCodeLength, type CardBrand } from '../../proxy/browser-rules.ts';
import { checkCard, formatCardNumber, installmentOptions, maskExpiry, type CardField, type CardProblem } from '../card.ts';
import type { InstallmentLimits } from '../flow-state.ts';
import { digitsOf } from '../phone.ts';
import { defineStep, describedBy, field, StepElement } from './step-element.ts';

export class CardStep extends StepElement {
  static override properties = {
    amountCents: { attribute: false },
    brands: { attribute: false },
    installmentLimits: { attribute: false },
    digits: { state: true },
  };
  declare amountCents: number;
  /** The brands the proxy can charge (the session's cardBrands, card.ts chargeableBrands). */
  declare brands: readonly CardBrand[];
  /** The session's installment bounds; undefined: an older proxy (card.ts installmentOptions' defaults). */
  declare installmentLimits: InstallmentLimits | undefined;
  declare digits: string;
  #errors = new Map<CardField, string>();

  constructor() {
    super();
    this.digits = '';
    this.brands = ACCEPTED_BRANDS;
  }

  #handleNumberInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.digits = digitsOf(input.value).slice(0, 19);
    input.value = formatCardNumber(this.digits);
  }

  #handleExpiryInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    input.value = maskExpiry(input.value, event.inputType?.startsWith('delete'));
  }

  /**
   * Once errors show, each is checked again as the shopper types or leaves a field: a fixed one
   * clears at once, a changed one says its new problem. Fields without an error stay quiet.
   */
  #handleRecheck = (event: Event): void => {
    if (!this.#errors.size && !this.fieldError) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const number = digitsOf(value('number'));
    const card = { number, expiry: value('expiry'), securityCode: value('securityCode'), holder: value('holder').replace(/\s+/g, ' ') };
    const now = new Map(checkCard(card, new Date(), this.brands));
    for (const name of this.#errors.keys()) {
      const problem = now.get(name);
      if (problem) this.#errors.set(name, this.#say(problem, number));
      else this.#errors.delete(name);
    }
    const changed = (event.target as HTMLInputElement).name;
    if (this.fieldError && this.#error(changed as CardField) === this.messages.fieldRejected) this.fieldError = undefined;
    this.requestUpdate();
  };

  #handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const number = digitsOf(value('number'));
    const card = { number, expiry: value('expiry'), securityCode: value('securityCode'), holder: value('holder').replace(/\s+/g, ' ') };
    const installments = Number(value('installments') || '1');
    this.#errors = new Map(checkCard(card, new Date(), this.brands).map(([name, problem]) => [name, this.#say(problem, number)]));
    this.fieldError = undefined;
    const first = this.#errors.values().next();
    if (!first.done) {
      this.requestUpdate();
      this.reportInvalid(first.value);
      return;
    }
    this.emit({ type: 'card-entered', card: { card, installments } });
  }

  #say(problem: CardProblem, number: string): string {
    const m = this.messages;
    const brand = detectBrand(number);
    switch (problem) {
      case 'number': return m.cardNumberInvalid;
      case 'brand': return m.cardBrandRefused(BRAND_NAMES[brand], this.brands.map((b) => BRAND_NAMES[b]));
      case 'expired': return m.expiryPast;
      case 'expiry-format': return m.expiryInvalid;
      case 'security-code': return m.securityCodeInvalid(securityCodeLength(brand));
      case 'holder': return m.holderInvalid;
    }
  }

  #error(name: CardField): string | undefined {
    const own = this.#errors.get(name);
    if (own) return own;
    const rejected = this.fieldError?.field;
    if (!rejected) return undefined;
    const rejectedField = rejected === 'payment.installments' ? 'installments' : rejected.split('.')[2] ?? 'number';
    return rejectedField === name ? this.messages.fieldRejected : undefined;
  }

  #input(name: CardField, label: string, attrs: { autocomplete: string; inputmode?: string; hint?: string; maxlength?: number }, onInput?: (e: InputEvent) => void) {
    const error = this.#error(name);
    return field(name, label, html`<input id=${name} part="input" name=${name} autocomplete=${attrs.autocomplete}
      inputmode=${attrs.inputmode ?? 'text'} maxlength=${attrs.maxlength ?? 60} @input=${onInput ?? (() => {})}
      aria-describedby=${describedBy(name, attrs.hint)} aria-invalid=${error ? 'true' : 'false'} />`, error, attrs.hint);
  }

  override render() {
    const m = this.messages;
    const brand = detectBrand(this.digits);
    const codeDigits = securityCodeLength(brand);
    const installmentsError = this.#error('installments');
    return html`<form @submit=${this.#handleSubmit} @input=${this.#handleRecheck} @focusout=${this.#handleRecheck} novalidate>
      ${this.#input('number', m.cardNumberLabel, { autocomplete: 'cc-number', inputmode: 'numeric', maxlength: 23 }, (e) => this.#handleNumberInput(e))}
      <span part="card-brand" aria-live="polite">${brand === 'unknown' ? '' : m.cardBrand(BRAND_NAMES[brand])}</span>
      <div class="row">
        ${this.#input('expiry', m.expiryLabel, { autocomplete: 'cc-exp', inputmode: 'numeric', hint: m.expiryHint, maxlength: 5 }, (e) => this.#handleExpiryInput(e))}
        ${this.#input('securityCode', m.securityCodeLabel, { autocomplete: 'cc-csc', inputmode: 'numeric', hint: m.securityCodeHint(codeDigits), maxlength: 4 })}
      </div>
      ${this.#input('holder', m.holderLabel, { autocomplete: 'cc-name', maxlength: HOLDER_LENGTH.max })}
      ${field('installments', m.installmentsLabel, html`<select id="installments" part="input" name="installments"
        aria-describedby=${describedBy('installments')} aria-invalid=${installmentsError ? 'true' : 'false'}>
        ${installmentOptions(this.amountCents, this.installmentLimits).map((n) => html`<option value=${n}>${m.installment(n, formatBrl(Math.ceil(this.amountCents / n)))}</option>`)}
      </select>`, installmentsError)}
      <div class="actions">
        ${this.submitButton(m.continue)}
        ${this.backButton()}
      </div>
    </form>`;
  }
}

defineStep('recharge-card-step', CardStep);
