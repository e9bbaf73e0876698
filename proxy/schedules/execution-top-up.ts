/**
 * One top-up per confirmed charge (issue 10): the saved dealer, phone and amount as a normal
 * recharge without a card — create → branch data → do → confirm through the same journal,
 * settlement and recovery as any recharge (recharge/). The session is opened paid by the schedule
 * (SessionGrant.paidBy), so the confirmation's used_payment_methods say it was the card.
 *
 * Exactly once, even with repeated or racing notices and a crash anywhere:
 * - in this process, one run per execution at a time (a second caller joins the first); between
 *   processes sharing PostgreSQL, the execution's claim (ScheduleStore.holdExecution) makes a
 *   second instance stand back while the first runs, and lets one take over once a dead one's lapses;
 * - the execution row (keyed by Carat's NIT) counts the attempt and names its recharge session
 *   before the do-recharge is sent; a later run first asks that session's journal what happened
 *   (settling it as recovery would) and starts a new attempt only when it ended without a top-up
 *   (undone, denied, never sent). A top-up Carat confirmed is never started again.
 * A failed attempt is retried at once, then with a doubling wait (TopUpRetry); after maxAttempts
 * the execution is `attention`: an error line with the schedule's token hash, listed for the
 * merchant (attention.ts), who owes the shopper a top-up or a refund.
 */
import { randomBytes } from 'node:crypto';
import { doRecharge } from '../recharge/do-recharge.ts';
import { startRecharge } from '../recharge/catalogue/start-recharge.ts';
import { settleFromJournal } from '../recharge/settlement.ts';
import { needsRecovery, unsettledSession } from '../store/journal.ts';
import type { ScheduleState as CaratSchedule } from '../carat/schedule-client.ts';
import { recordListed } from './execution-record.ts';
import type { ScheduleDeps } from './schedule-deps.ts';
import type { ExecutionRecord, ExecutionState, ScheduleRecord } from './schedule-store.ts';

type AttemptOutcome = 'done' | 'failed' | 'unsettled';
type Step = { next: 'again' } | { next: 'stop'; state: ExecutionState | undefined };

const stop = (state: ExecutionState | undefined): Step => ({ next: 'stop', state });

/** Tops up this execution if it is owed one and may be tried now; the state it is left in. */
export function topUpExecution(deps: ScheduleDeps, nit: string): Promise<ExecutionState | undefined> {
  const running = deps.topUpsInFlight.get(nit) as Promise<ExecutionState | undefined> | undefined;
  if (running) return running;
  const steps = async () => {
    for (;;) {
      const step = await topUpStep(deps, nit);
      if (step.next === 'stop') return step.state;
    }
  };
  const run = (async () => {
    if (!deps.store.holdExecution) return steps();
    // Another instance runs it now: its run decides; this one reports the state as stored.
    const held = await deps.store.holdExecution(nit, steps);
    if (held.ran) return held.value;
    if (held.lost) deps.recharge.logger.warn('schedule top-up stalled and lost the claim on its charge to another instance, which tops it up; this one stands back');
    return (await deps.store.getExecution(nit))?.state;
  })().finally(() => deps.topUpsInFlight.delete(nit));
  deps.topUpsInFlight.set(nit, run);
  return run;
}

async function topUpStep(deps: ScheduleDeps, nit: string): Promise<Step> {
  const execution = await deps.store.getExecution(nit);
  if (!execution || execution.state !== 'charged') return stop(execution?.state);
  const schedule = await deps.store.getSchedule(execution.scheduleId);
  if (!schedule) return stop(execution.state);
  if (execution.sessionId !== undefined) {
    const earlier = await attemptOutcome(deps, execution.sessionId);
    if (earlier === 'unsettled') return stop('charged');
    if (earlier === 'done') return stop((await toppedUp(deps, nit)).state);
    return afterFailure(deps, schedule, execution, 'the top-up ended without topping up (refused or undone)');
  }
  if (execution.nextAttemptAt !== undefined && deps.recharge.now() < execution.nextAttemptAt) return stop('charged');
  return attempt(deps, schedule, execution);
}

/** What the attempt's session did: its journal, settled first as recovery would when it is open. */
async function attemptOutcome(deps: ScheduleDeps, sessionId: string): Promise<AttemptOutcome> {
  const r = deps.recharge;
  let session = await r.store.get(sessionId);
  if (!session) return 'failed';
  if (needsRecovery(session)) {
    // Recovery may hold the session right now: then it is not ours to settle, and a later pass looks again.
    await deps.flows.recover(sessionId, async () => {
      const unsettled = await unsettledSession(r.store, sessionId);
      return unsettled ? settleFromJournal(r, unsettled) : undefined;
    }).catch(() => undefined);
    session = await r.store.get(sessionId);
    if (!session || needsRecovery(session)) return 'unsettled';
  }
  return session.status === 'CON' ? 'done' : 'failed';
}

