/**
 * Charges Carat confirmed whose top-up failed after every retry (execution-top-up.ts): the merchant
 * owes each shopper a top-up or a refund. `npm run ops -- attention` lists them (the lead's ops CLI
 * calls listScheduleAttention); each names its schedule by the token's hash, as the error log does,
 * never by NIT, SID or full phone number.
 */
import { createSqliteScheduleStore } from './sqlite-schedule-store.ts';
import type { ScheduleStore } from './schedule-store.ts';
import { maskedNumber } from './schedule-view.ts';

export interface ScheduleAttention {
  /** SHA-256 of the schedule's token (the error log's `schedule`). */
  schedule: string;
  /** The day Carat charged, YYYY-MM-DD. */
  date: string;
  chargeCents: number;
  amountCents: number;
  dealerCode: string;
  dealerName: string;
  phone: { ddd: string; number: string };
  attempts: number;
  lastError?: string;
}

export async function listAttention(store: ScheduleStore): Promise<ScheduleAttention[]> {
  const items: ScheduleAttention[] = [];
  for (const execution of await store.listAttention()) {
    const schedule = await store.getSchedule(execution.scheduleId);
    if (!schedule) continue;
    items.push({
      schedule: schedule.tokenHash,
      date: execution.date,
      chargeCents: execution.chargeCents,
      amountCents: schedule.amountCents,
      dealerCode: schedule.dealerCode,
      dealerName: schedule.dealerName,
      phone: { ddd: schedule.phone.ddd, number: maskedNumber(schedule.phone.number) },
      attempts: execution.attempts,
      ...(execution.lastError ? { lastError: execution.lastError } : {}),
    });
  }
  return items;
}

/** For the ops CLI: the journal of DATA_DIR (`file`: the sandbox's journal file, if that is the one). */
export async function listScheduleAttention(dataDir: string, file?: string): Promise<ScheduleAttention[]> {
  const store = createSqliteScheduleStore({ dataDir, ...(file ? { file } : {}) });
  try {
    return await listAttention(store);
  } finally {
    await store.close();
  }
}
