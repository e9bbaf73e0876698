/**
 * After do-recharge: every transaction that may have reached PPC is confirmed or undone here
 * (§3.6: never leave a PPC behind). When the gateway's answer is unusable, the status query tells
 * what really happened before we decide.
 */
import type { CaratStatus } from '../browser-api.ts';
import type { ConfirmOptions } from '../carat/client.ts';
import { GatewayFailure } from '../carat/http.ts';
import type { ConfirmRechargeResponse } from '../carat/responses.ts';
import type { SessionRecord, StepOutcome } from '../store/session-store.ts';
import { caratStatus, stepOutcome, type RechargeDeps } from './recharge-deps.ts';

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

async function queryStatus(deps: RechargeDeps, session: SessionRecord): Promise<CaratStatus | undefined> {
  const record = stepRecorder(deps, session);
  try {
    const response = await deps.carat.getRechargeStatus(session.nit);
    const status = caratStatus(response.status);
    await record(stepOutcome(deps, 'status', 'ok', response.status), status);
    return status;
  } catch (error) {
    await record(stepOutcome(deps, 'status', error instanceof GatewayFailure && !error.outcomeUnknown ? 'refused' : 'unknown'));
    return undefined;
  }
}

async function sendConfirmation(deps: RechargeDeps, session: SessionRecord, options: ConfirmOptions): Promise<Settlement> {
  const record = stepRecorder(deps, session);
  const step = options.confirm ? 'confirm' : 'undo';
  try {
    const confirmation = await deps.carat.confirmRecharge(session.nit, options);
    const status = caratStatus(confirmation.status) ?? (options.confirm ? 'CON' : 'PPN');
    await record(stepOutcome(deps, step, 'ok', confirmation.status), status);
    return { status, confirmation };
  } catch (error) {
    if (!(error instanceof GatewayFailure)) throw error;
    await record(stepOutcome(deps, step, error.outcomeUnknown ? 'unknown' : 'refused', error.caratStatus));
    // Either way, only Carat's own status tells whether the confirmation or undo took effect.
    return { status: await queryStatus(deps, session), failure: error };
  }
}

/** Confirms a PPC recharge; if that cannot be done, undoes it; a PPC is never left by choice. */
export async function confirmRecharge(deps: RechargeDeps, session: SessionRecord, usedPaymentMethods?: string[]): Promise<Settlement> {
  const settled = await sendConfirmation(deps, session, { confirm: true, ...(usedPaymentMethods ? { usedPaymentMethods } : {}) });
  if (settled.status !== 'PPC') return settled;
  // Still pending after a failed confirmation: one more confirmation, then undo.
  const retried = await sendConfirmation(deps, session, { confirm: true, ...(usedPaymentMethods ? { usedPaymentMethods } : {}) });
  return retried.status === 'PPC' ? undoRecharge(deps, session) : retried;
}

/** Undoes whatever the do-recharge may have done; a transaction that never left NOV stays as it is. */
export async function undoRecharge(deps: RechargeDeps, session: SessionRecord): Promise<Settlement> {
  return sendConfirmation(deps, session, { confirm: false });
}
