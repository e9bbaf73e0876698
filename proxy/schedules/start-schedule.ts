/**
 * POST /api/recharges/:id/recharge with `repeat` and a `startDate` (issue 10): nothing is topped up
 * now. The shopper's choice is checked like a one-off top-up's (the dealer, phone and amount
 * against the proxy's own branch data), then Carat: a transaction with `schedule` and
 * do_payment_now "false" gives a SID (nothing charged), and POST /v1/schedules/{sid} with the card
 * makes it ATV. Carat's daily batch then charges it on each date; every charge it confirms is
 * topped up once (execution-top-up.ts).
 *
 * The schedule is stored (token hash only) before the first Carat call, and marked `activating`
 * before the card is sent: an activation whose answer is lost is asked about (GET
 * /v1/schedules/{sid}) now and by the reconciliation later, never sent again.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { RechargeResult } from '../browser-api.ts';
import { ApiFailure, invalidRequest } from '../api-failure.ts';
import { detectBrand } from '../browser-rules.ts';
import { parseRechargeRequest } from '../browser-schemas.ts';
import { GatewayFailure } from '../carat/http.ts';
import type { ScheduleState as CaratSchedule } from '../carat/schedule-client.ts';
import { heldBranchData, selectionFor } from '../recharge/catalogue/branch-data.ts';
import { branchDataView } from '../recharge/catalogue/catalogue-view.ts';
import { chargeableBrands } from '../recharge/do-recharge-request.ts';
import { expiredSession, noSuchSession } from '../recharge/open-session.ts';
import { checkAmount } from '../recharge/recharge-checks.ts';
import { checkRepeat, isoDay } from './repeat-rules.ts';
import type { ScheduleDeps } from './schedule-deps.ts';
import { applyCaratSchedule } from './schedule-sync.ts';
import type { ScheduleRecord } from './schedule-store.ts';
import { newScheduleToken, hashScheduleToken } from './schedule-token.ts';
import { scheduleSummary } from './schedule-view.ts';

const EMPTY_RECEIPT = { customer: '', merchant: '' };
const SOFT_DESCRIPTOR = 'Recarga';

export interface StartedSchedule {
  /** Without the token: this is what the journal keeps as the attempt's answer. */
  result: RechargeResult;
  /** Shown once, in this answer only (the store keeps its hash); absent when the schedule failed. */
  token?: string;
}

/**
 * `idempotencyKey`: the attempt's. Its retry after an answer that never arrived (the proxy died
 * before it was journaled) finds the schedule it set up, which may be active at Carat: the shopper
 * gets a new token for it (the old one was never seen), never a second schedule.
 */
export async function startSchedule(deps: ScheduleDeps, sessionId: string, body: unknown, clientIp: string, idempotencyKey: string): Promise<StartedSchedule> {
  const r = deps.recharge;
  const session = await r.store.get(sessionId);
  if (!session) throw noSuchSession();
  if (session.status === 'EXP') throw expiredSession();
  const request = parseRechargeRequest(body, session.type, chargeableBrands(r.authorizerIds));
  const repeat = checkRepeat(session, request, r.now(), deps.firstTopUpNow !== undefined);
  if (session.status !== 'NOV') throw new ApiFailure('conflict', `This recharge is already finished (status ${session.status}). Please start a new one.`);
  const earlier = await deps.store.listForSession(session.id);
  const own = earlier.find((schedule) => schedule.attemptKey === idempotencyKey && schedule.state !== 'failed');
  if (own) return handOverAgain(deps, own);
  if (earlier.some((schedule) => schedule.state !== 'failed')) throw new ApiFailure('conflict', 'This recharge already set up a monthly top-up.');
  if (earlier.length >= r.cardAttemptsPerSession) {
    throw new ApiFailure('rate_limited', `Too many card attempts for this recharge (at most ${r.cardAttemptsPerSession}). Start a new recharge to try again.`);
  }
  const phone = request.phone!; // required for normal (browser-schemas.ts)
  const branchData = await heldBranchData(r, session, selectionFor(session, { ...request, ddd: phone.ddd, answers: [] }));
  const agreed = checkAmount(session.type, branchDataView(branchData), request);
  const card = request.payment!.card; // checkRepeat requires it
  const authorizerId = r.authorizerIds[detectBrand(card.number)];
  if (!authorizerId) throw invalidRequest('payment.card.number', 'this card brand cannot be charged here');

  // Last check before the card goes out: the address's allowance and the breaker.
  await r.cardGuard.beforeAttempt(clientIp);
  const token = newScheduleToken();
  const record: ScheduleRecord = {
    id: randomBytes(16).toString('base64url'),
    tokenHash: hashScheduleToken(token),
    sessionId: session.id,
    attemptKey: idempotencyKey,
    createdAt: new Date(r.now()).toISOString(),
    dealerCode: request.dealerCode,
    dealerName: session.dealers.find((dealer) => dealer.code === request.dealerCode)?.name ?? request.dealerCode,
    phone,
    amountCents: request.amountCents,
    chargeCents: agreed.paymentAmountCents,
    ...(agreed.amountKey ? { amountKey: agreed.amountKey } : {}),
    every: 'month',
    times: repeat.times,
    // Without a start date the first top-up is today's (the two-phase sale, FirstTopUpNow).
    startDate: repeat.startDate ?? isoDay(r.now()),
    orderId: `RS${randomBytes(8).toString('hex').toUpperCase()}`,
    state: 'creating',
    done: 0,
  };
  const paymentCard = { number: card.number, expiryDate: card.expiry.replace('/', ''), securityCode: card.securityCode };
  deps.settingUp.add(record.id);
  try {
    await deps.store.putSchedule(record);
    if (repeat.startDate === undefined && deps.firstTopUpNow) {
      return await deps.firstTopUpNow(deps, { session, request, branchData, agreed, record, token, card: paymentCard, authorizerId });
    }
    return await setUp(deps, record, token, paymentCard, authorizerId);
  } finally {
    deps.settingUp.delete(record.id);
  }
}

