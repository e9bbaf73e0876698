/** A failure: what happened, in the shopper's words, and the ways forward. */
import { html, nothing } from 'lit';
import type { Failure, WayForward } from '../flow-state.ts';
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
      <p>${m.failure[this.failure.kind]}</p>
      ${this.failure.detail ? html`<p part="hint">${this.failure.detail}</p>` : nothing}
      <div class="actions">
        ${this.ways.map((way, i) => html`<button part="button ${i === 0 ? 'button-primary' : 'button-secondary'}" type="button"
          ?disabled=${this.busy} @click=${() => this.emit({ kind: 'way', way })}>${label[way]}</button>`)}
      </div>
    </div>`;
  }
}
