/**
 * The operator (normal), or the provider and its product (others), or the company and its
 * service (invoice). The products of "others" are the dealer's branches (§3.3).
 */
import { html, nothing } from 'lit';
import type { Dealer, RechargeType } from '../../proxy/browser-api.ts';
import { describedBy, field, StepElement } from './step-element.ts';

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

  #handleDealerChange(event: Event): void {
    this.dealerCode = (event.target as HTMLSelectElement).value || undefined;
    this.branchCode = undefined;
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

  override render() {
    const m = this.messages;
    const type = this.rechargeType;
    const rejected = this.fieldError ? m.fieldRejected : undefined;
    const dealerError = this.#problem === 'dealer' ? m.chooseDealer[type] : this.fieldError?.field === 'dealerCode' ? rejected : undefined;
    const branchError = this.#problem === 'branch' ? m.chooseBranch : this.fieldError && this.fieldError.field !== 'dealerCode' ? rejected : undefined;
    const branches = type === 'normal' ? undefined : this.#dealer?.branches;
    return html`<form @submit=${this.#handleSubmit} novalidate>
      ${field('dealer', m.dealerLabel[type], html`<select id="dealer" part="input" name="dealer"
          aria-describedby=${describedBy('dealer')} aria-invalid=${dealerError ? 'true' : 'false'}
          @change=${this.#handleDealerChange}>
          <option value="" ?selected=${!this.dealerCode}>${m.choose}</option>
          ${this.dealers.map((d) => html`<option value=${d.code} ?selected=${d.code === this.dealerCode}>${d.name}</option>`)}
        </select>`, dealerError)}
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
