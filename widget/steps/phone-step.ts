/**
 * The number to top up, in one field the way Brazilians write it: "(11) 98765-4321". A pasted or
 * autofilled number (with +55, spaces, dashes, parentheses) is split into area code and number.
 * No second "confirm the number" field: the review shows the number large, and that is where the
 * shopper confirms it (one typed field fewer, and nothing to block pasting into).
 */
import { html } from 'lit';
import { checkPhone, formatPhone, maskPhone, splitPhone, type PhoneProblem } from '../phone.ts';
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

  #handleInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    // A whole number pasted or filled in over a preset "(11) " replaces it rather than adding to it.
    const inserted = event.data ?? event.dataTransfer?.getData('text/plain') ?? '';
    const whole = splitPhone(inserted).number.length === 9;
    input.value = maskPhone(whole ? inserted : input.value, event.inputType?.startsWith('delete'));
    // Once an error shows, it follows the shopper's fixes (and goes away with them).
    if (this.#problems.length || this.fieldError) this.#check(input.value);
  }

  /** A preset area code, "(11) ": the caret goes after it, where the number is typed. */
  #handleFocus(event: FocusEvent): void {
    const input = event.target as HTMLInputElement;
    if (input.selectionStart === 0 && input.selectionEnd === 0) input.setSelectionRange(input.value.length, input.value.length);
  }

  #handleBlur(event: FocusEvent): void {
    if (this.#problems.length) this.#check((event.target as HTMLInputElement).value);
  }

  #check(text: string): PhoneProblem[] {
    const { ddd, number } = splitPhone(text);
    this.#problems = checkPhone(ddd, number);
    this.fieldError = undefined;
    this.requestUpdate();
    return this.#problems;
  }

  #handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const text = String(new FormData(event.target as HTMLFormElement).get('phone') ?? '');
    const first = this.#check(text)[0];
    if (first) {
      this.reportInvalid(this.#message(first));
      return;
    }
    this.emit({ type: 'phone-entered', phone: splitPhone(text) });
  }

  #message(problem: PhoneProblem): string {
    return problem === 'ddd' ? this.messages.dddInvalid : this.messages.phoneInvalid;
  }

  #error(): string | undefined {
    const first = this.#problems[0];
    if (first) return this.#message(first);
    return this.fieldError ? this.messages.fieldRejected : undefined;
  }

  override render() {
    const m = this.messages;
    const error = this.#error();
    const value = this.number ? formatPhone(this.ddd, this.number) : this.ddd ? `(${this.ddd}) ` : '';
    return html`<form @submit=${this.#handleSubmit} novalidate>
      ${field('phone', m.phoneLabel, html`<input id="phone" part="input" name="phone" type="tel" inputmode="tel"
        autocomplete="tel" maxlength="24" .value=${value} @input=${this.#handleInput} @focus=${this.#handleFocus} @blur=${this.#handleBlur}
        aria-describedby=${describedBy('phone', m.phoneHint)} aria-invalid=${error ? 'true' : 'false'} />`,
        error, m.phoneHint)}
      <div class="actions">${this.submitButton(m.continue)}${this.backButton()}</div>
    </form>`;
  }
}
