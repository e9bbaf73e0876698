/**
 * Guards POST /carat/authenticity (§3.2): in authenticity mode Carat form-POSTs a new recharge's NIT
 * to us during the creation call. Anyone on the internet can POST that form too, so a notice is
 * accepted only when it names a creation we are waiting for right now: its merchant USN and order id
 * (both random, generated per creation, so they cannot be guessed) and our merchant id. A NIT or USN
 * already consumed is a replay and is ignored, as is anything unknown or malformed.
 *
 * The route answers 200 "OK" to every POST, accepted or not, at once (authenticity-endpoint.ts):
 *   - Carat must not retry: a non-200 fails the creation it belongs to, and a stranger's or a
 *     replayed notice has no creation of ours to fail anyway;
 *   - an attacker learns nothing: the answer does not tell a live USN from a dead one, nor a
 *     consumed NIT from a fresh one, so the endpoint cannot be used to probe.
 * The reason for ignoring goes to our log only (onIgnored).
 */
import { z } from 'zod';
import { ApiFailure } from '../api-failure.ts';

export interface AuthenticityNotice {
  nit: string;
  merchantId: string;
  orderId: string;
  merchantUsn: string;
  /** Carat's table version; the creation needs it for the catalogue cache. */
  generalHash: string;
}

export type IgnoredReason = 'malformed' | 'other_merchant' | 'unknown' | 'order_mismatch' | 'replay';

/** Lenient about extra fields (Carat may add some), strict about the ones we use. */
const NoticeFormSchema = z.object({
  nit: z.string().regex(/^[A-Za-z0-9]{64}$/),
  merchantId: z.string().min(1).max(15),
  orderId: z.string().min(1).max(20),
  merchantUSN: z.string().regex(/^\d{1,12}$/),
  generalHash: z.string().max(16).optional(),
});

/** A notice's form as Carat POSTs it, the fields we use only. */
export type NoticeForm = z.infer<typeof NoticeFormSchema>;

export class AuthenticityTimeout extends ApiFailure {
  constructor(timeoutMs: number) {
    super('gateway_timeout', `The payment gateway did not confirm the new recharge within ${Math.ceil(timeoutMs / 1000)} s. Please try again.`);
    this.name = 'AuthenticityTimeout';
  }
}

export class AuthenticityCancelled extends Error {
  constructor() {
    super('The creation stopped waiting for its authenticity POST');
    this.name = 'AuthenticityCancelled';
  }
}

export interface AuthenticityGuardOptions {
  /** Our merchant id on Carat: a notice for another merchant is ignored. */
  merchantId: string;
  /** How long expect() waits by default. Should exceed CARAT_TIMEOUT_MS: the POST comes inside the creation call. */
  timeoutMs: number;
  /**
   * How long a creation still waits once its call has answered (creationAnswered); default timeoutMs.
   * Carat posts before it answers, so by then the notice is normally here already.
   */
  graceMs?: number;
  /**
   * How long consumed NITs and USNs are remembered as replays (default 1 h: four times a NIT's
   * 15-minute life at Carat, after which a replayed NIT is worthless anyway) and how many at most
   * (default 100000).
   */
  rememberMs?: number;
  maxRemembered?: number;
  onIgnored?: (reason: IgnoredReason) => void;
  /**
   * Several proxies behind a balancer: a POSTed notice (well-formed, our merchant, no replay here)
   * that no creation in this process waits for may be another instance's. It goes here instead of
   * being ignored, with only the fields we use (store/postgres/notice-relay.ts relays it), and
   * comes back to each instance through deliver(form, 'relayed').
   */
  onUnmatched?: (form: NoticeForm) => void;
  /** Timer, for tests: runs `fire` after `ms` and returns a function that cancels it. */
  schedule?: (fire: () => void, ms: number) => () => void;
  now?: () => number;
}

interface Waiter {
  orderId: string;
  resolve(notice: AuthenticityNotice): void;
  reject(error: Error): void;
  cancelTimer: () => void;
}

const defaultSchedule = (fire: () => void, ms: number) => {
  const timer = setTimeout(fire, ms);
  timer.unref(); // a creation waiting must not keep a shutting-down process alive
  return () => clearTimeout(timer);
};

export class AuthenticityGuard {
  readonly #options: AuthenticityGuardOptions;
  readonly #schedule: NonNullable<AuthenticityGuardOptions['schedule']>;
  readonly #now: () => number;
  readonly #waiting = new Map<string, Waiter>(); // by merchant USN
  readonly #consumed = new Map<string, number>(); // "nit:…" / "usn:…" → when, oldest first

