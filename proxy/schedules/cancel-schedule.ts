/**
 * POST /api/schedules/:token/cancel: Carat's edit flow (§6.6) sets the schedule INA, so the batch
 * charges it no more. POST /v1/schedules/edits (Carat form-POSTs the SEID to /carat/authenticity,
 * handed to the edit waiter), then PUT /v1/schedules/edits/{seid} with status "INA". A lost answer
 * to the PUT is settled by asking Carat (GET /v1/schedules/{sid}). Cancelling a cancelled schedule
 * answers its view again; a finished or failed one cannot be cancelled (409).
 */
import type { ScheduleView } from '../browser-api.ts';
import { ApiFailure } from '../api-failure.ts';
import { GatewayFailure } from '../carat/http.ts';
import type { ScheduleState as CaratSchedule } from '../carat/schedule-client.ts';
import { topUpCharged } from './execution-top-up.ts';
import type { ScheduleDeps } from './schedule-deps.ts';
import { applyCaratSchedule } from './schedule-sync.ts';
import type { ScheduleRecord } from './schedule-store.ts';
import { scheduleView } from './schedule-view.ts';

export async function cancelSchedule(deps: ScheduleDeps, schedule: ScheduleRecord): Promise<ScheduleView> {
  let current = schedule;
  if (current.state !== 'cancelled') {
    if (current.state !== 'active' || current.sid === undefined) {
      throw new ApiFailure('conflict', `This monthly top-up is ${current.state === 'finished' ? 'finished' : 'not active'}: there is nothing to cancel.`);
    }
    const sid = current.sid;
    const seid = await deps.client.openEdit(sid);
    let reported: CaratSchedule;
    try {
      reported = await deps.client.applyEdit(seid, { status: 'INA' });
    } catch (error) {
      if (!(error instanceof GatewayFailure) || !error.outcomeUnknown) throw error;
      // Only Carat's own word tells whether the edit took effect.
      reported = await deps.client.querySchedule(sid);
    }
    current = await applyCaratSchedule(deps.store, current, reported);
    if (current.state !== 'cancelled') {
      throw new ApiFailure('gateway_unavailable', 'The payment gateway did not confirm the cancellation. Please try again.');
    }
    // Closed, the reconciliation no longer asks about it: a charge whose notice never came is
    // recorded now, from Carat's listing (the edit's answer lists no executions).
    const listing = reported.executions.length > 0 ? reported : await deps.client.querySchedule(sid).catch(() => undefined);
    if (listing) await topUpCharged(deps, current, listing);
    else deps.recharge.logger.error({ schedule: current.tokenHash }, 'cancelled schedule: Carat could not be asked for its charges; one whose notice never came is not topped up: look into it');
  }
  return scheduleView(current, await deps.store.listExecutions(current.id));
}
