/**
 * The widget's two live regions: the assertive one (an error, what the shopper must fix) and the
 * polite one (please wait, PIN copied). The element renders `alert` and `notice`.
 */
import type { ReactiveElement } from 'lit';
import type { Failure, FlowState } from './flow-state.ts';
import type { Messages } from './messages.ts';

export class Announcer {
  readonly #host: ReactiveElement;
  /** For the assertive live region: the latest error, in the shopper's language. */
  alert = '';
  /** For the polite live region. */
  notice = '';
  #said = 0;

  constructor(host: ReactiveElement) {
    this.#host = host;
  }

  /** Empties the live region first, so that the same message twice in a row is read twice. */
  say(message: string): void {
    const said = ++this.#said;
    this.alert = '';
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      if (said !== this.#said) return; // the shopper has moved on
      this.alert = message;
      this.#host.requestUpdate();
    });
  }

  /** A new screen: what the previous one said no longer applies. */
  clear(): void {
    this.#said++;
    this.alert = '';
    this.#host.requestUpdate();
  }

  tell(notice: string): void {
    this.notice = notice;
    this.#host.requestUpdate();
  }
}

/** A failure in the shopper's words: what happened and what to do (a denial says who said no, when known). */
export function failureMessage(failure: Failure, m: Messages): string {
  return failure.kind === 'denied' && failure.deniedBy ? m.deniedBy[failure.deniedBy] : m.failure[failure.kind];
}

/**
 * What a new screen says out loud, assertively: its failure. A field the proxy rejected is not said
 * here: focus moving to the field reads its error once (the element; the alert only when it cannot).
 */
export function announcementFor(state: FlowState, m: Messages): string | undefined {
  return state.step === 'failure' ? failureMessage(state.failure, m) : undefined;
}

/** What a new screen says politely, and keeps saying in the visible status line while it shows. */
export function noticeFor(state: FlowState, m: Messages): string {
  return state.step === 'pending' ? m.pending[state.recharge.type] : '';
}
