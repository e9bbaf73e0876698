/**
 * The amount: the branch's fixed amounts and ranges, each with its bonus and validity. A range
 * takes a typed amount in reais, turned into integer cents.
 */
import { html, nothing } from 'lit';
import type { AmountCategory, AmountTerms } from '../../proxy/browser-api.ts';
import type { ChosenAmount } from '../flow-state.ts';
import { formatBrl } from '../../proxy/browser-rules.ts';
import { bonusCentsOf, formatBasisPoints, parseBrl } from '../money.ts';
import { describedBy, StepElement } from './step-element.ts';

type Choice = { id: string; terms: AmountTerms } & ({ amountCents: number } | { minCents: number; maxCents: number });

export class AmountStep extends StepElement {
  static override properties = {
    categories: { attribute: false },
    presetCents: { attribute: false },
  };
  declare categories: AmountCategory[];
  /** Preset or previously chosen amount, in cents. */
  declare presetCents: number | undefined;
  #problem: string | undefined;
  #chosen: string | undefined;

  get #choices(): Choice[][] {
    return this.categories.map((c, ci) => [
      ...c.fixedAmounts.map((f, i) => ({ id: `f${ci}-${i}`, terms: f, amountCents: f.amountCents })),
      ...c.amountRanges.map((r, i) => ({ id: `r${ci}-${i}`, terms: r, minCents: r.minCents, maxCents: r.maxCents })),
    ]);
  }

  #initialChoice(): string | undefined {
    const all = this.#choices.flat();
    const preset = this.presetCents;
    // One price is no choice: it is made for the shopper.
    if (preset === undefined) return all.length === 1 && 'amountCents' in all[0]! ? all[0].id : undefined;
    const match = all.find((c) => ('amountCents' in c ? c.amountCents === preset : preset >= c.minCents && preset <= c.maxCents));
    return match?.id;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('categories') || changed.has('presetCents')) this.#chosen = this.#initialChoice();
  }

  #handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const id = String(form.get('amount') ?? '');
    const choice = this.#choices.flat().find((c) => c.id === id);
    this.#chosen = choice?.id;
    this.fieldError = undefined;
    this.#problem = undefined;
    let amountCents: number | undefined;
    if (!choice) this.#problem = this.messages.amountMissing;
    else if ('amountCents' in choice) amountCents = choice.amountCents;
    else {
      amountCents = parseBrl(String(form.get(`${choice.id}-value`) ?? ''));
      if (amountCents === undefined || amountCents < choice.minCents || amountCents > choice.maxCents) {
        this.#problem = this.messages.amountOutOfRange(formatBrl(choice.minCents), formatBrl(choice.maxCents));
      }
    }
    if (this.#problem || !choice || amountCents === undefined) {
      this.requestUpdate();
      this.reportInvalid(this.#problem ?? this.messages.amountMissing);
      return;
    }
    this.emit({ type: 'amount-chosen', amount: chosenAmount(amountCents, choice.terms, 'amountCents' in choice) });
  }

  /**
   * An amount's terms, short, each fact once: the bonus in reais (a percentage only for a typed
   * amount, not known yet) with its own validity when it differs from the credit's, then the
   * credit's ("credit valid for…" only beside such a bonus: otherwise it holds for all). An operator
   * message that only restates the amount ("Recarga de R$ 15,00") is left out: on every chip it would be noise.
   */
  #terms(choice: Choice) {
    const m = this.messages;
    const { terms } = choice;
    const bonusCents = 'amountCents' in choice ? bonusCentsOf(choice.amountCents, terms) : terms.bonusCents ?? 0;
    const own = formatBrl('amountCents' in choice ? choice.amountCents : choice.minCents);
    // A fixed amount Carat prices otherwise (a fee): what it costs, before the review's total says it.
    const price = 'amountCents' in choice && terms.paymentAmountCents !== undefined && terms.paymentAmountCents !== choice.amountCents
      ? terms.paymentAmountCents : undefined;
    const bonus = bonusCents ? m.bonus(formatBrl(bonusCents)) : terms.bonusBasisPoints ? m.bonusPercent(formatBasisPoints(terms.bonusBasisPoints)) : '';
    const bonusDays = bonus && terms.bonusValidityDays !== terms.validityDays ? terms.bonusValidityDays : undefined;
    const parts = [
      price !== undefined ? m.youPay(formatBrl(price)) : '',
      bonusDays ? `${bonus}, ${m.validity(bonusDays)}` : bonus,
      terms.validityDays ? (bonusDays ? m.creditValidity(terms.validityDays) : m.validity(terms.validityDays)) : '',
      terms.message && !terms.message.includes(own) ? terms.message : '',
    ].filter(Boolean);
    return parts.length ? html`<span part="bonus">${parts.join(' · ')}</span>` : nothing;
  }

  #option(choice: Choice, error: string | undefined) {
    const m = this.messages;
    const checked = this.#chosen === choice.id;
    const radio = html`<input type="radio" name="amount" value=${choice.id} ?checked=${checked}
      aria-invalid=${error && !this.#chosen ? 'true' : 'false'} aria-describedby="amount-error"
      @change=${() => { this.#chosen = choice.id; this.#recheck(); }} />`;
    if ('amountCents' in choice) {
      return html`<label part="option chip"><span class="chip-head">${radio}<span class="nowrap amount">${formatBrl(choice.amountCents)}</span></span>${this.#terms(choice)}</label>`;
    }
    const inputId = `${choice.id}-value`;
    const preset = checked && this.presetCents !== undefined ? formatBrl(this.presetCents).replace('R$ ', '') : '';
    return html`<div part="option chip" class="chip-wide">
      <label class="chip-head">${radio}<span class="amount">${m.otherAmount}</span></label>${this.#terms(choice)}
      <div part="field">
        <label part="label" for=${inputId}>${m.otherAmountLabel(formatBrl(choice.minCents), formatBrl(choice.maxCents))}</label>
        <input id=${inputId} part="input" name=${inputId} inputmode="decimal" autocomplete="off" .value=${preset}
          aria-describedby=${describedBy('amount')} aria-invalid=${error && checked ? 'true' : 'false'}
          @input=${(e: Event) => { this.#chosen = choice.id; ((e.target as HTMLElement).closest('[part~=option]')?.querySelector('input[type=radio]') as HTMLInputElement).checked = true; }} />
      </div>
    </div>`;
  }

  /** Once an error shows, choosing an amount clears it. */
  #recheck(): void {
    if (this.#problem !== this.messages.amountMissing && !this.fieldError) return;
    this.#problem = undefined;
    this.fieldError = undefined;
    this.requestUpdate();
  }

  override render() {
    const m = this.messages;
    const error = this.#problem ?? (this.fieldError ? m.fieldRejected : undefined);
    const groups = this.#choices;
    return html`<form @submit=${this.#handleSubmit} novalidate>
      <fieldset role="radiogroup" aria-labelledby="amount-legend" aria-describedby="amount-error">
        <legend part="label" id="amount-legend">${m.amountLabel}</legend>
        ${groups.map((choices, ci) => html`
          ${groups.length > 1 ? html`<p part="hint">${this.categories[ci]?.description}</p>` : nothing}
          <div class="chips">${choices.map((c) => this.#option(c, error))}</div>`)}
        <span part="field-error" id="amount-error">${error ?? ''}</span>
      </fieldset>
      <div class="actions">${this.submitButton(m.continue)}${this.backButton()}</div>
    </form>`;
  }
}

/** fixed: a fixed amount, whose payment_amount is its price (a range's cannot price every amount in it: proxy's rule too). */
function chosenAmount(amountCents: number, terms: AmountTerms, fixed: boolean): ChosenAmount {
  const price = fixed ? terms.paymentAmountCents : undefined;
  return {
    amountCents,
    ...(terms.amountKey ? { amountKey: terms.amountKey } : {}),
    ...(terms.bonusCents ? { bonusCents: terms.bonusCents } : {}),
    ...(terms.bonusBasisPoints ? { bonusBasisPoints: terms.bonusBasisPoints } : {}),
    ...(terms.validityDays ? { validityDays: terms.validityDays } : {}),
    ...(terms.bonusValidityDays ? { bonusValidityDays: terms.bonusValidityDays } : {}),
    ...(price !== undefined && price !== amountCents ? { paymentAmountCents: price } : {}),
  };
}
