/**
 * Idempotency for the recharge route: the Idempotency-Key header's format, and an in-flight
 * coalescer so that concurrent duplicates (a double click, a retry racing the original) cause one
 * gateway call and all get the same answer.
 *
 * Semantics of InFlight.run(key, fn):
 *   - while a run for `key` is in flight, later calls join it: fn is not called again, and every
 *     caller gets the same value, or the same error;
 *   - once it settles, the key is free: a later call runs fn again. Replaying a *finished* result
 *     (also after a restart) is the journal's job, not this in-memory map's: callers look the key
 *     up in the store first, and fn writes its final result to the store before it resolves. A call
 *     arriving between that write and the settle joins the run, so there is no gap where a
 *     duplicate could slip through. A run that failed leaves nothing in the store, so the shopper
 *     may retry (whether a failed money-moving call may be repeated is decided inside fn, which
 *     queries Carat's status first after a timeout).
 *   - scope keys by session (`${sessionId}:${idempotencyKey}`): one shopper's key must never
 *     join another shopper's recharge.
 */
import { createHmac } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ApiFailure } from '../api-failure.ts';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/** The header's value, or an ApiFailure naming the header (its value is never echoed back). */
export function readIdempotencyKey(value: string | undefined): string {
  if (value === undefined || value === '') {
    throw new ApiFailure(
      'missing_idempotency_key',
      `${IDEMPOTENCY_KEY_HEADER}: this header is required, with a new value for each attempt`,
      IDEMPOTENCY_KEY_HEADER,
    );
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    // Two headers arrive joined by ", " and fail here too: one attempt, one key.
    throw new ApiFailure(
      'invalid_request',
      `${IDEMPOTENCY_KEY_HEADER}: must be 8–128 characters, each a letter, a digit, "_" or "-"`,
      IDEMPOTENCY_KEY_HEADER,
    );
  }
  return value;
}

/** Checks the header before anything else runs and leaves the key in res.locals.idempotencyKey. */
export const requireIdempotencyKey: RequestHandler = (req, res, next) => {
  res.locals['idempotencyKey'] = readIdempotencyKey(req.get(IDEMPOTENCY_KEY_HEADER));
  next();
};

interface Run {
  fingerprint: string | undefined;
  result: Promise<unknown>;
}

export class InFlight {
  readonly #runs = new Map<string, Run>();

  /**
   * `fingerprint` (optional) identifies the request behind the key: a duplicate with a different
   * one gets 409 conflict instead of someone else's answer (a key reused for another recharge).
   */
  run<T>(key: string, fn: () => Promise<T>, fingerprint?: string): Promise<T> {
    const current = this.#runs.get(key);
    if (current) {
      if (current.fingerprint !== fingerprint) {
        return Promise.reject(
          new ApiFailure(
            'conflict',
            `${IDEMPOTENCY_KEY_HEADER}: this key is already in use for a different request; send a new key`,
            IDEMPOTENCY_KEY_HEADER,
          ),
        );
      }
      return current.result as Promise<T>;
    }
    const result = (async () => fn())(); // a synchronous throw becomes the shared rejection too
    const run: Run = { fingerprint, result };
    this.#runs.set(key, run);
    const release = () => {
      if (this.#runs.get(key) === run) this.#runs.delete(key);
    };
    result.then(release, release);
    return result;
  }

  /** Runs in flight now (for tests and graceful shutdown). */
  get size(): number {
    return this.#runs.size;
  }

  /** Settles when every run in flight now has settled (graceful shutdown waits for the flows). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#runs.values()].map((run) => run.result));
  }
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, field]) => field !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A request body's fingerprint: HMAC-SHA256 of its canonical JSON (key order does not matter).
 * Keyed, because the body holds a card number: a plain hash of a 16-digit PAN can be reversed by
 * brute force, so a stored fingerprint must be useless without the key (use the merchant key).
 */
export function fingerprintRequest(body: unknown, key: string): string {
  return createHmac('sha256', key).update(canonicalJson(body)).digest('base64url');
}
