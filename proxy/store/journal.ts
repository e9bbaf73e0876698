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
import { fenceMoneyCall } from './lease-fence.ts';
import type { GatewayStep, MoneyStep, PaymentStep, SessionRecord, SessionStore, StepOutcome } from './session-store.ts';

const MONEY_STEPS: ReadonlySet<GatewayStep> = new Set<MoneyStep>(['do', 'confirm', 'undo']);
/** The REST Payment calls that may move money (the creation only names a transaction, it charges nothing). */
const PAYMENT_MONEY_STEPS: ReadonlySet<GatewayStep> = new Set<PaymentStep>(['payment_pay', 'payment_confirm', 'payment_undo']);
/** Every REST Payment step: what Carat reports on them is the payment's status, never the recharge's. */
const PAYMENT_STEPS: ReadonlySet<GatewayStep> = new Set<PaymentStep>(['payment_create', 'payment_pay', 'payment_confirm', 'payment_undo', 'payment_status']);
/** Lookups report the transaction's status too, but may run after a money step: they never set the session's. */
const LOOKUP_STEPS: ReadonlySet<GatewayStep> = new Set<GatewayStep>(['create', 'list_dealers', 'list_branch_data']);

/** Carat's final states (settlement.ts, rule 3): nothing can change after them. */
export const FINAL_STATUSES: ReadonlySet<CaratStatus> = new Set<CaratStatus>(['CON', 'PPN', 'NEG', 'INV', 'EXP', 'EST', 'CAN']);

export function isFinalStatus(status: CaratStatus | undefined): status is CaratStatus {
  return status !== undefined && FINAL_STATUSES.has(status);
}

/**
 * A status answer that closes an open money step: a final state; PPC (the session's status then
 * keeps it unsettled until it is confirmed or undone); AGU (Carat holds the do and waits for the
 * shopper's TV package: nothing is pending confirmation). NOV after a lost do does not: Carat may
 * still process the call it received (rule 3).
 */
const closesMoneyStep = (reported: string | undefined) => {
  const status = caratStatus(reported);
  return isFinalStatus(status) || status === 'PPC' || status === 'AGU';
};

/** Other fields of the session written in the same journal write as the step (one fsync, not two). */
export type RecordChange = (record: SessionRecord) => SessionRecord;

