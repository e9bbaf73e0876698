/** A TV recharge: the gateway asks which package (status AGU with its package codes). */
import { html } from 'lit';
import { newIdempotencyKey } from '../order-request.ts';
import { StepElement } from './step-element.ts';

export class TvPackageStep extends StepElement {
  static override properties = { codes: { attribute: false } };
  declare codes: string[];
  #missing = false;

  #handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const code = new FormData(event.target as HTMLFormElement).get('package');
    this.#missing = typeof code !== 'string';
    if (typeof code !== 'string') {
      this.requestUpdate();
      this.reportInvalid(this.messages.chooseTvPackage);
      return;
    }
    this.emit({ type: 'tv-package-chosen', code, newKey: newIdempotencyKey() });
  }

  override render() {
    const m = this.messages;
    const error = this.#missing ? m.chooseTvPackage : '';
    return html`<form @submit=${this.#handleSubmit} novalidate>
      <fieldset role="radiogroup" aria-labelledby="package-legend" aria-describedby="package-error">
        <legend part="label" id="package-legend">${m.tvLabel}</legend>
        ${this.codes.map((code) => html`<label part="option">
          <input type="radio" name="package" value=${code} aria-invalid=${error ? 'true' : 'false'} />${code}
        </label>`)}
        <span part="field-error" id="package-error">${error}</span>
      </fieldset>
      <div class="actions">${this.submitButton(m.continue)}</div>
    </form>`;
  }
}
