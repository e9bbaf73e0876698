/**
 * A cap on card payment attempts per session, against card testing (a script trying stolen card
 * numbers one after another through our checkout).
 *
 * Only attempts that reached Carat count: a request refused by our own validation cost the attacker
 * nothing to learn and the merchant nothing to pay, while a shopper who mistyped the expiry must not
 * lose an attempt. "Reached" means sent: a gateway timeout counts, since Carat may have tried the card.
 *
 * Past the cap the answer is 429 `rate_limited` (the closed error set maps that code to 429), not
 * 409 `conflict`: nothing is wrong with the session's state, the shopper has simply tried too often.
 * It carries no Retry-After because waiting does not help: the message tells the shopper to start a
 * new recharge (whose creation is itself rate-limited per IP).
 *
 * Concurrency: `begin` reserves a slot before the gateway call, so two requests racing on one
 * session cannot both slip under the cap; `end` gives the slot back unless the attempt was sent.
 */
import { ApiFailure } from '../api-failure.ts';

export class CardAttemptsExceeded extends ApiFailure {
  constructor(maxAttempts: number) {
    super(
      'rate_limited',
      `Too many card attempts for this recharge (at most ${maxAttempts}). Start a new recharge to try again.`,
    );
    this.name = 'CardAttemptsExceeded';
  }
}

export interface CardAttemptsOptions {
  maxAttempts: number;
  /** How long a session's count is kept after its last attempt (default 1 h, beyond a NIT's life). */
  rememberMs?: number;
  /** Sessions tracked at most (default 100000); past it the oldest is forgotten. */
  maxSessions?: number;
  now?: () => number;
}

/** One reserved attempt: call `reachedGateway()` just before sending the card, `end()` in a finally. */
export interface CardAttempt {
  reachedGateway(): void;
  end(): void;
}

interface SessionCount {
  sent: number;
  reserved: number;
  lastAt: number;
}

export class CardAttempts {
  readonly maxAttempts: number;
  readonly #rememberMs: number;
  readonly #maxSessions: number;
  readonly #now: () => number;
  /** Ordered by last activity: stale entries sit at the front. */
  readonly #sessions = new Map<string, SessionCount>();

  constructor(options: CardAttemptsOptions) {
    if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
      throw new RangeError('maxAttempts must be a positive integer');
    }
    this.maxAttempts = options.maxAttempts;
    this.#rememberMs = options.rememberMs ?? 60 * 60_000;
    this.#maxSessions = options.maxSessions ?? 100_000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Reserves an attempt, or throws CardAttemptsExceeded when the session has none left. */
  begin(sessionId: string): CardAttempt {
    const count = this.#touch(sessionId);
    if (count.sent + count.reserved >= this.maxAttempts) throw new CardAttemptsExceeded(this.maxAttempts);
    count.reserved += 1;
    let state: 'reserved' | 'sent' | 'ended' = 'reserved';
    return {
      reachedGateway: () => {
        if (state !== 'reserved') return;
        state = 'sent';
        count.reserved -= 1;
        count.sent += 1;
      },
      end: () => {
        if (state === 'reserved') count.reserved -= 1;
        state = 'ended';
      },
    };
  }

  /** Attempts of this session that reached the gateway. */
  sent(sessionId: string): number {
    return this.#sessions.get(sessionId)?.sent ?? 0;
  }

  get trackedSessions(): number {
    return this.#sessions.size;
  }

  #touch(sessionId: string): SessionCount {
    const now = this.#now();
    for (const [id, count] of this.#sessions) {
      if (count.lastAt + this.#rememberMs > now || count.reserved > 0) break;
      this.#sessions.delete(id);
    }
    let count = this.#sessions.get(sessionId);
    if (count) {
      this.#sessions.delete(sessionId); // re-inserted below: keeps the Map ordered by activity
    } else {
      count = { sent: 0, reserved: 0, lastAt: now };
      if (this.#sessions.size >= this.#maxSessions) {
        const oldest = this.#sessions.keys().next();
        if (!oldest.done) this.#sessions.delete(oldest.value);
      }
    }
    count.lastAt = now;
    this.#sessions.set(sessionId, count);
    return count;
  }
}

/**
 * Runs one card attempt of `sessionId` under a reserved slot (throws CardAttemptsExceeded when none
 * is left); `run` calls `reachedGateway` just before the card is sent to Carat.
 */
export async function withCardAttempt<T>(attempts: CardAttempts, sessionId: string, run: (reachedGateway: () => void) => Promise<T>): Promise<T> {
  const attempt = attempts.begin(sessionId);
  try {
    return await run(() => attempt.reachedGateway());
  } finally {
    attempt.end();
  }
}
