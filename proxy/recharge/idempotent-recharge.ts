/**
 * One answer per Idempotency-Key: a replayed key gets the first result without a second gateway
 * call, and a duplicate that arrives while the first is still running waits for it (a double
 * click must not show the shopper an error). A different key on a session that is mid-recharge
 * gets 409: one recharge at a time per session.
 */
import type { RechargeResult } from '../browser-api.ts';
import { ApiFailure } from '../api-failure.ts';
import type { SessionStore } from '../store/session-store.ts';

export type IdempotentRecharge = (sessionId: string, key: string, work: () => Promise<RechargeResult>) => Promise<RechargeResult>;

export function createIdempotentRecharge(store: SessionStore): IdempotentRecharge {
  const running = new Map<string, { key: string; result: Promise<RechargeResult> }>();

  return async (sessionId, key, work) => {
    const stored = await store.getResult(sessionId, key);
    if (stored) return stored.body as RechargeResult;
    const current = running.get(sessionId);
    if (current?.key === key) return current.result;
    if (current) throw new ApiFailure('conflict', 'A recharge for this session is already in progress.');

    const result = (async () => {
      const outcome = await work();
      // Only final answers are kept: after an error the shopper may try again with a new key.
      await store.putResult(sessionId, key, { httpStatus: 200, body: outcome });
      return outcome;
    })().finally(() => running.delete(sessionId));
    running.set(sessionId, { key, result });
    return result;
  };
}
