/**
 * "Repeat every month" on the review of a card-paid phone top-up (issue 10): a checkbox, and when
 * it is ticked how many months (2–12) and when to start: now (the first top-up today, the others
 * monthly after it) or on a day (from the day after tomorrow — the proxy counts days in UTC, which
 * runs ahead of Brazil in the evening — to 59 days ahead, inside the proxy's 60). Each valid change
 * is sent to the flow ('repeat-chosen'); an invalid day is said at the field and not sent. Light
 * DOM, in the review's form, with the widget's styles.
 */
import { html, LitElement, nothing } from 'lit';
import type { RepeatChoice } from '../flow-state.ts';
import { formatBrl } from '../../proxy/browser-rules.ts';
import type { Messages } from '../messages.ts';
import { provideRepeatTexts } from '../repeat-texts.ts';
import { addMonths, dayFromToday, repeatMessages, shortDate } from './repeat-messages.ts';
import { StepEvent, describedBy, field } from './step-element.ts';

export const REPEAT_TIMES = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
export const FIRST_DAY_AHEAD = 2;
export const LAST_DAY_AHEAD = 59;

export class RepeatChoiceElement extends LitElement {
  static override properties = {
    messages: { attribute: false },
    repeat: { attribute: false },
    disabled: { type: Boolean },
    dateError: { state: true },
  };
  declare messages: Messages;
  declare repeat: RepeatChoice | undefined;
  declare disabled: boolean;
  declare dateError: string | undefined;

  constructor() {
    super();
    this.disabled = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  #send(repeat: RepeatChoice | undefined): void {
    this.dispatchEvent(new StepEvent({ type: 'repeat-chosen', ...(repeat ? { repeat } : {}) }));
  }

  /** The day last chosen, kept while "now" is picked so that going back to a date finds it. */
  #lastDate: string | undefined;

  #toggle = (event: Event): void => {
    const on = (event.target as HTMLInputElement).checked;
    this.dateError = undefined;
    this.#send(on ? { times: 3, startDate: this.#lastDate ?? dayFromToday(30) } : undefined);
  };

  #changeStart = (event: Event): void => {
    if (!this.repeat) return;
    const now = (event.target as HTMLInputElement).value === 'now';
    this.dateError = undefined;
    if (now) {
      this.#lastDate = this.repeat.startDate ?? this.#lastDate;
      this.#send({ times: this.repeat.times });
    } else {
      this.#send({ ...this.repeat, startDate: this.#lastDate ?? dayFromToday(30) });
    }
  };

  #changeTimes = (event: Event): void => {
    if (this.repeat) this.#send({ ...this.repeat, times: Number((event.target as HTMLSelectElement).value) });
  };

  #changeDate = (event: Event): void => {
    const value = (event.target as HTMLInputElement).value;
    const first = dayFromToday(FIRST_DAY_AHEAD);
    const last = dayFromToday(LAST_DAY_AHEAD);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < first || value > last) {
      this.dateError = repeatMessages(this.messages).repeatStartInvalid(shortDate(first), shortDate(last));
      return;
    }
    this.dateError = undefined;
    this.#lastDate = value;
    if (this.repeat) this.#send({ ...this.repeat, startDate: value });
  };

  override render() {
    const r = repeatMessages(this.messages);
    const first = dayFromToday(FIRST_DAY_AHEAD);
    const last = dayFromToday(LAST_DAY_AHEAD);
    const hint = r.repeatStartHint(shortDate(first), shortDate(last));
    return html`<fieldset class="repeat-choice">
      <legend part="label">${r.repeatLegend}</legend>
      <label class="check-row"><input type="checkbox" .checked=${this.repeat !== undefined} ?disabled=${this.disabled}
        @change=${this.#toggle}> ${r.repeatEveryMonth}</label>
      ${this.repeat ? html`
        ${field('repeat-times', r.repeatTimes, html`<select id="repeat-times" part="input" ?disabled=${this.disabled}
          aria-describedby="repeat-times-error" @change=${this.#changeTimes}>
          ${REPEAT_TIMES.map((n) => html`<option value=${n} ?selected=${n === this.repeat!.times}>${n}</option>`)}
        </select>`)}
        <fieldset class="repeat-when">
          <legend part="label">${r.repeatWhen}</legend>
          <label class="check-row"><input type="radio" name="repeat-when" value="now" .checked=${this.repeat.startDate === undefined}
            ?disabled=${this.disabled} @change=${this.#changeStart}> ${r.repeatNow}</label>
          <label class="check-row"><input type="radio" name="repeat-when" value="date" .checked=${this.repeat.startDate !== undefined}
            ?disabled=${this.disabled} @change=${this.#changeStart}> ${r.repeatOnDate}</label>
        </fieldset>
        ${this.repeat.startDate === undefined ? nothing : field('repeat-start', r.repeatStart, html`<input id="repeat-start" part="input" type="date" min=${first} max=${last}
          .value=${this.repeat.startDate} ?disabled=${this.disabled} aria-invalid=${this.dateError ? 'true' : 'false'}
          aria-describedby=${describedBy('repeat-start', hint)} @change=${this.#changeDate}>`, this.dateError, hint)}
      ` : nothing}
    </fieldset>`;
  }
}

if (!customElements.get('recharge-repeat-choice')) customElements.define('recharge-repeat-choice', RepeatChoiceElement);

provideRepeatTexts({
  row(m, amountCents, repeat) {
    const r = repeatMessages(m);
    const { startDate } = repeat;
    if (startDate === undefined) {
      // Today's, then one a month after it (the proxy's dates count from its own day).
      const today = dayFromToday(0);
      const later = Array.from({ length: repeat.times - 1 }, (_, i) => shortDate(addMonths(today, i + 1)));
      return [r.repeatRow, r.repeatChargesNow(repeat.times, formatBrl(amountCents), later)];
    }
    const dates = Array.from({ length: repeat.times }, (_, i) => shortDate(addMonths(startDate, i)));
    return [r.repeatRow, r.repeatCharges(repeat.times, formatBrl(amountCents), dates)];
  },
  whenCharged: (m, chargedCents, repeat) => {
    const r = repeatMessages(m);
    return repeat.startDate === undefined ? r.repeatChargedNow(formatBrl(chargedCents)) : r.repeatNothingNow(formatBrl(chargedCents));
  },
  confirm: (m, repeat) => (repeat.startDate === undefined ? repeatMessages(m).repeatConfirmNow(repeat.times - 1) : repeatMessages(m).repeatConfirm(repeat.times)),
  scheduledHeading: (m, toppedUpNow) => (toppedUpNow ? repeatMessages(m).scheduledNowHeading : repeatMessages(m).scheduledHeading),
});
