/**
 * The end, done: a check mark and a plain summary, a PIN product's PIN once in a marked box (with
 * copy), the receipt collapsed behind "Ver comprovante" (print, share or copy it), and a button
 * named for what comes next. A receipt the proxy no longer keeps (receiptWithheld) is explained
 * instead: nothing to print or copy. Loaded on demand (step-view.ts): no shopper needs it at first paint.
 */
import { html, nothing } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { Receipt } from '../../proxy/browser-api.ts';
import { formatBrl } from '../../proxy/browser-rules.ts';
import type { SentRecharge } from '../flow-state.ts';
import { formatPhone } from '../phone.ts';
import { phoneOnOneLine } from './phone-on-one-line.ts';
import { findPin } from '../receipt.ts';
import { printReceipt } from '../receipt-print.ts';
import { defineStep, StepElement } from './step-element.ts';

export class ResultStep extends StepElement {
  static override properties = {
    receipt: { attribute: false },
    recharge: { attribute: false },
    headingLevel: { attribute: false },
    pinProduct: { type: Boolean },
    receiptWithheld: { type: Boolean },
    granted: { type: Boolean },
  };
  declare receipt: Receipt;
  /** What was done: the summary's words. */
  declare recharge: SentRecharge | undefined;
  /** A PIN product ("others"): only its receipt carries a PIN to lift out. */
  declare pinProduct: boolean;
  /** Done, but the receipt (and so the PIN) was shown once already and is not kept by the proxy. */
  declare receiptWithheld: boolean;
  /**
   * Paid by the shop's order grant, which opens one recharge only: no "new recharge" button (it
   * would reuse the spent grant and be refused); the order is said to be complete instead.
   */
  declare granted: boolean;
  /** The level of the widget's step heading; the receipt's heading goes one below. */
  declare headingLevel: number;

  async #copy(text: string, notice: string, select: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.emit({ type: 'notice', message: notice });
    } catch {
      // No clipboard permission (e.g. an iframe without it): select the text so Ctrl+C copies it.
      const node = this.querySelector(select);
      if (node) getSelection()?.selectAllChildren(node);
    }
  }

  /** The Web Share sheet where there is one (phones), else the clipboard. */
  #handleShare = async (): Promise<void> => {
    const text = this.receipt.customer;
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title: this.messages.receiptHeading, text });
        return;
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') return; // the shopper closed the sheet
      }
    }
    const details = this.querySelector('details');
    if (details) details.open = true;
    await this.#copy(text, this.messages.receiptCopied, '[part~=receipt]');
  };

  /** Prints the receipt alone, not the merchant's page around the widget. */
  #handlePrint = (event: Event): void => {
    const lang = this.closest('[lang]')?.getAttribute('lang') ?? 'pt-BR';
    printReceipt(this, this.receipt.customer, { title: this.messages.receiptHeading, lang, returnFocus: event.currentTarget as HTMLElement });
  };

  #summary() {
    const r = this.recharge;
    if (!r) return '';
    const m = this.messages;
    const amount = formatBrl(r.amountCents);
    const bonus = r.bonusCents ? formatBrl(r.bonusCents) : undefined;
    if (r.type === 'normal' && r.phone) {
      const phone = formatPhone(r.phone.ddd, r.phone.number);
      return phoneOnOneLine(m.doneTopUp(amount, bonus, phone), phone);
    }
    return r.type === 'invoice' ? m.doneBill(r.dealer.name, amount) : m.donePin(r.dealer.name, amount);
  }

  override render() {
    const m = this.messages;
    // A withheld answer's receipt is empty; ignoring it outright keeps a stray PIN from ever showing.
    const customer = this.receiptWithheld ? '' : this.receipt.customer;
    const pin = this.pinProduct ? findPin(customer) : undefined;
    const level = Math.min(6, this.headingLevel + 1);
    const tag = unsafeStatic(`h${level}`);
    const type = this.recharge?.type ?? (this.pinProduct ? 'others' : 'normal');
    const canShare = typeof navigator.share === 'function';
    return html`<div class="stack">
      <p class="done"><span class="check-mark" aria-hidden="true">✓</span><span>${this.#summary()}</span></p>
      ${pin ? html`<div part="pin-box">
        <p part="label" id="pin-label">${m.pinLabel}</p>
        <p part="pin" aria-labelledby="pin-label">${pin}</p>
        <p part="hint" class="warning">${m.pinOnce}</p>
        <div class="actions"><button part="button button-secondary" type="button"
          @click=${() => this.#copy(pin, m.pinCopied, '[part~=pin]')}>${m.copyPin}</button></div>
      </div>` : nothing}
      ${this.receiptWithheld ? html`<p>${m.receiptWithheld}</p>` : nothing}
      ${customer ? staticHtml`<details part="receipt-details">
        <summary part="button button-secondary">${m.showReceipt}</summary>
        <section aria-labelledby="receipt-heading">
          <${tag} id="receipt-heading" class="visually-hidden">${m.receiptHeading}</${tag}>
          <pre part="receipt">${customer}</pre>
        </section>
      </details>` : nothing}
      ${this.granted ? html`<p>${m.orderComplete}</p>` : nothing}
      <div class="actions">
        ${this.granted ? nothing : html`<button part="button button-primary" type="button" @click=${() => this.emit({ type: 'start-again' })}>${m.again[type]}</button>`}
        ${customer ? html`<button part="button button-secondary" type="button" @click=${this.#handleShare}>${canShare ? m.shareReceipt : m.copyReceipt}</button>
          <button part="button button-secondary" type="button" @click=${this.#handlePrint}>${m.print}</button>` : nothing}
      </div>
    </div>`;
  }
}

defineStep('recharge-result-step', ResultStep);
