/**
 * The operator (normal), or the provider and its product (others), or the company and its
 * service (invoice). The products of "others" are the dealer's branches (§3.3).
 *
 * Dealers are chips: a radio group (arrow keys move between them, each is named by its label), two
 * by two. Each chip is the part `dealer dealer-<code>`, so that the merchant can show the dealer's
 * logo: `recharge-widget::part(dealer-001) { background-image: url(vivo.svg) }`.
 */
import { html, nothing } from 'lit';
import type { Dealer, RechargeType } from '../../proxy/browser-api.ts';
import { describedBy, field, StepElement } from './step-element.ts';

/** A dealer code as a part name: parts are space-separated tokens, so anything else becomes "-". */
const dealerPart = (code: string) => `dealer-${code.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export class DealerStep extends StepElement {
  static override properties = {
    dealers: { attribute: false },
    rechargeType: { attribute: false },
    dealerCode: { attribute: false },
    branchCode: { attribute: false },
    backable: { type: Boolean },
  };
  declare dealers: Dealer[];
  declare rechargeType: RechargeType;
  /** The chosen (or preset) dealer. */
  declare dealerCode: string | undefined;
  declare branchCode: string | undefined;
  declare backable: boolean;
  #problem: 'dealer' | 'branch' | undefined;

  get #dealer(): Dealer | undefined {
    return this.dealers.find((d) => d.code === this.dealerCode);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // One dealer is no choice: it is made for the shopper.
    if (changed.has('dealers') && !this.#dealer && this.dealers.length === 1) this.dealerCode = this.dealers[0]!.code;
  }

  #choose(code: string): void {
    if (code === this.dealerCode) return;
    this.dealerCode = code;
    this.branchCode = undefined;
    // Once an error shows, choosing clears it.
    if (this.#problem === 'dealer' || this.fieldError?.field === 'dealerCode') {
      this.#problem = undefined;
      this.fieldError = undefined;
    }
  }

  #handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const dealer = this.#dealer;
    const needsBranch = this.rechargeType !== 'normal';
    const branch = dealer?.branches?.find((b) => b.code === this.branchCode);
    this.#problem = !dealer ? 'dealer' : needsBranch && !branch ? 'branch' : undefined;
    if (this.#problem) {
      this.requestUpdate();
      this.reportInvalid(this.#problem === 'dealer' ? this.messages.chooseDealer[this.rechargeType] : this.messages.chooseBranch);
      return;
    }
    this.emit({ type: 'dealer-chosen', dealer: dealer!, ...(branch ? { branch } : {}) });
  }

  #chips(error: string | undefined) {
    const m = this.messages;
    const type = this.rechargeType;
    return html`<fieldset role="radiogroup" aria-labelledby="dealer-legend" aria-describedby="dealer-error">
      <legend part="label" id="dealer-legend">${m.dealerLabel[type]}</legend>
      <div class="chips">${this.dealers.map((d) => html`<label part="option chip dealer ${dealerPart(d.code)}">
        <input type="radio" name="dealer" value=${d.code} .checked=${d.code === this.dealerCode}
          aria-invalid=${error && !this.#dealer ? 'true' : 'false'} @change=${() => this.#choose(d.code)} /><span class="dealer-name">${d.name}</span>
      </label>`)}</div>
      <span part="field-error" id="dealer-error">${error ?? ''}</span>
    </fieldset>`;
  }

  override render() {
    const m = this.messages;
    const type = this.rechargeType;
    const rejected = this.fieldError ? m.fieldRejected : undefined;
    const dealerError = this.#problem === 'dealer' ? m.chooseDealer[type] : this.fieldError?.field === 'dealerCode' ? rejected : undefined;
    const branchError = this.#problem === 'branch' ? m.chooseBranch : this.fieldError && this.fieldError.field !== 'dealerCode' ? rejected : undefined;
    const branches = type === 'normal' ? undefined : this.#dealer?.branches;
    return html`<form @submit=${this.#handleSubmit} novalidate>
      ${this.#chips(dealerError)}
      ${branches ? field('branch', m.branchLabel[type], html`<select id="branch" part="input" name="branch"
          aria-describedby=${describedBy('branch')} aria-invalid=${branchError ? 'true' : 'false'}
          @change=${(e: Event) => { this.branchCode = (e.target as HTMLSelectElement).value || undefined; }}>
          <option value="" ?selected=${!this.branchCode}>${m.choose}</option>
          ${branches.map((b) => html`<option value=${b.code} ?selected=${b.code === this.branchCode}>${b.name}</option>`)}
        </select>`, branchError) : nothing}
      <div class="actions">${this.submitButton(m.continue)}${this.backable ? this.backButton() : nothing}</div>
    </form>`;
  }
}
