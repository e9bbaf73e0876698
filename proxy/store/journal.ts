/**
 * The journal of a session: one step per gateway call, appended as it happens, and what the steps
 * say. Writing goes through `journalOf(…)`: `intent()` before a money call is sent (written and
 * synced first: journal-before-money), then `outcome()` when Carat answered or `failure()` when the
 * call failed. Reading: whether a session is still unsettled, the attempt's last intent, and how
 * many cards a session has sent to Carat.
 */
import type { CaratStatus } from '../browser-api.ts';
import { GatewayFailure } from '../carat/http.ts';
import { caratStatus } from '../carat/responses.ts';
import type { GatewayStep, MoneyStep, SessionRecord, SessionStore, StepOutcome } from './session-store.ts';

const MONEY_STEPS: ReadonlySet<GatewayStep> = new Set<MoneyStep>(['do', 'confirm', 'undo']);

/** Other fields of the session written in the same journal write as the step (one fsync, not two). */
export type RecordChange = (record: SessionRecord) => SessionRecord;

export interface SessionJournal {
  /** Before a money call is sent: its intent, with the attempt's Idempotency-Key. */
  intent(step: MoneyStep, details?: Pick<StepOutcome, 'usedPaymentMethods' | 'card'>, change?: RecordChange): Promise<void>;
  /**
   * Carat answered: the step is `ok` (or `refused` when its answer refused), with the status Carat
   * reported; that status (or `sessionStatus`) becomes the session's when it is one we know.
   */
  outcome(step: GatewayStep, reported: string | undefined, options?: { refused?: boolean; sessionStatus?: CaratStatus; change?: RecordChange }): Promise<void>;
  /** The call failed: `refused` when Carat answered and refused it, else `unknown` (it may have acted). */
  failure(step: GatewayStep, error: unknown, change?: RecordChange): Promise<void>;
}

export interface JournalDeps {
  store: SessionStore;
  now: () => number;
}

/** A step as the journal holds it, stamped now. */
export function journalStep(now: () => number, step: GatewayStep, outcome: StepOutcome['outcome'], reported?: string): StepOutcome {
  const entry: StepOutcome = { step, outcome, at: new Date(now()).toISOString() };
  if (reported !== undefined) entry.caratStatus = reported;
  return entry;
}

/** `idempotencyKey`: the browser's attempt, journaled with each intent so recovery can answer it. */
export function journalOf({ store, now }: JournalDeps, sessionId: string, idempotencyKey?: string): SessionJournal {
  const append = async (entry: StepOutcome, status?: CaratStatus, change: RecordChange = (record) => record) => {
    await store.update(sessionId, (record) => {
      const changed = change(record);
      return { ...changed, ...(status ? { status } : {}), steps: [...changed.steps, entry] };
    });
  };
  return {
    intent(step, details, change) {
      const entry = journalStep(now, step, 'pending');
      if (idempotencyKey !== undefined) entry.idempotencyKey = idempotencyKey;
      if (details?.usedPaymentMethods) entry.usedPaymentMethods = details.usedPaymentMethods;
      if (details?.card) entry.card = true;
      return append(entry, undefined, change);
    },
    outcome(step, reported, options = {}) {
      const entry = journalStep(now, step, options.refused ? 'refused' : 'ok', reported);
      return append(entry, options.sessionStatus ?? caratStatus(reported), options.change);
    },
    failure(step, error, change) {
      const refused = error instanceof GatewayFailure && !error.outcomeUnknown;
      const entry = journalStep(now, step, refused ? 'refused' : 'unknown', error instanceof GatewayFailure ? error.caratStatus : undefined);
      if (refused && error.esitefCode !== undefined) entry.esitefCode = error.esitefCode;
      return append(entry, undefined, change);
    },
  };
}

/**
 * The last money step whose outcome still stands: a later successful status query settles an
 * unknown one (Carat said what happened), and anything before it no longer matters.
 */
function openMoneyStep(record: SessionRecord): StepOutcome | undefined {
  for (let i = record.steps.length - 1; i >= 0; i--) {
    const entry = record.steps[i]!;
    if (entry.step === 'status' && entry.outcome === 'ok') return undefined;
    if (!MONEY_STEPS.has(entry.step)) continue;
    // A refused or answered call is over: Carat told us its effect.
    return entry.outcome === 'pending' || entry.outcome === 'unknown' ? entry : undefined;
  }
  return undefined;
}

/** The attempt's intent: the latest journaled intent of a money step (do, confirm or undo). */
export function lastIntent(record: SessionRecord): StepOutcome | undefined {
  return record.steps.findLast((entry) => MONEY_STEPS.has(entry.step) && entry.outcome === 'pending');
}

/** True when Carat may hold a pending recharge for this session (PPC, or a money call whose effect is unknown). */
export function needsRecovery(record: SessionRecord): boolean {
  if (record.abandonedAt !== undefined) return false;
  return record.status === 'PPC' || openMoneyStep(record) !== undefined;
}

/** The session if it still needs recovery, read fresh from the store (a flow may have settled it). */
export async function unsettledSession(store: SessionStore, sessionId: string): Promise<SessionRecord | undefined> {
  const session = await store.get(sessionId);
  return session && needsRecovery(session) ? session : undefined;
}

/** Carat's business code when the last step is a status query that Carat itself refused. */
export function refusedStatusCode(record: SessionRecord | undefined): string | undefined {
  const last = record?.steps.at(-1);
  return last?.step === 'status' && last.outcome === 'refused' ? last.esitefCode : undefined;
}

/** Do-recharges of this session that carried a card to Carat (each one's intent was journaled just before it was sent). */
export function cardAttempts(record: SessionRecord): number {
  return record.steps.filter((entry) => entry.step === 'do' && entry.outcome === 'pending' && entry.card).length;
}