export interface SessionJournal {
  /** Before a money call is sent: its intent, with the attempt's Idempotency-Key. */
  intent(step: MoneyStep | PaymentStep, details?: Pick<StepOutcome, 'usedPaymentMethods' | 'card'>, change?: RecordChange): Promise<void>;
  /**
   * Carat answered: the step is `ok` (or `refused` when its answer refused), with the status Carat
   * reported; that status (or `sessionStatus`) becomes the session's when it is one we know.
   * `effectUnknown`: answered, but in words that do not tell what took effect (a confirm or undo
   * answered with a non-final status, settlement.ts rule 6): the step stays `unknown` and the
   * session keeps its status, so only a status query can close it.
   */
  outcome(step: GatewayStep, reported: string | undefined, options?: { refused?: boolean; effectUnknown?: boolean; sessionStatus?: CaratStatus; change?: RecordChange }): Promise<void>;
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
    async intent(step, details, change) {
      // A flow that lost its session's lease to another process's recovery sends nothing more (lease-fence.ts).
      await fenceMoneyCall(sessionId);
      const entry = journalStep(now, step, 'pending');
      if (idempotencyKey !== undefined) entry.idempotencyKey = idempotencyKey;
      if (details?.usedPaymentMethods) entry.usedPaymentMethods = details.usedPaymentMethods;
      if (details?.card) entry.card = true;
      return append(entry, undefined, change);
    },
    outcome(step, reported, options = {}) {
      const entry = journalStep(now, step, options.effectUnknown ? 'unknown' : options.refused ? 'refused' : 'ok', reported);
      if (PAYMENT_STEPS.has(step)) {
        // The payment's own status, kept apart: the session's status stays the recharge's.
        const known = !options.effectUnknown && reported !== undefined;
        return append(entry, undefined, (record) => {
          const changed = options.change ? options.change(record) : record;
          return known && changed.cardPayment ? { ...changed, cardPayment: { ...changed.cardPayment, status: reported } } : changed;
        });
      }
      // A branch lookup during a pending recharge must not turn its PPC back into NOV (rule 6).
      const status = LOOKUP_STEPS.has(step) || options.effectUnknown ? undefined : (options.sessionStatus ?? caratStatus(reported));
      return append(entry, status, options.change);
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
 * The last money step whose outcome still stands: a later status answer that closes it (Carat said
 * what happened) settles an unknown one, and anything before it no longer matters.
 */
function openMoneyStep(record: SessionRecord): StepOutcome | undefined {
  for (let i = record.steps.length - 1; i >= 0; i--) {
    const entry = record.steps[i]!;
    if (entry.step === 'status' && entry.outcome === 'ok' && closesMoneyStep(entry.caratStatus)) return undefined;
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

/**
 * The card payment's last money step whose outcome still stands (payment_pay, payment_confirm,
 * payment_undo pending or unknown), unless a later payment status answer closed it: PPC or a final
 * state. NOV does not: a lost payment call may still be processed.
 */
function openPaymentStep(record: SessionRecord): StepOutcome | undefined {
  for (let i = record.steps.length - 1; i >= 0; i--) {
    const entry = record.steps[i]!;
    if (entry.step === 'payment_status' && entry.outcome === 'ok' && entry.caratStatus !== 'NOV') return undefined;
    if (!PAYMENT_MONEY_STEPS.has(entry.step)) continue;
    return entry.outcome === 'pending' || entry.outcome === 'unknown' ? entry : undefined;
  }
  return undefined;
}

/** The recharge's last money call (do, confirm, undo) has an outcome nobody knows yet. */
export const rechargeCallOpen = (record: SessionRecord): boolean => openMoneyStep(record) !== undefined;

/** The card payment's last money call (pay, confirm, undo) has an outcome nobody knows yet. */
export const paymentCallOpen = (record: SessionRecord): boolean => openPaymentStep(record) !== undefined;

/** True when Carat may hold the session's card payment authorized (PPC) or its last payment call's effect is unknown. */
export function paymentNeedsRecovery(record: SessionRecord): boolean {
  if (!record.cardPayment) return false;
  return record.cardPayment.status === 'PPC' || openPaymentStep(record) !== undefined;
}

/**
 * Every step that is, or belongs to, a money call: the recharge's (do, confirm, undo) and all of a
 * card payment's. A session with none of them in its journal never reached a recharge or a charge.
 */
export const STEPS_TOWARD_MONEY: readonly GatewayStep[] = [
  'do', 'confirm', 'undo', 'payment_create', 'payment_pay', 'payment_confirm', 'payment_undo', 'payment_status',
];

/** The session never journaled a money call nor opened a card payment: forgetting it loses nothing Carat holds. */
export function neverReachedMoney(record: SessionRecord): boolean {
  return record.cardPayment === undefined && !record.steps.some((entry) => STEPS_TOWARD_MONEY.includes(entry.step));
}

/** True when Carat may hold a pending recharge for this session (PPC, or a money call whose effect is unknown), or its card payment is. */
export function needsRecovery(record: SessionRecord): boolean {
  if (record.abandonedAt !== undefined || record.attention !== undefined) return false;
  return record.status === 'PPC' || openMoneyStep(record) !== undefined || paymentNeedsRecovery(record);
}

/** True when a do-recharge was journaled since the card payment's creation: the recharge side may hold money for this attempt. */
export function rechargeSentSincePayment(record: SessionRecord): boolean {
  const created = record.steps.findLastIndex((entry) => entry.step === 'payment_create' && entry.outcome === 'pending');
  return record.steps.slice(created + 1).some((entry) => entry.step === 'do' && entry.outcome === 'pending');
}

/** Whether this attempt's payment confirmation was journaled (intended) since the payment's creation. */
export function paymentConfirmIntended(record: SessionRecord): boolean {
  const created = record.steps.findLastIndex((entry) => entry.step === 'payment_create' && entry.outcome === 'pending');
  return record.steps.slice(created + 1).some((entry) => entry.step === 'payment_confirm' && entry.outcome === 'pending');
}

/** The browser attempt behind the session's latest money call, recharge or payment: whose answer recovery stores. */
export function attemptKey(record: SessionRecord): string | undefined {
  return record.steps.findLast((entry) => (MONEY_STEPS.has(entry.step) || PAYMENT_STEPS.has(entry.step)) && entry.outcome === 'pending')?.idempotencyKey;
}

/** The session if it still needs recovery, read fresh from the store (a flow may have settled it). */
export async function unsettledSession(store: SessionStore, sessionId: string): Promise<SessionRecord | undefined> {
  const session = await store.get(sessionId);
  return session && needsRecovery(session) ? session : undefined;
}

/** The status queries Carat itself refused since it last answered one: how many, from when, and its last code. */
export interface RefusalRun {
  count: number;
  firstAt: string;
  esitefCode?: string;
}

/** The run of refused status queries since Carat last answered one (failures without an answer neither count nor break it). */
export function refusedStatusRun(record: SessionRecord | undefined): RefusalRun | undefined {
  let run: RefusalRun | undefined;
  for (const entry of [...(record?.steps ?? [])].reverse()) {
    if (entry.step !== 'status') continue;
    if (entry.outcome === 'ok') break;
    if (entry.outcome !== 'refused') continue;
    // Walking backwards: the code kept is the latest one, the time the earliest.
    run = run ? { ...run, count: run.count + 1, firstAt: entry.at } : { count: 1, firstAt: entry.at, ...(entry.esitefCode ? { esitefCode: entry.esitefCode } : {}) };
  }
  return run;
}

/**
 * How many status answers said NOV since the last money step, and when the last one came: a do
 * whose answer was lost is queried again with backoff while Carat still reports it new (rule 3).
 */
export function newAnswersSinceMoneyStep(record: SessionRecord): { count: number; lastAt?: string } {
  let count = 0;
  let lastAt: string | undefined;
  for (let i = record.steps.length - 1; i >= 0; i--) {
    const entry = record.steps[i]!;
    if (MONEY_STEPS.has(entry.step)) break;
    if (entry.step === 'status' && entry.outcome === 'ok' && entry.caratStatus === 'NOV') {
      count += 1;
      lastAt ??= entry.at;
    }
  }
  return lastAt === undefined ? { count } : { count, lastAt };
}

/** Do-recharges and REST payments of this session that carried a card to Carat (each one's intent was journaled just before it was sent). */
export function cardAttempts(record: SessionRecord): number {
  return record.steps.filter((entry) => (entry.step === 'do' || entry.step === 'payment_pay') && entry.outcome === 'pending' && entry.card).length;
}
