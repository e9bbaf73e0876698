/**
 * Where schedules and their executions live (issue 10), behind one small interface: tables in the
 * SQLite journal (sqlite-schedule-store.ts, the default) and an in-memory twin for tests
 * (memory-schedule-store.ts), and the shared PostgreSQL's (store/postgres/postgres-schedule-store.ts)
 * for several instances. Records are plain JSON data handed out as copies.
 *
 * Exactly one top-up per execution rests on two things here: an execution is keyed by its NIT
 * (Carat's id of that charge), so a repeated or racing notice finds the row the first one made
 * (insertExecution answers false), on any instance; one run at a time per execution (in memory, and
 * between instances by holdExecution's claim); and the recharge session of each top-up attempt is written to
 * the row before the attempt's do-recharge is sent, so after a crash the row names the session whose
 * journal tells what happened (execution-top-up.ts).
 */

import type { AttentionResolution } from '../store/session-store.ts';

/** creating: no SID yet; activating: the card was sent (its outcome may be unknown); the rest as Carat says. */
export type ScheduleState = 'creating' | 'activating' | 'active' | 'cancelled' | 'finished' | 'failed';

export interface ScheduleRecord {
  /** Our own random id (never shown). */
  id: string;
  /** SHA-256 of the shopper's token (schedule-token.ts); the token itself is never stored. */
  tokenHash: string;
  /** The recharge session the shopper set it up from. */
  sessionId: string;
  /** The Idempotency-Key of the attempt that set it up (start-schedule.ts: a retry after a lost answer). */
  attemptKey?: string;
  createdAt: string;
  dealerCode: string;
  dealerName: string;
  phone: { ddd: string; number: string };
  /** The top-up's face value. */
  amountCents: number;
  /** What Carat charges the card each time (the branch data's payment amount). */
  chargeCents: number;
  amountKey?: string;
  every: 'month';
  times: number;
  startDate: string;
  /** Carat's order id of the schedule (a notice's `pedido`). */
  orderId: string;
  state: ScheduleState;
  /** Carat's schedule id: server-side only. */
  sid?: string;
  /** Carat's last schedule status (§5: NOV, ATV, INA, FIN, …). */
  caratStatus?: string;
  nextDate?: string;
  /** Charges Carat made (confirmed or denied), as it last reported. */
  done: number;
  /**
   * "First top-up now" (first-top-up-now.ts): the first payment's NIT, server-side only. It is no
   * execution of Carat's batch, so a notice or listing of it never tops up again (execution-record.ts).
   */
  firstPaymentNit?: string;
  /** The first top-up, made with the setup: pending until its two-phase sale settles. */
  firstTopUp?: 'pending' | 'topped_up' | 'failed';
  /**
   * A first top-up now whose answer went pending: its token (never shown) was replaced by one given
   * in the answer to the attempt's retry (first-top-up-now.ts recoveredSchedule), once.
   */
  tokenReissued?: true;
}

/** charged: Carat confirmed the charge and a top-up is owed; attention: the top-ups failed, a person must act. */
export type ExecutionState = 'charged' | 'topped_up' | 'denied' | 'attention';

export interface ExecutionRecord {
  /** Carat's NIT of this charge: the execution's unique key. Server-side only. */
  nit: string;
  scheduleId: string;
  /** YYYY-MM-DD. */
  date: string;
  chargeCents: number;
  state: ExecutionState;
  /** Top-up attempts started. */
  attempts: number;
  /** The recharge session of the latest attempt, written before its do-recharge is sent. */
  sessionId?: string;
  /** When the next attempt may start (backoff), epoch ms. */
  nextAttemptAt?: number;
  /** Why the last attempt failed (no NIT, no card). */
  lastError?: string;
  /** An attention execution a person marked handled (ops/resolve-attention.ts); it stays `attention`. */
  resolved?: AttentionResolution;
  updatedAt: string;
}

export interface ScheduleStore {
  putSchedule(record: ScheduleRecord): Promise<void>;
  getSchedule(id: string): Promise<ScheduleRecord | undefined>;
  byTokenHash(tokenHash: string): Promise<ScheduleRecord | undefined>;
  bySid(sid: string): Promise<ScheduleRecord | undefined>;
  byOrderId(orderId: string): Promise<ScheduleRecord | undefined>;
  /** Applies `change` to the stored schedule; fails for an unknown id. */
  updateSchedule(id: string, change: (record: ScheduleRecord) => ScheduleRecord): Promise<ScheduleRecord>;
  /** Schedules Carat may still charge or whose activation is unsettled (creating, activating, active). */
  listOpen(): Promise<ScheduleRecord[]>;
  /** Schedules set up from this recharge session. */
  listForSession(sessionId: string): Promise<ScheduleRecord[]>;
  /** Stores a new execution; false when its NIT was already there (nothing changes then). */
  insertExecution(record: ExecutionRecord): Promise<boolean>;
  getExecution(nit: string): Promise<ExecutionRecord | undefined>;
  updateExecution(nit: string, change: (record: ExecutionRecord) => ExecutionRecord): Promise<ExecutionRecord>;
  listExecutions(scheduleId: string): Promise<ExecutionRecord[]>;
  /** Executions still owed a top-up (charged). */
  listOwed(): Promise<ExecutionRecord[]>;
  listAttention(): Promise<ExecutionRecord[]>;
  /** Journals a status notice as received (before it is answered); resolves to its id. */
  journalNotice(notice: { nit: string; status: string; receivedAt: string }): Promise<number>;
  /** What the proxy made of a journaled notice once verified with Carat. */
  settleNotice(id: number, outcome: string): Promise<void>;
  /** Notices journaled but not yet verified (a crash came between). */
  listUnverifiedNotices(): Promise<Array<{ id: number; nit: string }>>;
  /**
   * Deletes the verified notices received before `before` (ISO time); resolves to how many. A
   * verified notice's effect lives in its execution (keyed by NIT), so its row is only a log by
   * then, and forged notices must not pile up. Unverified notices stay until verified.
   */
  forgetVerifiedNotices(before: string): Promise<number>;
  /**
   * Runs `work` (an execution's top-up run) while this process holds the execution's claim, or
   * does not run it when another live process holds it (`ran: false`). Only a store shared by
   * several processes has it (store/postgres/postgres-schedule-store.ts); one process alone keeps
   * its runs apart in memory (ScheduleDeps.topUpsInFlight). A run that stalled past the claim and
   * lost it to another process is stopped (`lost`): its money calls and its execution's updates are
   * refused from then on (store/lease-fence.ts), since the taker runs the top-up now.
   */
  holdExecution?<T>(nit: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false; lost?: true }>;
  /**
   * Marks the schedule as being asked about Carat now, unless any process sharing the store did so
   * less than `withinMs` ago (on the database's clock): true when this caller may ask. The
   * reconciliation asks about each open schedule once per interval across instances so. Only a
   * store shared by several processes has it (store/postgres/postgres-schedule-store.ts); one
   * process alone runs one pass at a time and asks at each.
   */
  claimQuery?(scheduleId: string, withinMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** An update of an execution by a top-up run whose claim another process took over (holdExecution). */
export class ExecutionClaimLost extends Error {
  constructor() {
    super("The execution's claim passed to another process, which runs its top-up");
    this.name = 'ExecutionClaimLost';
  }
}

const OPEN_STATES: ReadonlySet<ScheduleState> = new Set(['creating', 'activating', 'active']);
export const isOpenSchedule = (record: ScheduleRecord): boolean => OPEN_STATES.has(record.state);
