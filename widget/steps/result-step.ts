/**
 * The end: the customer receipt (printable), a PIN product's PIN once with a copy button, and "new recharge".
 * A receipt the proxy no longer keeps (receiptWithheld) is explained instead: nothing to print or copy.
 */
import { html, nothing } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { Receipt } from '../../proxy/browser-api.ts';
import { findPin } from '../receipt.ts';
import { printReceipt } from '../receipt-print.ts';
import { StepElement } from './step-element.ts';

export class ResultStep extends StepElement {
  static override properties = {
    receipt: { attribute: false },
    headingLevel: { attribute: false },
    pinProduct: { type: Boolean },
    receiptWithheld: { type: Boolean },
  };
  declare receipt: Receipt;
  /** A PIN product ("others"): only its receipt carries a PIN to lift out. */
  declare pinProduct: boolean;
  /** Done, but the receipt (and so the PIN) was shown once already and is not kept by the proxy. */
  declare receiptWithheld: boolean;
  /** The level of the widget's step heading; the receipt's heading goes one below. */
  declare headingLevel: number;

  async #handleCopy(pin: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(pin);
      this.emit({ type: 'notice', message: this.messages.pinCopied });
    } catch {
      // No clipboard permission (e.g. an iframe without it): select the PIN so Ctrl+C copies it.
      const node = this.querySelector('[part~=pin]');
      if (node) getSelection()?.selectAllChildren(node);
    }
  }

  /** Prints the receipt alone, not the merchant's page around the widget. */
  #handlePrint = (event: Event): void => {
    const lang = this.closest('[lang]')?.getAttribute('lang') ?? 'pt-BR';
    printReceipt(this, this.receipt.customer, { title: this.messages.receiptHeading, lang, returnFocus: event.currentTarget as HTMLElement });
  };

  override render() {
    const m = this.messages;
    // A withheld answer's receipt is empty; ignoring it outright keeps a stray PIN from ever showing.
    const customer = this.receiptWithheld ? '' : this.receipt.customer;
    const pin = this.pinProduct ? findPin(customer) : undefined;
    const level = Math.min(6, this.headingLevel + 1);
    const tag = unsafeStatic(`h${level}`);
    return html`<div class="stack">
      ${pin ? html`<div>
        <p part="label" id="pin-label">${m.pinLabel}</p>
        <p part="pin" aria-labelledby="pin-label">${pin}</p>
        <p part="hint">${m.pinOnce}</p>
        <div class="actions"><button part="button button-secondary" type="button" @click=${() => this.#handleCopy(pin)}>${m.copyPin}</button></div>
      </div>` : nothing}
      ${this.receiptWithheld ? html`<p>${m.receiptWithheld}</p>` : nothing}
      ${customer ? staticHtml`<section aria-labelledby="receipt-heading">
        <${tag} id="receipt-heading">${m.receiptHeading}</${tag}>
        <pre part="receipt">${customer}</pre>
      </section>` : nothing}
      <div class="actions">
        ${customer ? html`<button part="button button-secondary" type="button" @click=${this.#handlePrint}>${m.print}</button>` : nothing}
        <button part="button button-primary" type="button" @click=${() => this.emit({ type: 'start-again' })}>${m.newRecharge}</button>
      </div>
    </div>`;
  }
}
