/** What the schedules need from outside, wired by schedule-wiring.ts (from createApp) and shared with the reconciliation. */
import type { RechargeRequest } from '../browser-api.ts';
import type { PaymentCard } from '../carat/payment-client.ts';
import type { ScheduleClient } from '../carat/schedule-client.ts';
import type { ListBranchDataResponse } from '../carat/responses.ts';
import type { AgreedAmount } from '../recharge/recharge-checks.ts';
import type { SessionRecord } from '../store/session-store.ts';
import type { StartedSchedule } from './start-schedule.ts';
import type { IdempotentRecharge } from '../recharge/idempotent-recharge.ts';
import type { RechargeDeps } from '../recharge/recharge-deps.ts';
import type { SessionFlows } from '../recharge/session-flows.ts';
import type { ScheduleRecord, ScheduleStore } from './schedule-store.ts';

export interface TopUpRetry {
  /** Top-up attempts per confirmed charge before it is marked attention. */
  maxAttempts: number;
  /** Wait after the first failed attempt; doubles after each. */
  firstDelayMs: number;
}

export const DEFAULT_TOP_UP_RETRY: TopUpRetry = { maxAttempts: 4, firstDelayMs: 60_000 };

/** A checked monthly top-up, its record stored (state `creating`, startDate today), before any money call. */
export interface ScheduleSetup {
  session: SessionRecord;
  request: RechargeRequest;
  branchData: ListBranchDataResponse;
  agreed: AgreedAmount;
  record: ScheduleRecord;
  /** Shown once in the answer (StartedSchedule.token); the record holds its hash. */
  token: string;
  card: PaymentCard;
  authorizerId: string;
}

/**
 * "First top-up now" (`repeat` without startDate): issue 8's two-phase sale with a schedule — the
 * payment with `schedule` (ScheduleClient.createScheduleWithPayment, PPC) → the recharge PPC →
 * confirm both; the schedule is ATV only once the payment is CON (§6.1) — then the record updated
 * (sid, state from applyCaratSchedule) and the answer: the RechargeResult CON with its receipt and
 * `schedule` (scheduleSummary). Unset: such a request is refused naming repeat.startDate.
 */
export type FirstTopUpNow = (deps: ScheduleDeps, setup: ScheduleSetup) => Promise<StartedSchedule>;

export interface ScheduleDeps {
  /** The recharge machinery each execution's top-up runs through (journal, settlement, recovery). */
  recharge: RechargeDeps;
  client: ScheduleClient;
  store: ScheduleStore;
  /** The recharge call's one-answer-per-key wrapper, on the app's SessionFlows. */
  idempotent: IdempotentRecharge;
  flows: SessionFlows;
  /** PUBLIC_URL, for the manage link; absent: the request's own origin. */
  publicUrl?: string | undefined;
  topUpRetry: TopUpRetry;
  /** Schedules whose setup runs in this process now: the reconciliation leaves them alone. */
  settingUp: Set<string>;
  /** Top-ups running in this process, by execution NIT: a second notice joins the first's run. */
  topUpsInFlight: Map<string, Promise<unknown>>;
  /** Wired by the two-phase sale (issue 8), when there is one; see FirstTopUpNow. */
  firstTopUpNow?: FirstTopUpNow | undefined;
  /** Notice verifications running now (after their 200): what idle() and shutdown wait for. */
  verifications: Set<Promise<unknown>>;
}

/** Settles once no notice verification or top-up runs in this process (those started meanwhile included). */
export async function schedulesIdle(deps: ScheduleDeps): Promise<void> {
  while (deps.verifications.size > 0 || deps.topUpsInFlight.size > 0) {
    await Promise.allSettled([...deps.verifications, ...deps.topUpsInFlight.values()]);
  }
}
