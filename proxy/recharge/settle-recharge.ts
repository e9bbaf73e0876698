/**
 * After do-recharge: every transaction that may have reached PPC is confirmed or undone here
 * (§3.6: never leave a PPC behind). Each confirm or undo is journaled as an intent (`pending`)
 * before it is sent, so a crash mid-call leaves recovery enough to finish the job. When the
 * gateway's answer is unusable, the status query tells what really happened before we decide:
 * a call that moves money is never repeated blindly.
 */
import type { CaratStatus } from '../browser-api.ts';
import type { ConfirmOptions } from '../carat/client.ts';
import { GatewayFailure } from '../carat/http.ts';
import type { ConfirmRechargeResponse, RechargeStatusResponse } from '../carat/responses.ts';
import type { GatewayStep, SessionRecord, StepOutcome } from '../store/session-store.ts';
import { caratStatus, stepOutcome, type RechargeDeps } from './recharge-deps.ts';

/** One browser attempt on a session: its money steps carry the attempt's Idempotency-Key. */
export interface Attempt {
  session: SessionRecord;
  idempotencyKey?: string | undefined;
}

export interface Settlement {
  /** Carat's status after settling; undefined when it could not be learned (the outcome stays unknown). */
  status: CaratStatus | undefined;
  confirmation?: ConfirmRechargeResponse;
  /** The gateway failure that left the outcome unknown, when there was one. */
  failure?: GatewayFailure;
}

/** Appends step outcomes to the session as they happen, so a crash leaves a trail. */
export function stepRecorder(deps: RechargeDeps, session: SessionRecord) {
  return async (entry: StepOutcome, status?: CaratStatus) => {
    await deps.store.update(session.id, (record) => ({ ...record, ...(status ? { status } : {}), steps: [...record.steps, entry] }));
  };
}

/** Journals that a money call is about to be sent: written (and synced) before the call goes out. */
export async function journalIntent(deps: RechargeDeps, attempt: Attempt, step: GatewayStep, usedPaymentMethods?: string[]): Promise<void> {
  const entry = stepOutcome(deps, step, 'pending');
  if (attempt.idempotencyKey !== undefined) entry.idempotencyKey = attempt.idempotencyKey;
  if (usedPaymentMethods) entry.usedPaymentMethods = usedPaymentMethods;
  await stepRecorder(deps, attempt.session)(entry);
}

/** Carat's own word on the transaction (§3.7), journaled; undefined when it cannot be had. */
export async function queryStatus(deps: RechargeDeps, session: SessionRecord): Promise<RechargeStatusResponse | undefined> {
  const record = stepRecorder(deps, session);
  try {
    const response = await deps.carat.getRechargeStatus(session.nit);
    await record(stepOutcome(deps, 'status', 'ok', response.status), caratStatus(response.status));
    return response;
  } catch (error) {
    const refused = error instanceof GatewayFailure && !error.outcomeUnknown;
    const entry = stepOutcome(deps, 'status', refused ? 'refused' : 'unknown');
    if (refused && error.esitefCode !== undefined) entry.esitefCode = error.esitefCode;
    await record(entry);
    return undefined;
  }
}

async function sendConfirmation(deps: RechargeDeps, attempt: Attempt, options: ConfirmOptions): Promise<Settlement> {
  const { session } = attempt;
  const record = stepRecorder(deps, session);
  const step = options.confirm ? 'confirm' : 'undo';
  await journalIntent(deps, attempt, step, options.usedPaymentMethods);
  try {
    const confirmation = await deps.carat.confirmRecharge(session.nit, options);
    const status = caratStatus(confirmation.status) ?? (options.confirm ? 'CON' : 'PPN');
    await record(stepOutcome(deps, step, 'ok', confirmation.status), status);
    return { status, confirmation };
  } catch (error) {
    if (!(error instanceof GatewayFailure)) throw error;
    await record(stepOutcome(deps, step, error.outcomeUnknown ? 'unknown' : 'refused', error.caratStatus));
    // Either way, only Carat's own status tells whether the confirmation or undo took effect.
    const response = await queryStatus(deps, session);
    return { status: caratStatus(response?.status), failure: error };
  }
}

/** Confirms a PPC recharge; if that cannot be done, undoes it; a PPC is never left by choice. */
export async function confirmRecharge(deps: RechargeDeps, attempt: Attempt, usedPaymentMethods?: string[]): Promise<Settlement> {
  const options: ConfirmOptions = { confirm: true, ...(usedPaymentMethods ? { usedPaymentMethods } : {}) };
  const settled = await sendConfirmation(deps, attempt, options);
  if (settled.status !== 'PPC') return settled;
  // Still pending after a failed confirmation (the query said so): one more confirmation, then undo.
  const retried = await sendConfirmation(deps, attempt, options);
  return retried.status === 'PPC' ? undoRecharge(deps, attempt) : retried;
}

/** Undoes whatever the do-recharge may have done; a transaction that never left NOV stays as it is. */
export async function undoRecharge(deps: RechargeDeps, attempt: Attempt): Promise<Settlement> {
  return sendConfirmation(deps, attempt, { confirm: false });
}
