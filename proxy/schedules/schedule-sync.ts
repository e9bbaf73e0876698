/** Carat's word on a schedule (§5 statuses) written into our record: its state, count and next date. */
import type { ScheduleState as CaratSchedule } from '../carat/schedule-client.ts';
import type { ScheduleRecord, ScheduleState, ScheduleStore } from './schedule-store.ts';

/** NOV and PEN say nothing new (an activation still settling): the record keeps its state. */
const FROM_CARAT: Record<string, ScheduleState> = {
  ATV: 'active', INA: 'cancelled', FIN: 'finished', EXP: 'failed', ERR: 'failed', INV: 'failed', DES: 'failed',
};

export function stateFromCarat(record: ScheduleRecord, caratStatus: string): ScheduleState {
  const state = FROM_CARAT[caratStatus];
  if (state) return state;
  return record.state === 'creating' ? 'activating' : record.state;
}

export async function applyCaratSchedule(store: ScheduleStore, record: ScheduleRecord, reported: CaratSchedule): Promise<ScheduleRecord> {
  return store.updateSchedule(record.id, (stored) => {
    const next: ScheduleRecord = { ...stored, state: stateFromCarat(stored, reported.status), caratStatus: reported.status };
    if (reported.executedTimes !== undefined || reported.executions.length > 0) {
      next.done = Math.max(stored.done, reported.executedTimes ?? 0, reported.executions.length);
    }
    if (reported.nextDate) next.nextDate = reported.nextDate;
    else delete next.nextDate;
    return next;
  });
}
