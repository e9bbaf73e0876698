/**
 * The periodic reconciliation of schedules (issue 10), at start and every RECOVERY_INTERVAL_MS:
 * Carat may never deliver a notice (it gives up after a few tries), and the proxy may die between a
 * notice and its top-up. Each pass:
 * 1. verifies the notices journaled but not verified yet (status-notice.ts) — those of a charge
 *    Carat reported not final included, until it is —, and deletes those verified over
 *    VERIFIED_NOTICE_RETENTION_MS ago (a flood of forged notices leaves a day of rows);
 * 2. asks Carat about every open schedule (GET /v1/schedules/{sid}): its status, count and next
 *    date, and each execution it lists, recorded once and topped up once like a notified one; an
 *    activation whose answer was lost is settled by what Carat says; a schedule that never got a
 *    SID (the proxy died before it) can charge nothing and is marked failed once SETUP_GRACE_MS old;
 *    a first top-up now still pending takes its end from its session once recovery settled it (first-top-up-now.ts);
 * 3. tops up every execution still owed one whose retry wait is over (execution-top-up.ts).
 * One pass at a time; a schedule being set up in this process right now is left alone. Every
 * instance on a shared store runs its own passes: records and top-ups stay single by the store's
 * keys and the execution's claim (ScheduleStore.holdExecution), so two passes at once add nothing
 * twice; and step 2 asks about a schedule only when no instance did within the interval
 * (ScheduleStore.claimQuery), so N instances ask Carat once per interval, not N times.
 */
import { recordListed } from './execution-record.ts';
import { settleFirstTopUp, sidOfFirstPayment } from './first-top-up-now.ts';
import { topUpExecution } from './execution-top-up.ts';
import type { ScheduleDeps } from './schedule-deps.ts';
import { applyCaratSchedule } from './schedule-sync.ts';
import type { ScheduleRecord } from './schedule-store.ts';
import { verifyNotice } from './status-notice.ts';

/**
 * A schedule with no SID this old was left by a setup that died: its creation call (at most
 * CARAT_TIMEOUT_MS) is long over. Younger, it may be in a setup on another instance (PostgreSQL).
 */
export const SETUP_GRACE_MS = 10 * 60_000;

/** A day: a verified status notice is kept that long as a log (what Carat said, what we made of it), then deleted. */
export const VERIFIED_NOTICE_RETENTION_MS = 86_400_000;

export interface ReconciliationPass {
  /** Executions newly found charged, denied, and topped up in this pass. */
  charged: number;
  denied: number;
  toppedUp: number;
  attention: number;
}

/**
 * How recently another instance's question about a schedule makes a pass skip it, for passes every
 * `intervalMs`: a little less than the interval, since a pass reaches a schedule at a varying time
 * after its tick (Carat's answers for the ones before it), and the full interval would make the
 * instance that asked last skip it at its next tick and leave it unasked for two intervals.
 */
export const askedWithin = (intervalMs: number): number => Math.floor(intervalMs * 0.9);

export interface Reconciliation {
  /**
   * One pass now (or the one running). `intervalMs`: the passes' interval across instances (default
   * start()'s, else 0: ask about every open schedule).
   */
  runOnce(intervalMs?: number): Promise<ReconciliationPass>;
  start(intervalMs: number): Promise<ReconciliationPass>;
  stop(): Promise<void>;
}

export function createReconciliation(deps: ScheduleDeps, onError: (error: unknown) => void = () => {}): Reconciliation {
  let current: Promise<ReconciliationPass> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let startedInterval = 0;

  async function askCarat(schedule: ScheduleRecord, pass: ReconciliationPass): Promise<void> {
    // A first top-up now's schedule may be found through its first payment (first-top-up-now.ts).
    const sid = schedule.sid ?? await sidOfFirstPayment(deps, schedule);
    if (sid === undefined) {
      // Its payment not answered yet: Carat may still tell; else nothing can be charged.
      if (schedule.firstPaymentNit !== undefined && schedule.firstTopUp === 'pending') return;
      // Another instance sharing the store may be setting it up right now (settingUp is per process).
      if (deps.recharge.now() - Date.parse(schedule.createdAt) < SETUP_GRACE_MS) return;
      await deps.store.updateSchedule(schedule.id, (stored) => (stored.sid === undefined ? { ...stored, state: 'failed' } : stored));
      return;
    }
    const reported = await deps.client.querySchedule(sid);
    const named = schedule.sid === undefined ? await deps.store.updateSchedule(schedule.id, (stored) => ({ ...stored, sid })) : schedule;
    const updated = await settleFirstTopUp(deps, await applyCaratSchedule(deps.store, named, reported));
    // Closed by this answer (FIN), a charge listed not final is kept asked about (recordListed).
    for (const outcome of await recordListed(deps, updated, reported.executions)) {
      if (outcome === 'charged') pass.charged += 1;
      if (outcome === 'denied') pass.denied += 1;
    }
  }

  // One process alone (a store without claimQuery) asks at every pass.
  const mayAsk = (schedule: ScheduleRecord, intervalMs: number) =>
    deps.store.claimQuery ? deps.store.claimQuery(schedule.id, askedWithin(intervalMs)) : Promise.resolve(true);

  async function pass(intervalMs: number): Promise<ReconciliationPass> {
    const result: ReconciliationPass = { charged: 0, denied: 0, toppedUp: 0, attention: 0 };
    for (const notice of await deps.store.listUnverifiedNotices()) {
      await verifyNotice(deps, notice.id, notice.nit).catch(onError);
    }
    await deps.store.forgetVerifiedNotices(new Date(deps.recharge.now() - VERIFIED_NOTICE_RETENTION_MS).toISOString()).catch(onError);
    for (const schedule of await deps.store.listOpen()) {
      if (deps.settingUp.has(schedule.id)) continue;
      // One schedule's failure (Carat unreachable) must not keep the others waiting; a mark taken
      // before a failed question lets the next interval's pass ask again.
      await mayAsk(schedule, intervalMs).then((ask) => (ask ? askCarat(schedule, result) : undefined)).catch(onError);
    }
    for (const execution of await deps.store.listOwed()) {
      const state = await topUpExecution(deps, execution.nit).catch((error: unknown) => {
        onError(error);
        return undefined;
      });
      if (state === 'topped_up') result.toppedUp += 1;
      if (state === 'attention') result.attention += 1;
    }
    return result;
  }

  const runOnce = (intervalMs = startedInterval) => {
    current ??= pass(intervalMs).finally(() => {
      current = undefined;
    });
    return current;
  };

  return {
    runOnce,
    start(intervalMs) {
      startedInterval = intervalMs;
      const first = runOnce();
      timer = setInterval(() => {
        runOnce().catch(onError);
      }, intervalMs);
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
