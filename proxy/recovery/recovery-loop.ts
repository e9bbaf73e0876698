/**
 * Runs recovery at start and then every RECOVERY_INTERVAL_MS: each unsettled session in the
 * journal is settled from the journal (recharge/settlement.ts settleFromJournal, whose rules say
 * how), one at a time so a backlog does not flood Carat.
 * A session a browser flow holds right now is skipped (SessionFlows) and picked up on a later pass.
 * One proxy process per SQLite DATA_DIR; with PostgreSQL, several, kept off each other's sessions by
 * the leases SessionFlows takes (store/postgres/postgres-session-leases.ts).
 */
import type { RechargeDeps } from '../recharge/recharge-deps.ts';
import type { SessionFlows } from '../recharge/session-flows.ts';
import { settleFromJournal, type RecoveryOutcome } from '../recharge/settlement.ts';
import { unsettledSession } from '../store/journal.ts';

export interface RecoveryPass {
  outcomes: RecoveryOutcome[];
}

export interface Recovery {
  /** One pass over the journal now (a pass already running is joined, not doubled). */
  runOnce(): Promise<RecoveryPass>;
  /** Starts the periodic passes; the first one runs now, and its result is returned. */
  start(intervalMs: number): Promise<RecoveryPass>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

export interface RecoveryOptions {
  deps: RechargeDeps;
  flows: SessionFlows;
  /** Told each periodic pass that found work (never with a NIT or a key); start() returns the first. */
  onPass?: (pass: RecoveryPass) => void;
  onError?: (error: unknown) => void;
}

export function createRecovery(options: RecoveryOptions): Recovery {
  const { deps, flows } = options;
  let current: Promise<RecoveryPass> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function pass(): Promise<RecoveryPass> {
    const outcomes: RecoveryOutcome[] = [];
    for (const listed of await deps.store.listUnsettled()) {
      // One session's failure must not keep the others pending: report it and go on.
      const outcome = await flows.recover(listed.id, async () => {
        const session = await unsettledSession(deps.store, listed.id);
        return session ? settleFromJournal(deps, session) : undefined;
      }).catch((error: unknown) => {
        options.onError?.(error);
        return 'unresolved' as const;
      });
      if (outcome) outcomes.push(outcome);
    }
    return { outcomes };
  }

  function runOnce(): Promise<RecoveryPass> {
    current ??= pass().finally(() => {
      current = undefined;
    });
    return current;
  }

  const tick = () => {
    runOnce().then(
      (found) => found.outcomes.length && options.onPass?.(found),
      (error: unknown) => options.onError?.(error),
    );
  };

  return {
    runOnce,
    start(intervalMs) {
      const first = runOnce();
      timer = setInterval(tick, intervalMs);
      // The timer alone must not keep the process alive.
      timer.unref();
      return first;
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await current?.catch(() => {});
    },
  };
}