  constructor(options: AuthenticityGuardOptions) {
    this.#options = options;
    this.#schedule = options.schedule ?? defaultSchedule;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Call before sending the creation. Resolves with the notice once Carat posts it; rejects with
   * AuthenticityTimeout after `timeoutMs`, or AuthenticityCancelled after cancel(). A rejection nobody
   * awaits yet (the creation call is still running) is not an unhandled rejection.
   */
  expect(merchantUsn: string, orderId: string, timeoutMs = this.#options.timeoutMs): Promise<AuthenticityNotice> {
    if (this.#waiting.has(merchantUsn)) throw new Error('A creation is already waiting for this merchant USN');
    const notice = new Promise<AuthenticityNotice>((resolve, reject) => {
      this.#waiting.set(merchantUsn, { orderId, resolve, reject, cancelTimer: this.#timeoutIn(merchantUsn, timeoutMs) });
    });
    notice.catch(() => {});
    return notice;
  }

  /** The creation call answered: wait at most graceMs more for its notice. */
  creationAnswered(merchantUsn: string): void {
    const waiter = this.#waiting.get(merchantUsn);
    if (!waiter) return;
    waiter.cancelTimer();
    waiter.cancelTimer = this.#timeoutIn(merchantUsn, this.#options.graceMs ?? this.#options.timeoutMs);
  }

  /** Stop waiting (the creation call failed); a late notice for it is then ignored. */
  cancel(merchantUsn: string): void {
    const waiter = this.#waiting.get(merchantUsn);
    if (!waiter) return;
    this.#waiting.delete(merchantUsn);
    waiter.cancelTimer();
    waiter.reject(new AuthenticityCancelled());
  }

  /**
   * Hands a POSTed form (parsed urlencoded body or URLSearchParams) to the creation waiting for it.
   * `relayed`: POSTed to another instance and relayed here (onUnmatched); if nobody here waits for
   * it, it is that instance's or nobody's, and is ignored without a word.
   */
  deliver(form: unknown, origin: 'posted' | 'relayed' = 'posted'): 'accepted' | 'ignored' {
    const parsed = NoticeFormSchema.safeParse(form instanceof URLSearchParams ? Object.fromEntries(form) : form);
    if (!parsed.success) return this.#ignore('malformed');
    const { nit, merchantId, orderId, merchantUSN, generalHash } = parsed.data;
    if (merchantId !== this.#options.merchantId) return this.#ignore('other_merchant');
    this.#forgetOld();
    if (this.#consumed.has(`nit:${nit}`) || this.#consumed.has(`usn:${merchantUSN}`)) return this.#ignore('replay');
    const waiter = this.#waiting.get(merchantUSN);
    if (!waiter && origin === 'relayed') return 'ignored';
    if (!waiter && this.#options.onUnmatched) {
      this.#options.onUnmatched(parsed.data);
      return 'ignored';
    }
    if (!waiter) return this.#ignore('unknown');
    if (waiter.orderId !== orderId) return this.#ignore('order_mismatch');

    this.#waiting.delete(merchantUSN);
    waiter.cancelTimer();
    this.#remember(`nit:${nit}`);
    this.#remember(`usn:${merchantUSN}`);
    waiter.resolve({ nit, merchantId, orderId, merchantUsn: merchantUSN, generalHash: generalHash ?? '' });
    return 'accepted';
  }

  /** Creations currently waiting (for tests and shutdown). */
  get waiting(): number {
    return this.#waiting.size;
  }

  #timeoutIn(merchantUsn: string, ms: number): () => void {
    return this.#schedule(() => {
      const waiter = this.#waiting.get(merchantUsn);
      this.#waiting.delete(merchantUsn);
      waiter?.reject(new AuthenticityTimeout(ms));
    }, ms);
  }

  #ignore(reason: IgnoredReason): 'ignored' {
    this.#options.onIgnored?.(reason);
    return 'ignored';
  }

  #remember(key: string): void {
    const max = this.#options.maxRemembered ?? 100_000;
    if (this.#consumed.size >= max) {
      const oldest = this.#consumed.keys().next();
      if (!oldest.done) this.#consumed.delete(oldest.value);
    }
    this.#consumed.set(key, this.#now());
  }

  #forgetOld(): void {
    const cutoff = this.#now() - (this.#options.rememberMs ?? 60 * 60_000);
    for (const [key, at] of this.#consumed) {
      if (at > cutoff) return;
      this.#consumed.delete(key);
    }
  }
}
