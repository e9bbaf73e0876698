/**
 * A recharge whose outcome is not known yet (issue 9): what was sent, and that the outcome will
 * show here. The widget's status line says "don't pay again" (the polite live region, so it is
 * heard too). No button: nothing may be paid again and no new session opened until it is settled.
 */
import { html } from 'lit';
import { formatBrl } from '../../proxy/browser-rules.ts';
import type { SentRecharge } from '../flow-state.ts';
import { formatPhone } from '../phone.ts';
import { StepElement } from './step-element.ts';

export class PendingStep extends StepElement {
  static override properties = { recharge: { attribute: false } };
  declare recharge: SentRecharge;

  override render() {
    const m = this.messages;
    const r = this.recharge;
    const rows: Array<[string, string]> = [[m.dealerLabel[r.type], r.dealer.name]];
    if (r.phone) rows.push([m.phoneLabel, formatPhone(r.phone.ddd, r.phone.number)]);
    rows.push([m.amountLabel, formatBrl(r.amountCents)]);
    return html`<div class="stack">
      <dl part="summary">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>
      <p part="hint">${m.pendingHint}</p>
    </div>`;
  }
}
