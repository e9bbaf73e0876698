/** Invoice: the bill's bar code, sent as the answer to the branch data's bar-code question. */
import { html } from 'lit';
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
    // The question's own text (Carat's, in Portuguese) says more than our label only when it is there.
    const hint = this.question.display || m.barcodeHint;
    return html`<form @submit=${this.#handleSubmit} novalidate>
      ${field('barcode', m.barcodeLabel, html`<input id="barcode" part="input" name="barcode" inputmode="numeric" autocomplete="off"
        .value=${this.barCode} aria-describedby=${describedBy('barcode', hint)} aria-invalid=${error ? 'true' : 'false'} />`,
        error, hint)}
      <div class="actions">${this.submitButton(m.continue)}${this.backButton()}</div>
    </form>`;
  }
}
