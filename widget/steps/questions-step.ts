/** The dealer's own questions (branch data), each answered within its min/max length. */
import { html } from 'lit';
import type { Answer, Question } from '../../proxy/browser-api.ts';
import { describedBy, field, StepElement } from './step-element.ts';

/**
 * A yes/no confirmation Carat asks as a text question ("Confirma a emissao do PIN? Digite SIM"):
 * the word it expects, when the question is one, so that the shopper ticks a box instead of typing it.
 */
export function expectedConfirmation(q: Question): { ask: string; answer: string } | undefined {
  const match = /^(.*?)\s*digite\s+["'“]?([a-zà-ú]+)["'”]?\s*\.?$/i.exec(q.display);
  if (!match) return undefined;
  const answer = match[2]!.toUpperCase();
  const [min, max] = boundsOf(q);
  return answer.length >= min && answer.length <= max ? { ask: match[1]!, answer } : undefined;
}

/** Carat's max is "< 5 N" and answers are "< 200 AN": without bounds, accept 1 to 199 characters. */
const boundsOf = (q: Question): [number, number] => [q.minLength ?? 1, Math.min(q.maxLength ?? 199, 199)];

export class QuestionsStep extends StepElement {
  static override properties = {
    questions: { attribute: false },
    answers: { attribute: false },
  };
  declare questions: Question[];
  /** Previous answers, when the shopper comes back. */
  declare answers: Answer[];
  #invalid = new Set<string>();

  constructor() {
    super();
    this.answers = [];
  }

  #handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const answers = this.questions.map((q) => ({ code: q.id, description: String(form.get(q.id) ?? '').trim() }));
    const unconfirmed = this.questions.find((q, i) => expectedConfirmation(q) && !answers[i]!.description);
    this.#invalid = new Set(this.questions.filter((q, i) => {
      if (expectedConfirmation(q)) return q === unconfirmed;
      const [min, max] = boundsOf(q);
      const length = answers[i]!.description.length;
      return length < min || length > max;
    }).map((q) => q.id));
    this.fieldError = undefined;
    const first = this.questions.find((q) => this.#invalid.has(q.id));
    if (first) {
      this.requestUpdate();
      this.reportInvalid(first === unconfirmed ? this.messages.confirmationMissing : `${first.display}${/[?.!:]$/.test(first.display) ? ' ' : ': '}${this.messages.answerLength(...boundsOf(first))}`);
      return;
    }
    this.emit({ type: 'answers-given', answers });
  }

  #error(q: Question, index: number): string | undefined {
    if (this.#invalid.has(q.id)) return expectedConfirmation(q) ? this.messages.confirmationMissing : this.messages.answerLength(...boundsOf(q));
    const rejected = this.fieldError?.field;
    // "answers" alone names them all; "answers.1.description" names one.
    if (rejected === 'answers' || rejected?.startsWith(`answers.${index}`)) return this.messages.fieldRejected;
    return undefined;
  }

  override render() {
    const m = this.messages;
    return html`<form @submit=${this.#handleSubmit} novalidate>
      ${this.questions.map((q, i) => {
        const id = `q-${i}`;
        const error = this.#error(q, i);
        const [min, max] = boundsOf(q);
        const previous = this.answers.find((a) => a.code === q.id)?.description ?? '';
        const confirmation = expectedConfirmation(q);
        // Carat's own words stay, as secondary text under ours (never instead of ours).
        if (confirmation) {
          return html`<div part="field">
            <label class="check"><input id=${id} type="checkbox" name=${q.id} value=${confirmation.answer} ?checked=${previous === confirmation.answer}
              aria-describedby=${describedBy(id, confirmation.ask)} aria-invalid=${error ? 'true' : 'false'}
              @change=${() => { if (this.#invalid.delete(q.id)) this.requestUpdate(); }} />${m.confirmationLabel}</label>
            <span part="hint" id="${id}-hint">${confirmation.ask}</span>
            <span part="field-error" id="${id}-error">${error ?? ''}</span>
          </div>`;
        }
        return field(id, q.display, html`<input id=${id} part="input" name=${q.id} maxlength=${max} .value=${previous}
          aria-describedby=${describedBy(id, m.answerLength(min, max))} aria-invalid=${error ? 'true' : 'false'} />`,
          error, m.answerLength(min, max));
      })}
      <div class="actions">${this.submitButton(m.continue)}${this.backButton()}</div>
    </form>`;
  }
}
