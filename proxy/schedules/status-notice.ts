/**
 * POST /carat/status (§4.5): Carat form-POSTs each schedule execution here. The notice is journaled,
 * then answered 200 (only a 200 stops Carat's retries; a journal that cannot be written answers 500
 * so Carat tries again), and only then verified: it is a claim anyone can POST, so the proxy asks
 * Carat (GET /v1/transactions/{nit}) and acts on Carat's answer alone — a charge of one of our
 * schedules that Carat confirms is recorded once and topped up once (execution-record.ts,
 * execution-top-up.ts). A forged or replayed POST tops up nothing; a malformed one is answered 200
 * too (a prober learns nothing) and dropped. A notice the proxy could not verify yet (Carat
 * unreachable, or a crash) or whose charge Carat reports not final yet stays unverified in the
 * journal for the reconciliation.
 */
import express, { type RequestHandler } from 'express';
import { GatewayFailure } from '../carat/http.ts';
import { parseStatusNotification } from '../carat/status-notification.ts';
import { recordExecution } from './execution-record.ts';
import { topUpCharged, topUpExecution } from './execution-top-up.ts';
import type { ScheduleDeps } from './schedule-deps.ts';
import { isOpenSchedule } from './schedule-store.ts';
import { applyCaratSchedule } from './schedule-sync.ts';

/**
 * Verifications running at once, at most: a flood of forged notices must not become a flood of
 * queries to Carat. Past it a notice stays journaled, unverified, for the reconciliation's pass
 * (which verifies one at a time).
 */
export const MAX_VERIFICATIONS_IN_FLIGHT = 20;

export function statusNoticeEndpoint(deps: ScheduleDeps): RequestHandler {
  // Two receipts of up to 4000 characters and some twenty short fields.
  const parseForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 40 });
  return (req, res) => {
    parseForm(req, res, (parseError?: unknown) => {
      const notice = parseError ? undefined : parseStatusNotification(req.body ?? {});
      if (!notice) {
        deps.recharge.logger.warn('status notice ignored: not a status form');
        res.status(200).type('text/plain').send('OK');
        return;
      }
      deps.store.journalNotice({ nit: notice.nit, status: notice.status, receivedAt: new Date(deps.recharge.now()).toISOString() }).then(
        (id) => {
          res.status(200).type('text/plain').send('OK');
          if (deps.verifications.size >= MAX_VERIFICATIONS_IN_FLIGHT) return;
          const verification = verifyNotice(deps, id, notice.nit).catch((error: unknown) => {
            deps.recharge.logger.error({ err: error instanceof Error ? error.name : 'error' }, 'status notice: verification failed; the reconciliation will retry it');
          });
          deps.verifications.add(verification);
          void verification.finally(() => deps.verifications.delete(verification));
        },
        () => res.status(500).type('text/plain').send('retry'),
      );
    });
  };
}

/** Asks Carat about the notice's NIT and acts on its answer; what was made of it is journaled. */
export async function verifyNotice(deps: ScheduleDeps, noticeId: number, nit: string): Promise<void> {
  // A charge already recorded (a repeated notice) needs no question to Carat: at most its top-up.
  const known = await deps.store.getExecution(nit);
  if (known) {
    await deps.store.settleNotice(noticeId, 'known');
    if (known.state === 'charged') await topUpExecution(deps, nit);
    return;
  }
  let state;
  try {
    state = await deps.client.queryExecution(nit);
  } catch (error) {
    // Carat's readable refusal: it knows no such transaction of ours (forged). Anything else: ask again later.
    if (error instanceof GatewayFailure && !error.outcomeUnknown) await deps.store.settleNotice(noticeId, 'unknown to Carat');
    return;
  }
  const schedule = (state.schedule && await deps.store.bySid(state.schedule.sid))
    ?? (state.orderId ? await deps.store.byOrderId(state.orderId) : undefined);
  if (!schedule) {
    await deps.store.settleNotice(noticeId, 'not one of our schedules');
    return;
  }
  const current = state.schedule ? await applyCaratSchedule(deps.store, schedule, state.schedule) : schedule;
  // Carat's listing, when it gives one, dates the charge; else today.
  const listed = state.schedule?.executions.find((execution) => execution.nit === nit);
  const outcome = await recordExecution(deps, current, { nit, status: state.status, amountCents: state.amountCents, date: listed?.date });
  // A charge not final yet (PEN) leaves the notice unverified: each reconciliation pass asks Carat
  // again until it is final, whether or not Carat notifies the final state (or the schedule is open).
  if (outcome !== 'not final') await deps.store.settleNotice(noticeId, outcome);
  // Verified late, the schedule may be closed already (FIN): the reconciliation no longer asks about
  // it, so the other charges Carat lists (one whose notice never came) are recorded now.
  if (state.schedule && !isOpenSchedule(current)) await topUpCharged(deps, current, state.schedule);
  if (outcome === 'charged' || outcome === 'known') await topUpExecution(deps, nit);
}
