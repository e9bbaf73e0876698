/**
 * What "the same request" means for an Idempotency-Key (recharge/idempotent-recharge.ts): a key
 * reused with another request is refused with 422 instead of replaying the first answer silently.
 *
 * The hash is SHA-256 over the body's canonical JSON (object keys sorted at every depth, so key
 * order and spacing do not count) without its `payment`:
 * - The browser schemas are strict (browser-schemas.ts: no field is dropped or defaulted), so for an
 *   accepted body this is exactly the validated request. Hashing it as received, not after
 *   validation, lets a replay be recognised when it would no longer validate (its card expired).
 * - The card never counts: a hash of a card number is guessable and a security code may never be
 *   kept in any form, and the widget asks for a lost answer again without the card, which it never
 *   keeps (widget/flow.ts afterLook). What is bought, for whom, and how much is what counts.
 *
 * The hash is kept with the attempt before it runs (SessionRecord.attemptRequest, for a retry while
 * it is pending) and with its stored answer (IdempotentResult.requestHash). An answer stored before
 * hashes existed has none, and is replayed to any body, as it always was.
 */
import { createHash } from 'node:crypto';
import { ApiFailure } from '../api-failure.ts';
import { IDEMPOTENCY_KEY_HEADER } from '../browser-schemas.ts';
import type { RechargeResult } from '../browser-api.ts';
import type { IdempotentResult, SessionRecord } from '../store/session-store.ts';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, field]) => field !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, field]) => [key, canonical(field)]));
}

export function requestHash(body: unknown): string {
  const order = typeof body === 'object' && body !== null && !Array.isArray(body)
    ? Object.fromEntries(Object.entries(body).filter(([field]) => field !== 'payment'))
    : body;
  return createHash('sha256').update(JSON.stringify(canonical(order) ?? null)).digest('hex');
}

/** Refuses a key whose first request is known to differ; where either is unknown (an answer older than hashes) it passes. */
export function checkSameRequest(first: string | undefined, now: string | undefined): void {
  if (first === undefined || now === undefined || first === now) return;
  throw new ApiFailure(
    'idempotency_key_reused',
    `${IDEMPOTENCY_KEY_HEADER}: this key was used with a different request; send a new key for a new request (the same key only repeats its first request).`,
    IDEMPOTENCY_KEY_HEADER,
  );
}

/** The hash of `key`'s request when it is the session's latest attempt (SessionRecord.attemptRequest). */
export function attemptRequestHash(session: SessionRecord, key: string | undefined): string | undefined {
  return key !== undefined && session.attemptRequest?.idempotencyKey === key ? session.attemptRequest.requestHash : undefined;
}

/** A final answer that recovery stores for `key`, with its request's hash when the session knows it. */
export function recoveredAnswer(session: SessionRecord, key: string, body: RechargeResult): IdempotentResult {
  const hash = attemptRequestHash(session, key);
  return { httpStatus: 200, body, ...(hash === undefined ? {} : { requestHash: hash }) };
}
