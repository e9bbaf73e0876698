/**
 * The Idempotency-Key header of the recharge route: one key per shopper attempt, checked before
 * anything else runs. Replaying a finished result (also after a restart) and joining a duplicate
 * that is still in flight are the journal's (recharge/idempotent-recharge.ts, session-flows.ts).
 */
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
