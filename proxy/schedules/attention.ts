/**
 * Charges Carat confirmed whose top-up failed after every retry (execution-top-up.ts), or made for
 * another amount than agreed (execution-record.ts): the merchant owes each shopper a top-up or a
 * refund. `npm run ops -- attention` lists them (scheduleTopUpsOwed, one of ops/attention.ts's
 * ATTENTION_SOURCES); each names its schedule by the token's hash, as the
 * error log does, never by NIT, SID or full phone number.
 */
import { createHash } from 'node:crypto';
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

/** A schedule charge's id in the attention list: from its NIT, which it does not reveal (the NIT is server-side only). */
export const executionAttentionId = (nit: string): string => `charge-${createHash('sha256').update(nit).digest('hex').slice(0, 16)}`;

const ATTENTION_QUERY =
  "SELECT e.record AS execution, s.record AS schedule FROM schedule_executions e JOIN schedules s ON s.id = e.schedule_id WHERE e.state = 'attention'";

export async function listAttention(store: ScheduleStore): Promise<ScheduleAttention[]> {
  const items: ScheduleAttention[] = [];
  for (const execution of await store.listAttention()) {
    const schedule = await store.getSchedule(execution.scheduleId);
    if (schedule) items.push(attentionOf(schedule, execution));
  }
  return items;
}

/**
 * The ops CLI's source (ops/attention.ts ATTENTION_SOURCES): the same entries read from the
 * journal's tables (sqlite-schedule-store.ts, or PostgreSQL's: the same query) as AttentionItems:
 * the schedule's setup session, since the last attempt, the facts in details.
 */
export const scheduleTopUpsOwed: AttentionSource = {
  tables: ['schedules', 'schedule_executions'],
  sql: {
    sqlite: ATTENTION_QUERY,
    postgres: ATTENTION_QUERY,
  },
  item(row) {
    const execution = row.execution as ExecutionRecord;
    const schedule = row.schedule as ScheduleRecord;
    const { phone, lastError, ...facts } = attentionOf(schedule, execution);
    return {
      id: executionAttentionId(execution.nit),
      kind: 'schedule top-up',
      sessionId: schedule.sessionId,
      since: execution.updatedAt,
      reason: 'a monthly charge Carat confirmed was never topped up: top up or refund',
      details: { ...facts, phone: `(${phone.ddd}) ${phone.number}`, ...(lastError ? { lastError } : {}) },
      ...(execution.resolved ? { resolved: execution.resolved } : {}),
    };
  },
};
