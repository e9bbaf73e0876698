/**
 * The recharge call when it carries `repeat` (recharge-routes.ts hands it here): one answer per
 * Idempotency-Key like any recharge (recharge/idempotent-recharge.ts), but the journal keeps the
 * answer without the schedule's token — the store holds only its hash — so the token and the
 * manage link are in the first answer only; a replay says so.
 */
import type { RechargeResult } from '../browser-api.ts';
import { invalidRequest } from '../api-failure.ts';
import type { RechargeAnswer } from '../recharge/idempotent-recharge.ts';
import type { ScheduleDeps } from './schedule-deps.ts';
import { startSchedule } from './start-schedule.ts';
import { recoveredSchedule } from './first-top-up-now.ts';
import { manageUrl, scheduleSummary } from './schedule-view.ts';

export type RepeatHandler = (sessionId: string, idempotencyKey: string, body: unknown, clientIp: string, requestOrigin: string) => Promise<RechargeAnswer>;

/** True when a recharge body asks for a schedule. */
export function asksForRepeat(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (body as Record<string, unknown>)['repeat'] !== undefined;
}

const SHOWN_ONCE = 'The manage link of a monthly top-up is shown only once, in the first answer to the recharge call (or, when that answer was pending, to its first retry).';

export function repeatHandler(deps: ScheduleDeps | undefined): RepeatHandler {
  return async (sessionId, key, body, clientIp, requestOrigin) => {
    if (!deps) throw invalidRequest('repeat', 'monthly top-ups are not enabled on this proxy (CARAT_API_URL is not set)');
    let token: string | undefined;
    const answer = await deps.idempotent(sessionId, key, body, async () => {
      const started = await startSchedule(deps, sessionId, body, clientIp, key);
      token = started.token;
      return started.result;
    });
    if (answer.httpStatus !== 200) return answer;
    if (!answer.body.schedule) {
      // Recovery's answer to a first top-up now that went pending (first-top-up-now.ts).
      const recovered = await recoveredSchedule(deps, sessionId, key);
      if (!recovered) return answer;
      const summary = scheduleSummary(recovered.record, recovered.token, deps.publicUrl ?? requestOrigin);
      return { httpStatus: 200, body: { ...answer.body, schedule: summary, ...(recovered.shownBefore ? { message: SHOWN_ONCE } : {}) } };
    }
    if (token === undefined) {
      // A replay (or a joined duplicate): the journal's copy, which never held the token.
      return answer.body.schedule.status === 'failed' ? answer : { httpStatus: 200, body: { ...answer.body, message: SHOWN_ONCE } };
    }
    const result: RechargeResult = {
      ...answer.body,
      schedule: { ...answer.body.schedule, token, manageUrl: manageUrl(deps.publicUrl ?? requestOrigin, token) },
    };
    return { httpStatus: 200, body: result };
  };
}
