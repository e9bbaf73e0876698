/**
 * A failure: what happened, in the widget's words for its kind and the shopper's language (never the
 * proxy's message, which is English for merchants), and the ways forward.
 */
import { html, nothing } from 'lit';
import type { Failure, WayForward } from '../flow-state.ts';
import { failureMessage } from '../announcer.ts';
import { StepElement } from './step-element.ts';

export class FailureStep extends StepElement {
  static override properties = {
    failure: { attribute: false },
    ways: { attribute: false },
  };
  declare failure: Failure;
  declare ways: WayForward[];

  override render() {
    const m = this.messages;
    const label: Record<WayForward, string> = {
      retry: m.tryAgain, 'another-card': m.anotherCard, 'another-operator': m.anotherOperator, 'start-again': m.startAgain,
    };
    return html`<div class="stack">
      <p>${failureMessage(this.failure, m)}</p>
      ${this.ways.length === 0 ? html`<p>${m.backToShop}</p>` : nothing}
      <div class="actions">
        ${this.ways.map((way, i) => html`<button part="button ${i === 0 ? 'button-primary' : 'button-secondary'}" type="button"
          aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.emit({ type: way })}>${this.busy && i === 0 ? m.busy : label[way]}</button>`)}
      </div>
    </div>`;
  }
}
