/**
 * "First top-up now" (issue 10, `repeat` without startDate): the first of N top-ups is made at once,
 * and Carat's batch makes the other N−1, monthly. Carat: a transaction with a first payment and a
 * `schedule` (§6.1 A, late confirmation), sold two-phase with the first top-up exactly as a card-paid
 * PIN is (recharge/card-payment-sale.ts, which says why the payment is confirmed first):
 *
 *   POST /v1/transactions (payment + schedule, postpone_confirmation) → POST /v1/payments/{nit} → PPC
 *   → do-recharge without card (the session paid by the schedule's card) → recharge PPC
 *   → PUT /v1/payments/{nit}?confirm=true (Carat makes the schedule ATV with it) → confirm_recharge.
 *
 * N vs N−1 (a choice: §6.2 does not say whether the first payment counts): the first payment is a
 * payment of its own, not an execution of the schedule — the schedule's `initial_date` is its first
 * execution and `number_of_times` its executions (as the sandbox models it). So Carat gets
 * `number_of_times` N−1 and `initial_date` one month after today: N charges and N top-ups in all.
 * Should Carat ever list the first payment among the executions, its NIT is on the record
 * (firstPaymentNit) and is never topped up a second time (execution-record.ts).
 *
 * A denied card: no top-up, the schedule is never active (ERR). A top-up that fails after the card
 * was authorized: the payment is undone, so Carat never activates the schedule (DES). An unknown
 * answer: 202 pending; recovery settles payment and recharge from the journal, and the
 * reconciliation then reads the schedule's fate from Carat (ATV with the payment, or DES).
 */
import { randomBytes } from 'node:crypto';
import type { RechargeRequest, RechargeResult } from '../browser-api.ts';
import { invalidRequest } from '../api-failure.ts';
import type { CreateTransaction } from '../recharge/card-payment-calls.ts';
import { DISAGREEMENT_TEXT, sellWithCard } from '../recharge/card-payment-sale.ts';
import { cardPaymentDepsOf } from '../recharge/card-payment-settlement.ts';
import { buildDoRechargeRequest } from '../recharge/do-recharge-request.ts';
import { sendDo } from '../recharge/do-recharge.ts';
import { OutcomePending, type DoContext } from '../recharge/settlement.ts';
import { needsRecovery } from '../store/journal.ts';
import type { SessionRecord } from '../store/session-store.ts';
import { cancelSchedule } from './cancel-schedule.ts';
import { isoDay } from './repeat-rules.ts';
import type { FirstTopUpNow, ScheduleDeps } from './schedule-deps.ts';
import { applyCaratSchedule } from './schedule-sync.ts';
import type { ScheduleRecord } from './schedule-store.ts';
import { newScheduleToken, hashScheduleToken } from './schedule-token.ts';
import { scheduleSummary } from './schedule-view.ts';

const EMPTY_RECEIPT = { customer: '', merchant: '' };
const SOFT_DESCRIPTOR = 'Recarga';

/** The same day `months` later, or that month's last day when it is shorter (31 Jan → 28 Feb). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(date, lastDay));
  return isoDay(first.getTime());
}

/** The shopper's session as the first top-up's do and confirmation see it: paid by the schedule's card (used_payment_methods 03). */
function paidBySchedule(session: SessionRecord, record: ScheduleRecord): SessionRecord {
  return {
    ...session,
    dealerCode: record.dealerCode,
    // In this attempt only, never stored: the session stays a card-paid one (a retry after a denied card must not meet a grant).
    grant: { jti: `schedule-${record.id}`, orderId: record.orderId, maxAmountCents: record.chargeCents, dealerCode: record.dealerCode, phone: record.phone, paidBy: 'schedule' },
  };
}

