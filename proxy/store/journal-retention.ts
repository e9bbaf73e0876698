/**
 * Keeps the journal from holding what it no longer needs, on a timer of its own (main.ts starts it,
 * and stops it on shutdown before the journal closes):
 * - PIN products' answers lose their receipts once older than RECEIPT_RETENTION_MS
 *   (receipt-retention.ts says why). getResult also checks at replay time, so the pass only bounds
 *   how long the bytes stay on disk: at most the retention plus one interval.
 * - Settled sessions not written for JOURNAL_RETENTION_MS are deleted with their answers: by then
 *   no shopper retries and recovery has nothing to do; Carat keeps the record of the sale.
 *   An unsettled session (store/journal.ts needsRecovery) is never deleted.
 * - Sessions that never reached money (no recharge or payment step: journal.ts neverReachedMoney)
 *   go sooner, once not written for MONEYLESS_SESSION_RETENTION_MS: their NIT has expired at Carat
 *   by then, so a flood of creations leaves rows for a day, not for the journal's 30 days.
 */
import type { SessionStore } from './session-store.ts';

/**
 * A day. Carat's NIT lifetime is configured per merchant (NOV → EXP; carat README §1, the sandbox
 * uses 15 minutes) and not told to us, so this is a bound well past any checkout's lifetime: a
 * session not written for a day cannot go on to a recharge, its NIT being expired.
 */
export const MONEYLESS_SESSION_RETENTION_MS = 86_400_000;

/** A minute: cheap (one indexed query) and short next to the 15-minute retention. */
const JOURNAL_RETENTION_INTERVAL_MS = 60_000;

export interface JournalRetentionOptions {
  store: SessionStore;
  now: () => number;
  receiptRetentionMs: number;
  journalRetentionMs: number;
  intervalMs?: number;
  /** Told what a pass changed, when it changed something (counts only, never ids or receipts). */
  onPass?: (pass: RetentionPass) => void;
  onError?: (error: unknown) => void;
}

export interface RetentionPass {
  receiptsWithheld: number;
  /** Settled sessions deleted, those that never reached money included. */
  sessionsForgotten: number;
}

export interface JournalRetention {
  /** One pass now. */
  runOnce(): Promise<RetentionPass>;
  /** A pass now (an old journal may hold PINs past the retention), then one every interval. */
  start(): void;
  stop(): void;
}

export function createJournalRetention(options: JournalRetentionOptions): JournalRetention {
  const { store, now } = options;
  let timer: NodeJS.Timeout | undefined;

  async function runOnce(): Promise<RetentionPass> {
    const receiptsWithheld = await store.withholdReceipts(new Date(now() - options.receiptRetentionMs));
    const moneylessForgotten = await store.forgetMoneyless(new Date(now() - MONEYLESS_SESSION_RETENTION_MS));
    const settledForgotten = await store.forgetSettled(new Date(now() - options.journalRetentionMs));
    return { receiptsWithheld, sessionsForgotten: moneylessForgotten + settledForgotten };
  }

  const tick = () => {
    runOnce().then(
      (pass) => (pass.receiptsWithheld || pass.sessionsForgotten) && options.onPass?.(pass),
      (error: unknown) => options.onError?.(error),
    );
  };

  return {
    runOnce,
    start() {
      tick();
      timer = setInterval(tick, options.intervalMs ?? JOURNAL_RETENTION_INTERVAL_MS);
      // The timer alone must not keep the process alive.
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
