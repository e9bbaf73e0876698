/** Area code (DDD) and mobile number, typed twice so that a typo does not top up a stranger. */
import { html } from 'lit';
import { checkPhone, digitsOf, maskMobileNumber, type PhoneProblem } from '../phone.ts';
import { describedBy, field, StepElement } from './step-element.ts';

export class PhoneStep extends StepElement {
  static override properties = {
    ddd: { attribute: false },
    number: { attribute: false },
  };
  /** Preset or previously entered values. */
  declare ddd: string;
  declare number: string;
  #problems: PhoneProblem[] = [];

  constructor() {
    super();
    this.ddd = '';
    this.number = '';
  }

  #handleMask(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    input.value = maskMobileNumber(input.value);
  }

  #handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const ddd = digitsOf(String(form.get('ddd') ?? ''));
    const number = digitsOf(String(form.get('number') ?? ''));
    this.#problems = checkPhone(ddd, number, String(form.get('confirmation') ?? ''));
    this.fieldError = undefined;
    const first = this.#problems[0];
    if (first) {
      this.requestUpdate();
      this.reportInvalid(this.#message(first));
      return;
    }
    this.emit({ type: 'phone-entered', phone: { ddd, number } });
  }

  #message(problem: PhoneProblem): string {
    const m = this.messages;
    return problem === 'ddd' ? m.dddInvalid : problem === 'number' ? m.phoneInvalid : m.phoneMismatch;
  }

  #error(problem: PhoneProblem): string | undefined {
    if (this.#problems.includes(problem)) return this.#message(problem);
    const rejected = this.fieldError?.field;
    if (!rejected) return undefined;
    const rejectedProblem: PhoneProblem = rejected === 'ddd' || rejected === 'phone.ddd' ? 'ddd' : 'number';
    return rejectedProblem === problem ? this.messages.fieldRejected : undefined;
  }

  override render() {
    const m = this.messages;
    const dddError = this.#error('ddd');
    const numberError = this.#error('number');
    const confirmError = this.#error('confirmation');
    return html`<form @submit=${this.#handleSubmit} novalidate>
      <div class="row">
        ${field('ddd', m.dddLabel, html`<input id="ddd" part="input" name="ddd" inputmode="numeric" autocomplete="tel-area-code"
          maxlength="2" .value=${this.ddd} aria-describedby=${describedBy('ddd', m.dddHint)} aria-invalid=${dddError ? 'true' : 'false'} />`,
          dddError, m.dddHint)}
      </div>
      ${field('number', m.phoneLabel, html`<input id="number" part="input" name="number" type="tel" inputmode="numeric"
        autocomplete="tel-local" maxlength="10" .value=${maskMobileNumber(this.number)} @input=${this.#handleMask}
        aria-describedby=${describedBy('number', m.phoneHint)} aria-invalid=${numberError ? 'true' : 'false'} />`,
        numberError, m.phoneHint)}
      ${field('confirmation', m.phoneConfirmLabel, html`<input id="confirmation" part="input" name="confirmation" type="tel"
        inputmode="numeric" autocomplete="off" maxlength="10" .value=${maskMobileNumber(this.number)} @input=${this.#handleMask}
        @paste=${(e: Event) => e.preventDefault()}
        aria-describedby=${describedBy('confirmation')} aria-invalid=${confirmError ? 'true' : 'false'} />`, confirmError)}
      <div class="actions">${this.submitButton(m.continue)}${this.backButton()}</div>
    </form>`;
  }
}
