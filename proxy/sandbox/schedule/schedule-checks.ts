/** Checks the schedule calls share: a SID or SEID is well formed, known and the calling merchant's own. */
import type { SandboxMerchant } from '../merchants.ts';
import { NIT_FORMAT, RequestError, formatProblem } from '../request-rules.ts';
import { ESITEF_CODES } from '../responses.ts';
import type { ScheduleEdit } from './edit-book.ts';
import type { Schedule } from './schedule-book.ts';
import type { Scheduling } from './scheduling.ts';

function checkId(name: string, id: unknown): string {
  if (typeof id !== 'string' || id === '') throw new RequestError(name, 'is required');
  // A SID and a SEID are 64 AN, like a NIT (§1.2).
  const problem = formatProblem(id, NIT_FORMAT);
  if (problem) throw new RequestError(name, problem);
  return id;
}

/** Another merchant's SID is reported as unknown, as for NITs. An expired one is refused unless queried. */
export function loadSchedule(scheduling: Scheduling, merchant: SandboxMerchant, sid: unknown, options: { allowExpired?: boolean } = {}): Schedule {
  const schedule = scheduling.schedules.get(checkId('sid', sid));
  if (!schedule || schedule.merchantKey !== merchant.key) throw new RequestError('sid', 'unknown schedule', ESITEF_CODES.unknownTransaction);
  if (schedule.status === 'EXP' && !options.allowExpired) throw new RequestError('sid', 'schedule expired', ESITEF_CODES.expiredTransaction, 'EXP');
  return schedule;
}

export function loadEdit(scheduling: Scheduling, merchant: SandboxMerchant, seid: unknown): ScheduleEdit {
  const edit = scheduling.edits.get(checkId('seid', seid));
  if (!edit || edit.merchantKey !== merchant.key || edit.status === 'INV') {
    throw new RequestError('seid', 'unknown schedule edit', ESITEF_CODES.unknownTransaction);
  }
  if (edit.status === 'EXP') throw new RequestError('seid', 'schedule edit expired', ESITEF_CODES.expiredTransaction, 'EXP');
  if (edit.status === 'CON') throw new RequestError('seid', 'schedule edit already applied', ESITEF_CODES.wrongState, 'CON');
  return edit;
}
