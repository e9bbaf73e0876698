/**
 * One answer per Idempotency-Key: a replayed key gets the first final result from the journal
 * without a second gateway call (across a restart too), and a duplicate that arrives while the
 * first is still running joins it (a double click must not show the shopper an error). A different
 * key on a session that is mid-recharge gets 409: one recharge at a time per session (SessionFlows).
 *
 * An attempt on a session whose last money call is unsettled (the proxy died, or Carat did not
 * answer) never races it: the retry of that very attempt (its Idempotency-Key) first settles it as
 * recovery would (settlement.ts settleFromJournal) and gets its final answer; any other key gets
 * 202 from the journal alone, without a gateway call, until recovery has settled it. While
 * the outcome stays unknown, every attempt on the session gets 202 pending (settlement.ts, rule 1);
 * a pending answer is never stored, so the same key gets the final answer once there is one.
 *
 * The same key with another request (request-hash.ts says what counts) gets 422 and nothing is
 * sent: checked against the stored answer's hash, the running duplicate's, or, while the attempt is
 * pending, the hash journaled with the session before it ran (SessionRecord.attemptRequest).
 *
 * A PIN product's stored answer comes back without its receipts once older than
 * RECEIPT_RETENTION_MS: the store checks that on every getResult (store/receipt-retention.ts),
 * so no path here can replay a PIN past the retention.
 */
import { ApiFailure } from '../api-failure.ts';
import type { PendingRecharge, RechargeResult } from '../browser-api.ts';
import { attemptKey, needsRecovery, unsettledSession } from '../store/journal.ts';
import type { SessionRecord } from '../store/session-store.ts';
import type { RechargeDeps } from './recharge-deps.ts';
import { attemptRequestHash, checkSameRequest, requestHash } from './request-hash.ts';
import { SessionFlows } from './session-flows.ts';
import { nextQueryDueAt, OutcomePending, settleFromJournal } from './settlement.ts';

export type RechargeAnswer = { httpStatus: 200; body: RechargeResult } | { httpStatus: 202; body: PendingRecharge };

/** `body`: the request as received, for its hash (request-hash.ts); `work` runs it. */
export type IdempotentRecharge = (sessionId: string, key: string, body: unknown, work: () => Promise<RechargeResult>) => Promise<RechargeAnswer>;

/** How soon the browser should ask again: when the next status query is due, within 2–30 s. */
const RETRY_AFTER_MS = { min: 2_000, max: 30_000 } as const;

export function pendingAnswer(deps: Pick<RechargeDeps, 'now'>, session: SessionRecord): RechargeAnswer {
  const untilDue = nextQueryDueAt(session) - deps.now();
  const retryAfterMs = Math.min(RETRY_AFTER_MS.max, Math.max(RETRY_AFTER_MS.min, untilDue));
  return { httpStatus: 202, body: { status: 'pending', id: session.id, retryAfterMs } };
}

export function createIdempotentRecharge(deps: RechargeDeps, flows: SessionFlows = new SessionFlows()): IdempotentRecharge {
  const { store } = deps;
  const storedAnswer = async (sessionId: string, key: string, hash: string): Promise<RechargeAnswer | undefined> => {
    const stored = await store.getResult(sessionId, key);
    if (!stored) return undefined;
    checkSameRequest(stored.requestHash, hash);
    return { httpStatus: 200, body: stored.body as RechargeResult };
  };

  return async (sessionId, key, request, work) => {
    const hash = requestHash(request);
    const stored = await storedAnswer(sessionId, key, hash);
    if (stored) return stored;
    return flows.attempt(sessionId, key, async () => {
      // The first run of this key may have finished between the lookup above and now.
      const finished = await storedAnswer(sessionId, key, hash);
      if (finished) return finished;
      const session = await store.get(sessionId);
      if (session && needsRecovery(session)) {
        // Only the pending attempt's own key asks Carat now; another gets 202 from the journal (recovery
        // settles it): a flood of new keys on a pending session must not become a flood of status queries.
        if (attemptKey(session) !== key) return pendingAnswer(deps, session);
        checkSameRequest(attemptRequestHash(session, key), hash);
        try {
          await settleFromJournal(deps, session);
        } catch (error) {
          // Another process took the session over (LeaseLost) or Carat still can't say: pending, not a 500.
          if (!(error instanceof OutcomePending)) throw error;
          return pendingAnswer(deps, (await store.get(sessionId)) ?? session);
        }
        const recovered = await storedAnswer(sessionId, key, hash);
        if (recovered) return recovered;
        const still = await unsettledSession(store, sessionId);
        if (still) return pendingAnswer(deps, still);
      }
      // Before anything is sent: a retry of this key while it is pending is checked against it.
      if (session && session.attemptRequest?.idempotencyKey !== key) {
        await store.update(sessionId, (record) => ({ ...record, attemptRequest: { idempotencyKey: key, requestHash: hash } }));
      }
      let outcome: RechargeResult;
      try {
        outcome = await work();
      } catch (error) {
        if (error instanceof ApiFailure) throw error;
        // Pending, or a failure of our own (the journal out of reach) that may have come after a
        // money call went out: unknown is never "nothing happened", so 202 whenever the journal
        // holds an unsettled money step, or cannot be read to tell (recovery settles it later).
        let session: SessionRecord | undefined;
        try {
          session = await store.get(sessionId);
        } catch {
          deps.logger.error({ sessionId, error: error instanceof Error ? error.name : 'error' }, 'journal out of reach during a recharge: answered pending');
          return { httpStatus: 202, body: { status: 'pending', id: sessionId, retryAfterMs: RETRY_AFTER_MS.min } };
        }
        if (session && (error instanceof OutcomePending || needsRecovery(session))) return pendingAnswer(deps, session);
        throw error;
      }
      // Only final answers are kept: after an error the shopper may try again with a new key.
      await store.putResult(sessionId, key, { httpStatus: 200, body: outcome, requestHash: hash });
      return { httpStatus: 200, body: outcome };
    }, hash);
  };
}
