/**
 * Resolves one unsettled session (store/session-store.ts needsRecovery): a PPC, or a money call
 * whose effect we never learned because the proxy died or Carat did not answer.
 *
 * Policy: ask Carat first (GET /v3/recharge/{nit}, §3.7), then honour the last journaled intent.
 * - PPC and a confirmation was intended (the do had answered PPC and passed our checks, so the
 *   shopper was about to get the top-up): confirm again (confirmRecharge: retry once, then undo).
 * - PPC and only the do (or an undo) was intended: the shopper never saw success, so undo.
 * - anything else (NOV, AGU, CON, PPN, NEG, EXP, …): Carat already settled it; record and stop.
 * - the query fails: leave it journaled; the next pass tries again. Except when Carat refused it as
 *   a NIT it does not know and the session is older than RECOVERY_ABANDON_AFTER_MS (a day): it is given up
 *   (unknown-transaction.ts says why that is safe).
 * A final CON, PPN or NEG is stored as the answer to the attempt's Idempotency-Key, so the
 * browser's retry of that attempt gets it instead of an error.
 */
import type { CaratStatus, RechargeResult } from '../browser-api.ts';
import { caratStatus, type RechargeDeps } from '../recharge/recharge-deps.ts';
import { finalResult, UNDONE } from '../recharge/recharge-result.ts';
import { confirmRecharge, queryStatus, undoRecharge, type Attempt, type Settlement } from '../recharge/settle-recharge.ts';
import { lastIntent, needsRecovery, type SessionRecord } from '../store/session-store.ts';
import { abandonIfUnknownToCarat } from './unknown-transaction.ts';

export type RecoveryOutcome = 'confirmed' | 'undone' | 'already settled' | 'abandoned' | 'unresolved';

const FINAL_ANSWERS = new Set<CaratStatus>(['CON', 'PPN', 'NEG']);

const MESSAGES: Partial<Record<CaratStatus, string>> = {
  PPN: UNDONE,
  NEG: 'The recharge was denied.',
};

async function settle(deps: RechargeDeps, attempt: Attempt, intent: ReturnType<typeof lastIntent>): Promise<Settlement> {
  if (intent?.step === 'confirm') return confirmRecharge(deps, attempt, intent.usedPaymentMethods);
  return undoRecharge(deps, attempt);
}

function outcomeOf(wasPending: boolean, status: CaratStatus | undefined): RecoveryOutcome {
  if (status === undefined || status === 'PPC') return 'unresolved';
  if (!wasPending) return 'already settled';
  return status === 'CON' ? 'confirmed' : 'undone';
}

export async function recoverSession(deps: RechargeDeps, session: SessionRecord): Promise<RecoveryOutcome> {
  const intent = lastIntent(session);
  const attempt: Attempt = { session, idempotencyKey: intent?.idempotencyKey };
  const evidence = await queryStatus(deps, session);
  if (!evidence) return (await abandonIfUnknownToCarat(deps, session)) ? 'abandoned' : 'unresolved';
  const found = caratStatus(evidence.status);
  if (found === undefined) return 'unresolved';

  const settled = found === 'PPC' ? await settle(deps, attempt, intent) : { status: found };
  const status = settled.status;
  if (status !== undefined && FINAL_ANSWERS.has(status) && attempt.idempotencyKey !== undefined) {
    const result: RechargeResult = finalResult(settled, evidence, session.amountCents ?? 0, MESSAGES[status]);
    await deps.store.putResult(session.id, attempt.idempotencyKey, { httpStatus: 200, body: result });
  }
  return outcomeOf(found === 'PPC', status);
}

/** Whether a session still needs recovery, read fresh from the store (a flow may have settled it). */
export async function stillUnsettled(deps: RechargeDeps, sessionId: string): Promise<SessionRecord | undefined> {
  const session = await deps.store.get(sessionId);
  return session && needsRecovery(session) ? session : undefined;
}