async function attempt(deps: ScheduleDeps, schedule: ScheduleRecord, execution: ExecutionRecord): Promise<Step> {
  const r = deps.recharge;
  const { nit } = execution;
  // Counted before anything is sent: a run that dies here has still used an attempt.
  const counted = await deps.store.updateExecution(nit, (stored) => withoutWait({ ...stored, attempts: stored.attempts + 1, updatedAt: isoNow(deps) }));
  let sessionId: string;
  try {
    sessionId = (await startRecharge(r, 'normal')).id;
    await r.store.update(sessionId, (record) => ({
      ...record,
      grant: {
        jti: `schedule-${randomBytes(8).toString('hex')}`,
        orderId: schedule.orderId,
        maxAmountCents: schedule.chargeCents,
        dealerCode: schedule.dealerCode,
        phone: schedule.phone,
        paidBy: 'schedule',
      },
    }));
    // The session is named on the row before its do-recharge can be sent.
    await deps.store.updateExecution(nit, (stored) => ({ ...stored, sessionId, updatedAt: isoNow(deps) }));
  } catch (error) {
    return afterFailure(deps, schedule, counted, reasonOf(error));
  }
  const key = `schedule-top-up-${counted.attempts}`;
  const body = { dealerCode: schedule.dealerCode, phone: schedule.phone, amountCents: schedule.amountCents };
  let reason: string;
  try {
    const answer = await deps.idempotent(sessionId, key, body, () => doRecharge(r, sessionId, body, key));
    if (answer.httpStatus === 200 && answer.body.status === 'CON') return stop((await toppedUp(deps, nit)).state);
    reason = answer.httpStatus === 200 ? `the top-up ended ${answer.body.status}` : 'pending';
  } catch (error) {
    reason = reasonOf(error);
  }
  // Whatever the answer said, the session's journal decides: open → later; done → done; else a failure.
  const outcome = await attemptOutcome(deps, sessionId);
  if (outcome === 'unsettled') return stop('charged');
  if (outcome === 'done') return stop((await toppedUp(deps, nit)).state);
  return afterFailure(deps, schedule, await deps.store.getExecution(nit) ?? counted, reason);
}

async function toppedUp(deps: ScheduleDeps, nit: string): Promise<ExecutionRecord> {
  return deps.store.updateExecution(nit, (stored) => withoutWait({ ...stored, state: 'topped_up', updatedAt: isoNow(deps) }));
}

/** The first failure is retried at once, later ones after a doubling wait; past maxAttempts, attention. */
async function afterFailure(deps: ScheduleDeps, schedule: ScheduleRecord, execution: ExecutionRecord, reason: string): Promise<Step> {
  const { maxAttempts, firstDelayMs } = deps.topUpRetry;
  const attention = execution.attempts >= maxAttempts;
  const waitMs = execution.attempts <= 1 ? 0 : firstDelayMs * 2 ** (execution.attempts - 2);
  const updated = await deps.store.updateExecution(execution.nit, (stored) => {
    const { sessionId: _done, ...rest } = stored;
    return {
      ...rest,
      state: attention ? 'attention' : 'charged',
      lastError: reason.slice(0, 200),
      ...(attention || waitMs === 0 ? {} : { nextAttemptAt: deps.recharge.now() + waitMs }),
      updatedAt: isoNow(deps),
    };
  });
  if (attention) {
    deps.recharge.logger.error(
      { schedule: schedule.tokenHash, date: updated.date, chargeCents: updated.chargeCents, attempts: updated.attempts, reason: updated.lastError },
      'schedule charge confirmed but its top-up failed after every retry (attention): the merchant owes the shopper a top-up or a refund',
    );
    return stop('attention');
  }
  deps.recharge.logger.warn({ schedule: schedule.tokenHash, attempts: updated.attempts, reason: updated.lastError }, 'schedule top-up failed; it will be retried');
  return waitMs === 0 ? { next: 'again' } : stop('charged');
}

function withoutWait(record: ExecutionRecord): ExecutionRecord {
  const { nextAttemptAt: _wait, ...rest } = record;
  return rest;
}

const isoNow = (deps: ScheduleDeps) => new Date(deps.recharge.now()).toISOString();
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : 'unexpected error');

/** Records the charges Carat lists for a schedule now closed, and starts the top-ups they are owed (idle() and shutdown wait for them). */
export async function topUpCharged(deps: ScheduleDeps, schedule: ScheduleRecord, reported: CaratSchedule): Promise<void> {
  const outcomes = await recordListed(deps, schedule, reported.executions);
  reported.executions.forEach((execution, index) => {
    if (outcomes[index] !== 'charged') return;
    topUpExecution(deps, execution.nit).catch((error: unknown) => {
      deps.recharge.logger.error({ err: error instanceof Error ? error.name : 'error' }, 'schedule top-up failed to start; the reconciliation will retry it');
    });
  });
}
