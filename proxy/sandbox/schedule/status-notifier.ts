/**
 * Carat's status notification (§4.5) for each execution of the daily batch: a form POST to the
 * merchant's status URL. Only HTTP 200 counts as delivered (a redirect is a failure); otherwise
 * Carat POSTs again, up to `retries` more times, and then leaves the notice "pending notification"
 * for good (the merchant must query). Choice: the retries follow at once — the spacing Carat uses
 * is not documented, and on the simulated clock waiting would only slow the tests.
 */
import type { MerchantRegistry } from '../merchants.ts';
import type { ExecutionFaults } from './execution-faults.ts';
import { postForm } from './form-post.ts';

export interface StatusNotice {
  sid: string;
  nit: string;
  /** delivered: a POST got 200; pending: none did (or no status URL); dropped: a fault, never POSTed. */
  state: 'delivered' | 'pending' | 'dropped';
  /** The HTTP status of each POST, in order (0: no answer); repeats included. */
  answers: number[];
}

export interface StatusNotifierOptions {
  merchants: MerchantRegistry;
  faults: ExecutionFaults;
  retries: number;
  timeoutMs: number;
}

export class StatusNotifier {
  readonly notices: StatusNotice[] = [];
  readonly #options: StatusNotifierOptions;

  constructor(options: StatusNotifierOptions) {
    this.#options = options;
  }

  /** `drop`: never POSTed, without using up a fault (a late execution's second notice dropped by its own fault). */
  async notify(merchantKey: string, sid: string, form: Record<string, string>, options: { drop?: boolean } = {}): Promise<StatusNotice> {
    const notice: StatusNotice = { sid, nit: form.nit ?? '', state: 'pending', answers: [] };
    this.notices.push(notice);
    const fault = options.drop ? undefined : this.#options.faults.takeNotificationFault(sid);
    if (options.drop || fault?.kind === 'drop-notification') {
      notice.state = 'dropped';
      return notice;
    }
    const url = this.#options.merchants.byKey(merchantKey)?.statusUrl;
    if (url === undefined) return notice;
    if (!(await this.#deliver(url, form, notice))) return notice;
    notice.state = 'delivered';
    const repeats = fault?.kind === 'repeat-notification' ? (fault.times ?? 1) : 0;
    for (let i = 0; i < repeats; i += 1) await this.#deliver(url, form, notice);
    return notice;
  }

  /** POSTs until a 200, at most 1 + retries times. */
  async #deliver(url: string, form: Record<string, string>, notice: StatusNotice): Promise<boolean> {
    for (let attempt = 0; attempt <= this.#options.retries; attempt += 1) {
      const status = await postForm(url, form, this.#options.timeoutMs);
      notice.answers.push(status);
      if (status === 200) return true;
    }
    return false;
  }
}
