/** The first step when the page did not preset a type: a top-up, a PIN product or a bill. */
import { html } from 'lit';
import type { RechargeType } from '../../proxy/browser-api.ts';
import { isRechargeType } from '../../proxy/recharge-types.ts';
import { StepElement } from './step-element.ts';

export class TypeStep extends StepElement {
  #handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const chosen = new FormData(event.target as HTMLFormElement).get('type');
    if (isRechargeType(chosen)) this.emit({ type: 'type-chosen', rechargeType: chosen });
  }

  override render() {
    const m = this.messages;
    const options: Array<[RechargeType, string]> = [['normal', m.typeNormal], ['others', m.typeOthers], ['invoice', m.typeInvoice]];
    return html`<form @submit=${this.#handleSubmit} novalidate>
      <fieldset role="radiogroup" aria-labelledby="type-legend">
        <legend part="label" id="type-legend">${m.typeLegend}</legend>
        ${options.map(([value, label], i) => html`<label part="option">
          <input type="radio" name="type" value=${value} ?checked=${i === 0} />${label}
        </label>`)}
      </fieldset>
      <div class="actions">${this.submitButton(m.continue)}</div>
    </form>`;
  }
}