async function handOverAgain(deps: ScheduleDeps, schedule: ScheduleRecord): Promise<StartedSchedule> {
  let current = schedule;
  if (current.state === 'activating' && current.sid) {
    const reported = await deps.client.querySchedule(current.sid).catch(() => undefined);
    if (reported) current = await applyCaratSchedule(deps.store, current, reported);
  }
  if (current.state === 'failed' || current.state === 'creating') {
    return { result: { status: 'NEG', receipt: EMPTY_RECEIPT, message: 'The monthly top-up could not be set up. Nothing was charged.', schedule: scheduleSummary(current) } };
  }
  const token = newScheduleToken();
  current = await deps.store.updateSchedule(current.id, (stored) => ({ ...stored, tokenHash: hashScheduleToken(token) }));
  const message = `Nothing was topped up now: the first of ${current.times} monthly top-ups is on ${current.startDate}.`;
  return { result: { status: 'NOV', receipt: EMPTY_RECEIPT, message, schedule: scheduleSummary(current) }, token };
}

async function setUp(
  deps: ScheduleDeps, record: ScheduleRecord, token: string, card: { number: string; expiryDate: string; securityCode: string }, authorizerId: string,
): Promise<StartedSchedule> {
  const { client, store } = deps;
  let sid: string;
  try {
    ({ sid } = await client.createSchedule({
      orderId: record.orderId,
      merchantUsn: String(randomInt(10_000_000_000, 99_999_999_999)),
      schedule: { amountCents: record.chargeCents, initialDate: record.startDate, numberOfTimes: record.times, interval: 1, softDescriptor: SOFT_DESCRIPTOR },
    }));
  } catch (error) {
    // A SID we never learnt is NOV at most, charges nothing and expires: the schedule failed.
    await store.updateSchedule(record.id, (stored) => ({ ...stored, state: 'failed' }));
    throw error;
  }
  // The intent before the card goes out: from here a lost answer is asked about, never re-sent.
  let current = await store.updateSchedule(record.id, (stored) => ({ ...stored, sid, state: 'activating', caratStatus: 'NOV' }));
  let reported: CaratSchedule | undefined;
  let refusal: string | undefined;
  try {
    const outcome = await client.activateSchedule(sid, card, { authorizerId });
    reported = outcome.schedule;
    if (!outcome.activated) refusal = outcome.message;
  } catch (error) {
    if (!(error instanceof GatewayFailure)) throw error;
    reported = await client.querySchedule(sid).catch(() => undefined);
  }
  if (refusal !== undefined) {
    await deps.recharge.cardGuard.declined();
    current = await store.updateSchedule(record.id, (stored) => ({ ...stored, state: 'failed', ...(reported ? { caratStatus: reported.status } : {}) }));
    return {
      result: { status: 'NEG', receipt: EMPTY_RECEIPT, message: `The card was refused, so no monthly top-up was set up: ${refusal}`, schedule: scheduleSummary(current) },
    };
  }
  if (reported) current = await applyCaratSchedule(store, current, reported);
  const failed = current.state === 'failed';
  const summary = scheduleSummary(current);
  const message = current.state === 'active'
    ? `Nothing was topped up now: the first of ${record.times} monthly top-ups is on ${record.startDate}.`
    : failed
      ? 'The monthly top-up could not be set up. Nothing was charged.'
      : 'The card\'s answer was lost on the way; the proxy is asking the payment gateway whether the monthly top-up is active. Nothing was charged now.';
  return { result: { status: failed ? 'NEG' : 'NOV', receipt: EMPTY_RECEIPT, message, schedule: summary }, ...(failed ? {} : { token }) };
}
