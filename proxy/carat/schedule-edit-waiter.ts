/**
 * The SEID of a schedule edit (§6.6) reaches us only by Carat's form POST to the authenticity URL
 * (seid, sid, merchant_data), made during POST /v1/schedules/edits. Each edit we open waits here
 * under a random merchant_data (20 letters and digits, ~119 bits: not guessable) for the form that
 * names it and its SID; anything else — unknown, for another SID, a replay of a used one, malformed
 * — is ignored (a well-formed one for no edit here is `unmatched`: the caller may relay it to the
 * other instances, store/postgres/notice-relay.ts). The endpoint answers Carat 200 either way (as authenticity-endpoint.ts does).
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { GatewayFailure } from './http.ts';

/** Lenient about extra fields, strict about the ones we use. */
const EditFormSchema = z.object({
  seid: z.string().regex(/^[A-Za-z0-9]{64}$/),
  sid: z.string().regex(/^[A-Za-z0-9]{64}$/),
  merchant_data: z.string().regex(/^[A-Za-z0-9]{1,20}$/),
});

/**
 * accepted: an edit here waited for it; unmatched: a well-formed edit form no edit of this process
 * waits for (with several instances, another one's may: app.ts relays it); ignored: anything else.
 */
export type EditNoticeOutcome = 'accepted' | 'unmatched' | 'ignored';

interface Waiter {
  sid: string;
  resolve(seid: string): void;
  reject(error: Error): void;
  cancelTimer(): void;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newMerchantData(): string {
  return Array.from({ length: 20 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}

const defaultTimer = (fire: () => void, ms: number) => {
  const timer = setTimeout(fire, ms);
  timer.unref(); // an edit waiting must not keep a shutting-down process alive
  return () => clearTimeout(timer);
};

export class ScheduleEditWaiter {
  readonly #waiting = new Map<string, Waiter>(); // by merchant_data
  readonly #timer: (fire: () => void, ms: number) => () => void;

  constructor(timer = defaultTimer) {
    this.#timer = timer;
  }

  /** Waits for the SEID of the edit opened with this merchant_data; rejects after timeoutMs or cancel(). */
  expect(merchantData: string, sid: string, timeoutMs: number): Promise<string> {
    const seid = new Promise<string>((resolve, reject) => {
      const cancelTimer = this.#timer(() => {
        this.#waiting.delete(merchantData);
        reject(new GatewayFailure('gateway_timeout', 'The payment gateway did not send the schedule edit in time. Please try again.', false));
      }, timeoutMs);
      this.#waiting.set(merchantData, { sid, resolve, reject, cancelTimer });
    });
    seid.catch(() => {}); // awaited only after the edit call answers
    return seid;
  }

  /** The edit call failed: stop waiting (a late form for it is then ignored). */
  cancel(merchantData: string, error: Error): void {
    const waiter = this.#waiting.get(merchantData);
    if (!waiter) return;
    this.#waiting.delete(merchantData);
    waiter.cancelTimer();
    waiter.reject(error);
  }

  /** Hands over a POSTed form (parsed urlencoded body or URLSearchParams). */
  deliver(form: unknown): EditNoticeOutcome {
    const parsed = EditFormSchema.safeParse(form instanceof URLSearchParams ? Object.fromEntries(form) : form);
    if (!parsed.success) return 'ignored';
    const waiter = this.#waiting.get(parsed.data.merchant_data);
    if (!waiter) return 'unmatched';
    if (waiter.sid !== parsed.data.sid) return 'ignored';
    this.#waiting.delete(parsed.data.merchant_data);
    waiter.cancelTimer();
    waiter.resolve(parsed.data.seid);
    return 'accepted';
  }

  get waiting(): number {
    return this.#waiting.size;
  }
}
