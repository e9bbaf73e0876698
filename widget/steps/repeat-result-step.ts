/**
 * The end of a monthly top-up's setup (issue 10): the schedule's summary, and the manage link — the
 * shopper's only key to see or cancel it, shown once — in a read-only field with a copy button.
 * With a start date nothing was topped up now, so there is no receipt; with the first top-up now
 * (the answer CON) its receipt is behind "Ver comprovante", as on a one-off top-up's result.
 * Loaded on demand (step-view.ts).
 */
import { html, nothing } from 'lit';
import { formatBrl } from '../../proxy/browser-rules.ts';
import type { RechargeResult, ScheduleSummary } from '../../proxy/browser-api.ts';
import type { RepeatChoice, SentRecharge } from '../flow-state.ts';
import { formatPhone } from '../phone.ts';
import { phoneOnOneLine } from './phone-on-one-line.ts';
import { repeatMessages, shortDate } from './repeat-messages.ts';
// The repeat texts' provider (the step's heading comes from it), whichever chunk loads first.
import './repeat-choice.ts';
import { defineStep, field, StepElement } from './step-element.ts';

export class RepeatResultStep extends StepElement {
  static override properties = {
    recharge: { attribute: false },
    schedule: { attribute: false },
    repeat: { attribute: false },
    result: { attribute: false },
  };
  declare recharge: SentRecharge;
  declare schedule: ScheduleSummary;
  declare repeat: RepeatChoice;
  /** The recharge call's answer: CON with the first top-up's receipt, or NOV (nothing now). */
  declare result: RechargeResult | undefined;

  #copy = async (): Promise<void> => {
    const r = repeatMessages(this.messages);
    const link = this.schedule.manageUrl ?? '';
    try {
      await navigator.clipboard.writeText(link);
      this.emit({ type: 'notice', message: r.linkCopied });
    } catch {
      // No clipboard permission: select the link so Ctrl+C copies it.
      this.querySelector<HTMLInputElement>('#manage-link')?.select();
    }
  };

  override render() {
    const m = this.messages;
    const r = repeatMessages(m);
    const phone = this.recharge.phone ? formatPhone(this.recharge.phone.ddd, this.recharge.phone.number) : '';
    const amount = formatBrl(this.recharge.amountCents);
    const toppedUpNow = this.result?.status === 'CON';
    const next = this.schedule.nextDate ?? this.repeat.startDate;
    const summary = toppedUpNow
      ? r.scheduledNowSummary(amount, phone, this.schedule.times - 1, next ? shortDate(next) : '')
      : r.scheduledSummary(this.schedule.times, amount, phone, next ? shortDate(next) : '');
    const receipt = toppedUpNow ? this.result?.receipt.customer : undefined;
    return html`<div class="stack">
      <p class="done"><span class="check-mark" aria-hidden="true">✓</span><span>${phoneOnOneLine(summary, phone)}</span></p>
      ${receipt ? html`<details part="receipt-details">
        <summary part="button button-secondary">${m.showReceipt}</summary>
        <section aria-label=${m.receiptHeading}><pre part="receipt">${receipt}</pre></section>
      </details>` : nothing}
      ${this.schedule.status === 'pending' ? html`<p>${r.scheduledPending}</p>` : nothing}
      ${this.schedule.manageUrl ? html`
        ${field('manage-link', r.manageLinkLabel, html`<input id="manage-link" part="input" type="text" readonly .value=${this.schedule.manageUrl}
          aria-describedby="manage-link-hint manage-link-error" @focus=${(event: Event) => (event.target as HTMLInputElement).select()}>`, undefined, r.manageLinkHint)}
        <div class="actions"><button part="button button-secondary" type="button" @click=${this.#copy}>${r.copyLink}</button></div>
      ` : nothing}
      <div class="actions">
        <button part="button button-primary" type="button" @click=${() => this.emit({ type: 'start-again' })}>${m.again.normal}</button>
      </div>
    </div>`;
  }
}

defineStep('recharge-repeat-result-step', RepeatResultStep);
