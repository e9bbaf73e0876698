/**
 * One answer per Idempotency-Key: a replayed key gets the first result from the journal without a
 * second gateway call (across a restart too), and a duplicate that arrives while the first is
 * still running joins it (a double click must not show the shopper an error). A different key on
 * a session that is mid-recharge gets 409: one recharge at a time per session (SessionFlows).
 *
 * An attempt on a session whose last money call is unsettled (the proxy died, or Carat did not
 * answer) first settles it as recovery would (settlement.ts settleFromJournal): the retry of that
 * very attempt then gets its final answer, and a new attempt never races a pending recharge.
 *
 * A PIN product's stored answer comes back without its receipts once older than
 * RECEIPT_RETENTION_MS: the store checks that on every getResult (store/receipt-retention.ts),
 * so no path here can replay a PIN past the retention.
 */
import type { RechargeResult } from '../browser-api.ts';
import { GatewayFailure } from '../carat/http.ts';
import { unsettledSession } from '../store/journal.ts';
import type { RechargeDeps } from './recharge-deps.ts';
import { SessionFlows } from './session-flows.ts';
import { settleFromJournal } from './settlement.ts';

export type IdempotentRecharge = (sessionId: string, key: string, work: () => Promise<RechargeResult>) => Promise<RechargeResult>;

const STILL_CHECKING = 'The previous attempt is still being checked with the payment gateway. Please try again in a minute.';

export function createIdempotentRecharge(deps: RechargeDeps, flows: SessionFlows = new SessionFlows()): IdempotentRecharge {
  const { store } = deps;
  const storedAnswer = async (sessionId: string, key: string) => (await store.getResult(sessionId, key))?.body as RechargeResult | undefined;

  return async (sessionId, key, work) => {
    const stored = await storedAnswer(sessionId, key);
    if (stored) return stored;
    return flows.attempt(sessionId, key, async () => {
      // The first run of this key may have finished between the lookup above and now.
      const finished = await storedAnswer(sessionId, key);
      if (finished) return finished;
      const unsettled = await unsettledSession(store, sessionId);
      if (unsettled) {
        await settleFromJournal(deps, unsettled);
        const recovered = await storedAnswer(sessionId, key);
        if (recovered) return recovered;
        if (await unsettledSession(store, sessionId)) throw new GatewayFailure('gateway_unavailable', STILL_CHECKING, false);
      }
      const outcome = await work();
      // Only final answers are kept: after an error the shopper may try again with a new key.
      await store.putResult(sessionId, key, { httpStatus: 200, body: outcome });
      return outcome;
    });
  };
}
