/** Invoice: the bill's bar code, sent as the answer to the branch data's bar-code question. */
import { html, nothing } from 'lit';
import type { Question } from '../../proxy/browser-api.ts';
import { digitsOf } from '../phone.ts';
import { describedBy, field, StepElement } from './step-element.ts';

export class BarcodeStep extends StepElement {
  static override properties = {
    question: { attribute: false },
    barCode: { attribute: false },
  };
  declare question: Question;
  declare barCode: string;
  #invalid = false;

  constructor() {
    super();
    this.barCode = '';
  }

  get #bounds(): [number, number] {
    // Carat's format says 48 digits, its example has 44 (Q6): take the question's bounds, else both.
    return [this.question.minLength ?? 44, this.question.maxLength ?? 48];
  }

  #handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const barCode = digitsOf(String(new FormData(event.target as HTMLFormElement).get('barcode') ?? ''));
    const [min, max] = this.#bounds;
    this.#invalid = barCode.length < min || barCode.length > max;
    this.fieldError = undefined;
    if (this.#invalid) {
      this.requestUpdate();
      this.reportInvalid(this.messages.barcodeInvalid(min, max));
      return;
    }
    this.emit({ type: 'barcode-entered', barCode });
  }

  override render() {
    const m = this.messages;
    const [min, max] = this.#bounds;
    const error = this.#invalid ? m.barcodeInvalid(min, max) : this.fieldError ? m.fieldRejected : undefined;
    // Our hint first; Carat's own text (raw, unaccented capitals) under it as secondary text, never instead of ours.
    const hint = m.barcodeHint;
    const caratSays = this.question.display && this.question.display !== hint ? this.question.display : '';
    return html`<form @submit=${this.#handleSubmit} novalidate>
      ${field('barcode', m.barcodeLabel, html`<input id="barcode" part="input" name="barcode" inputmode="numeric" autocomplete="off"
        .value=${this.barCode} aria-describedby=${describedBy('barcode', hint)} aria-invalid=${error ? 'true' : 'false'} />`,
        error, hint)}
      ${caratSays ? html`<p part="hint gateway-text">${caratSays}</p>` : nothing}
      <div class="actions">${this.submitButton(m.continue)}${this.backButton()}</div>
    </form>`;
  }
}