export const firstTopUpNow: FirstTopUpNow = async (deps, setup) => {
  const r = deps.recharge;
  const cardDeps = cardPaymentDepsOf(r);
  if (!cardDeps) throw invalidRequest('repeat.startDate', 'first top-up now needs REST Payment (CARAT_API_URL); send a startDate');
  const { record, request, agreed, branchData } = setup;
  const idempotencyKey = record.attemptKey ?? randomBytes(16).toString('base64url');
  const session = paidBySchedule(setup.session, record);
  const { payment, repeat: _repeat, ...goods } = request;
  const withoutPayment: RechargeRequest = goods;
  // Built before the card is charged: a request that cannot be built costs nothing.
  const doRequest = buildDoRechargeRequest(session, withoutPayment, branchData, agreed, r);
  const context: DoContext = { attempt: { session, idempotencyKey }, request: withoutPayment, agreed, branchData };
  const firstExecution = addMonths(record.startDate, 1);

  const create: CreateTransaction = async (ids) => {
    const created = await deps.client.createScheduleWithPayment({
      orderId: ids.orderId,
      merchantUsn: ids.merchantUsn,
      firstPaymentCents: ids.amountCents,
      schedule: { amountCents: record.chargeCents, initialDate: firstExecution, numberOfTimes: record.times - 1, interval: 1, softDescriptor: SOFT_DESCRIPTOR },
    });
    // Named before the card goes out: from here the schedule's fate is asked about (reconciliation), never set up again.
    await deps.store.updateSchedule(record.id, (stored) => ({
      ...stored,
      ...(created.sid ? { sid: created.sid } : {}),
      firstPaymentNit: created.nit,
      firstTopUp: 'pending',
      state: 'activating',
      caratStatus: created.scheduleStatus ?? 'NOV',
      nextDate: firstExecution,
    }));
    return { nit: created.nit, status: created.status };
  };

  let sold;
  try {
    sold = await sellWithCard(cardDeps, {
      session: setup.session, idempotencyKey, payment: payment!, amountCents: agreed.paymentAmountCents,
      transaction: { orderId: record.orderId, create },
    }, {
      run: (confirmPaymentFirst) => sendDo(r, { ...context, beforeConfirm: confirmPaymentFirst }, doRequest, false),
      delivered: (result) => result.status === 'CON',
      status: (result) => result.status,
    });
  } catch (error) {
    // Pending: recovery settles the sale, the reconciliation the schedule. Else the schedule is what
    // Carat says; unasked, it waits for the reconciliation (the payment may have been taken) unless it never reached Carat.
    if (!(error instanceof OutcomePending)) await syncWithCarat(deps, record.id, 'activating');
    throw error;
  }

  if (sold.kind === 'denied') {
    await r.cardGuard.declined();
    const failed = await deps.store.updateSchedule(record.id, (stored) => ({ ...stored, state: 'failed', firstTopUp: 'failed' }));
    const message = `The card was denied, so nothing was topped up and no monthly top-up was set up: ${sold.message}`;
    return { result: { status: 'NEG', receipt: EMPTY_RECEIPT, payment: sold.payment, message, schedule: scheduleSummary(failed) } };
  }
  const toppedUp = sold.result.status === 'CON';
  await deps.store.updateSchedule(record.id, (stored) => ({ ...stored, firstTopUp: toppedUp ? 'topped_up' : 'failed' }));
  let current = await syncWithCarat(deps, record.id, sold.payment.status === 'CON' ? 'activating' : 'failed');
  if (!toppedUp && current.state === 'active') current = await withdraw(deps, current);
  const result: RechargeResult = {
    ...sold.result,
    payment: sold.payment,
    ...(sold.attention ? { message: DISAGREEMENT_TEXT } : {}),
    schedule: scheduleSummary(current),
  };
  const manageable = current.state === 'active' || current.state === 'activating' || (current.state === 'cancelled' && sold.attention !== undefined);
  return { result, ...(manageable ? { token: setup.token } : {}) };
};

/**
 * The schedule as Carat reports it now (GET /v1/schedules/{sid}, found through the first payment
 * when the creation did not show the SID). When Carat cannot be asked: a schedule that never reached
 * Carat is failed; else `otherwise` — 'failed' when its payment is known not taken (so it cannot be
 * active), 'activating' for the reconciliation to settle.
 */
