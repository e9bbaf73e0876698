/**
 * An execution Carat itself reports (GET /v1/transactions/{nit} after a notice, or GET
 * /v1/schedules/{sid} in the reconciliation) recorded once, by its NIT: CON → `charged` (a top-up
 * is owed), NEG → `denied` (nothing charged, no top-up), CON of another amount than agreed →
 * `attention` (the merchant decides). A NIT already recorded is left as it is
 * (the first record wins), so a repeated or racing report changes nothing. Only what Carat said is
 * recorded: a notice's own claim never is (status-notice.ts). A charge not final yet (PEN, PPC, …)
 * is not recorded (`not final`): whoever was told of it keeps asking Carat until it is.
 */
import type { ScheduleDeps } from './schedule-deps.ts';
import { isoDay } from './repeat-rules.ts';
import { isOpenSchedule, type ScheduleRecord } from './schedule-store.ts';

export interface ReportedExecution {
  nit: string;
  status: string;
  amountCents?: number | undefined;
  /** YYYY-MM-DD, when Carat gives it. */
  date?: string | undefined;
}

export type RecordOutcome = 'charged' | 'denied' | 'known' | 'not final' | 'amount differs' | 'first payment';

/** Denied and other final non-charges (§5): recorded, never topped up. */
const NOT_CHARGED = new Set(['NEG', 'INV', 'EXP', 'PPN', 'EST', 'CAN', 'ABA', 'BLQ', 'ERR']);

export async function recordExecution(deps: ScheduleDeps, schedule: ScheduleRecord, reported: ReportedExecution): Promise<RecordOutcome> {
  // The first top-up now's payment was topped up with the setup (first-top-up-now.ts), never again here.
  if (reported.nit === schedule.firstPaymentNit) return 'first payment';
  const known = await deps.store.getExecution(reported.nit);
  if (known) return 'known';
  const charged = reported.status === 'CON';
  if (!charged && !NOT_CHARGED.has(reported.status)) return 'not final';
  // Carat charged another amount than agreed: no top-up is decided by the proxy alone, but money
  // was taken: recorded once as attention (ops lists it, the shopper sees it), never dropped.
  const differs = charged && reported.amountCents !== undefined && reported.amountCents !== schedule.chargeCents;
  const inserted = await deps.store.insertExecution({
    nit: reported.nit,
    scheduleId: schedule.id,
    date: reported.date ?? isoDay(deps.recharge.now()),
    chargeCents: reported.amountCents ?? schedule.chargeCents,
    state: differs ? 'attention' : charged ? 'charged' : 'denied',
    attempts: 0,
    ...(differs ? { lastError: `charged ${reported.amountCents} cents, agreed ${schedule.chargeCents}` } : {}),
    updatedAt: new Date(deps.recharge.now()).toISOString(),
  });
  if (!inserted) return 'known';
  if (differs) {
    deps.recharge.logger.error({ schedule: schedule.tokenHash, chargedCents: reported.amountCents, agreedCents: schedule.chargeCents }, 'a schedule charge differs from the agreed amount: not topped up, look into it');
    return 'amount differs';
  }
  return charged ? 'charged' : 'denied';
}

/**
 * Every charge Carat lists for a schedule, recorded once (an execution whose notice never came is
 * known only so). The reconciliation asks about open schedules alone: whoever closes one (a
 * cancellation, a notice's query showing FIN, the reconciliation's own question) records its listed
 * charges, else one charged just before would never be topped up nor flagged. A charge listed not
 * final (PEN) on a closed schedule would be lost so too: it is journaled as a notice to verify
 * (keepAsking). The outcomes, in the listing's order.
 */
export async function recordListed(deps: ScheduleDeps, schedule: ScheduleRecord, listed: readonly ReportedExecution[]): Promise<RecordOutcome[]> {
  const outcomes: RecordOutcome[] = [];
  for (const execution of listed) {
    const outcome = await recordExecution(deps, schedule, execution);
    if (outcome === 'not final' && !isOpenSchedule(schedule)) await keepAsking(deps, execution);
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * A charge not final yet is asked about again at every reconciliation pass until Carat says it is
 * (status-notice.ts leaves a notice of it unverified; unverified notices are never deleted). One
 * found only in a listing gets such a notice of its own, unless one of it awaits verification already.
 */
async function keepAsking(deps: ScheduleDeps, execution: ReportedExecution): Promise<void> {
  const waiting = await deps.store.listUnverifiedNotices();
  if (waiting.some((notice) => notice.nit === execution.nit)) return;
  await deps.store.journalNotice({ nit: execution.nit, status: execution.status, receivedAt: new Date(deps.recharge.now()).toISOString() });
}
