/**
 * Charges Carat confirmed whose top-up failed after every retry (execution-top-up.ts): the merchant
 * owes each shopper a top-up or a refund. `npm run ops -- attention` lists them (scheduleTopUpsOwed,
 * one of ops/attention.ts's ATTENTION_SOURCES); each names its schedule by the token's hash, as the
 * error log does, never by NIT, SID or full phone number.
 */
import { createSqliteScheduleStore } from './sqlite-schedule-store.ts';
import type { AttentionSource } from '../ops/attention.ts';
import type { ExecutionRecord, ScheduleRecord, ScheduleStore } from './schedule-store.ts';
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

function attentionOf(schedule: ScheduleRecord, execution: ExecutionRecord): ScheduleAttention {
  return {
    schedule: schedule.tokenHash,
    date: execution.date,
    chargeCents: execution.chargeCents,
    amountCents: schedule.amountCents,
    dealerCode: schedule.dealerCode,
    dealerName: schedule.dealerName,
    phone: { ddd: schedule.phone.ddd, number: maskedNumber(schedule.phone.number) },
    attempts: execution.attempts,
    ...(execution.lastError ? { lastError: execution.lastError } : {}),
  };
}

export async function listAttention(store: ScheduleStore): Promise<ScheduleAttention[]> {
  const items: ScheduleAttention[] = [];
  for (const execution of await store.listAttention()) {
    const schedule = await store.getSchedule(execution.scheduleId);
    if (schedule) items.push(attentionOf(schedule, execution));
  }
  return items;
}

/**
 * The ops CLI's source (ops/attention.ts ATTENTION_SOURCES): the same entries read from an open
 * read-only journal (the tables of sqlite-schedule-store.ts; none when it has no schedule tables),
 * as AttentionItems: the schedule's setup session, since the last attempt, the facts in details.
 */
export const scheduleTopUpsOwed: AttentionSource = (journal) => {
  const tables = journal.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('schedules', 'schedule_executions')").get();
  if (tables?.n !== 2) return [];
  const rows = journal.prepare<[], { execution: string; schedule: string }>(
    "SELECT e.record AS execution, s.record AS schedule FROM schedule_executions e JOIN schedules s ON s.id = e.schedule_id WHERE e.state = 'attention'",
  ).all();
  return rows.map((row) => {
    const execution = JSON.parse(row.execution) as ExecutionRecord;
    const schedule = JSON.parse(row.schedule) as ScheduleRecord;
    const { phone, lastError, ...facts } = attentionOf(schedule, execution);
    return {
      kind: 'schedule top-up',
      sessionId: schedule.sessionId,
      since: execution.updatedAt,
      reason: 'a monthly charge Carat confirmed was never topped up: top up or refund',
      details: { ...facts, phone: `(${phone.ddd}) ${phone.number}`, ...(lastError ? { lastError } : {}) },
    };
  });
};

/** For the ops CLI: the journal of DATA_DIR (`file`: the sandbox's journal file, if that is the one). */
export async function listScheduleAttention(dataDir: string, file?: string): Promise<ScheduleAttention[]> {
  const store = createSqliteScheduleStore({ dataDir, ...(file ? { file } : {}) });
  try {
    return await listAttention(store);
  } finally {
    await store.close();
  }
}