async function syncWithCarat(deps: ScheduleDeps, id: string, otherwise: 'activating' | 'failed'): Promise<ScheduleRecord> {
  let current = (await deps.store.getSchedule(id))!;
  const sid = current.sid ?? await sidOfFirstPayment(deps, current);
  const reported = sid === undefined ? undefined : await deps.client.querySchedule(sid).catch(() => undefined);
  if (reported) {
    if (current.sid === undefined) current = await deps.store.updateSchedule(id, (stored) => ({ ...stored, sid: reported.sid }));
    return applyCaratSchedule(deps.store, current, reported);
  }
  if (current.state === 'creating' || otherwise === 'failed') {
    return deps.store.updateSchedule(id, (stored) => ({ ...stored, state: 'failed', ...(stored.firstTopUp === 'pending' ? { firstTopUp: 'failed' as const } : {}) }));
  }
  return current;
}

/** GET /v1/transactions/{nit} of the first payment shows its schedule (§4.4). */
export async function sidOfFirstPayment(deps: ScheduleDeps, record: ScheduleRecord): Promise<string | undefined> {
  if (record.firstPaymentNit === undefined) return undefined;
  const state = await deps.client.queryExecution(record.firstPaymentNit).catch(() => undefined);
  return state?.schedule?.sid;
}

/**
 * The payment was taken but the first top-up could not be made (flagged for attention): the
 * monthly charges must not start on a deal that failed. Cancelled at Carat when it can be; else
 * the error line says so.
 */
async function withdraw(deps: ScheduleDeps, schedule: ScheduleRecord): Promise<ScheduleRecord> {
  try {
    await cancelSchedule(deps, schedule);
  } catch {
    deps.recharge.logger.error({ schedule: schedule.tokenHash }, 'first top-up failed after its payment was taken, and its monthly top-up could not be cancelled: cancel it by hand');
  }
  return (await deps.store.getSchedule(schedule.id))!;
}

/**
 * For the reconciliation: a first top-up still pending in the store (the proxy died or the answer
 * was unknown) takes its end from the shopper's session once recovery settled it.
 */
export async function settleFirstTopUp(deps: ScheduleDeps, schedule: ScheduleRecord): Promise<ScheduleRecord> {
  if (schedule.firstTopUp !== 'pending') return schedule;
  const session = await deps.recharge.store.get(schedule.sessionId);
  if (session && needsRecovery(session)) return schedule;
  // A recharge never sent (NOV) is over only once the schedule is: its payment never took effect.
  if (session?.status === 'NOV' && schedule.state !== 'failed') return schedule;
  const firstTopUp = session?.status === 'CON' ? 'topped_up' as const : 'failed' as const;
  const settled = await deps.store.updateSchedule(schedule.id, (stored) => ({ ...stored, firstTopUp }));
  return firstTopUp === 'failed' && settled.state === 'active' ? withdraw(deps, settled) : settled;
}

/**
 * The answer recovery stored for a first top-up now whose sale went pending carries no schedule
 * (card-payment-settlement.ts answers for the sale): the schedule this attempt set up, as Carat
 * now reports it, with a new token when it can still be managed (the old one was never shown).
 * That token is given once, like a first answer's: a later retry gets none (`shownBefore`), so the
 * link the shopper got keeps working.
 */
export async function recoveredSchedule(deps: ScheduleDeps, sessionId: string, attemptKey: string): Promise<{ record: ScheduleRecord; token?: string; shownBefore?: true } | undefined> {
  const own = (await deps.store.listForSession(sessionId)).find((schedule) => schedule.attemptKey === attemptKey && schedule.firstPaymentNit !== undefined);
  if (!own) return undefined;
  let current = await settleFirstTopUp(deps, await syncWithCarat(deps, own.id, 'activating'));
  if (current.state !== 'active' && current.state !== 'activating') return { record: current };
  const token = newScheduleToken();
  const tokenHash = hashScheduleToken(token);
  // In the store's own update (one at a time across instances): two retries at once give one token.
  current = await deps.store.updateSchedule(current.id, (stored) => (stored.tokenReissued ? stored : { ...stored, tokenHash, tokenReissued: true }));
  return current.tokenHash === tokenHash ? { record: current, token } : { record: current, shownBefore: true };
}
