/**
 * ScheduleStore on the shared PostgreSQL (DATABASE_URL; tables of migrations 6, 8 and 9), so that every
 * instance sees every schedule, execution and status notice (issue 12). The same promises as the
 * SQLite tables (schedules/sqlite-schedule-store.ts), kept by the database instead of one process:
 *
 * - One execution per NIT by the primary key (INSERT … ON CONFLICT DO NOTHING): of two instances
 *   recording one charge (a notice repeated to both, a notice and a reconciliation), one row wins.
 * - updateSchedule / updateExecution are transactions around `SELECT … FOR UPDATE`: two instances
 *   changing one record take turns, and neither change is lost.
 * - One top-up run per execution across instances (holdExecution): a claim in the execution's row
 *   (holder and expiry, on the database's clock), taken with `FOR UPDATE SKIP LOCKED` and renewed
 *   while the run lasts. In one process, execution-top-up.ts joins a second caller to the first run;
 *   between processes the claim makes the second one stand back. A holder that dies stops renewing,
 *   and once the claim lapses any instance's reconciliation takes the execution over (its session's
 *   journal, leased the same way, says what the dead one did).
 * - One question to Carat per open schedule per reconciliation interval across instances
 *   (claimQuery): an "asked at" mark in the schedule's row (migration 8), set by one UPDATE only
 *   when older than the interval on the database's clock, so the instances' clocks never matter.
 *
 * The pool is the session store's (open-session-store.ts), which ends it: close() here only stops
 * this store's use of it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { underClaim } from '../lease-fence.ts';
import { ExecutionClaimLost, isOpenSchedule, type ExecutionRecord, type ScheduleRecord, type ScheduleStore } from '../../schedules/schedule-store.ts';
import { DEFAULT_LEASE_TTL_MS } from './postgres-session-leases.ts';
import { inTransaction, type Pool, type Queryable } from './pool.ts';

export interface PostgresScheduleStoreOptions {
  pool: Pool;
  /** How long a top-up's claim outlives a holder that stopped renewing it (SESSION_LEASE_MS); default 30 s. */
  claimTtlMs?: number;
  /** This process's name in claim_holder (tests name two "processes" in one); default host, pid and a random id. */
  holder?: string;
}

type RecordRow<T> = { record: T };

export function createPostgresScheduleStore(options: PostgresScheduleStoreOptions): ScheduleStore {
  const { pool } = options;
  const ttlMs = options.claimTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID()}`;
  let closed = false;
  /** The execution whose claim the current top-up run holds (holdExecution): its updates check the claim is still ours. */
  const holding = new AsyncLocalStorage<string>();
  const db = (): Pool => {
    if (closed) throw new Error('the schedule store is closed');
    return pool;
  };

  const writeSchedule = (client: Queryable, record: ScheduleRecord) =>
    client.query(
      `INSERT INTO schedules (id, token_hash, session_id, sid, order_id, open, record) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, sid = excluded.sid, open = excluded.open, record = excluded.record`,
      [record.id, record.tokenHash, record.sessionId, record.sid ?? null, record.orderId, isOpenSchedule(record), JSON.stringify(record)],
    );
  const scheduleBy = async (column: 'id' | 'token_hash' | 'sid' | 'order_id', value: string) => {
    const { rows } = await db().query<RecordRow<ScheduleRecord>>(`SELECT record FROM schedules WHERE ${column} = $1 LIMIT 1`, [value]);
    return rows[0]?.record;
  };
  const schedulesWhere = async (where: string, values: unknown[]) =>
    (await db().query<RecordRow<ScheduleRecord>>(`SELECT record FROM schedules WHERE ${where}`, values)).rows.map((row) => row.record);
  const executionsWhere = async (where: string, values: unknown[]) =>
    (await db().query<RecordRow<ExecutionRecord>>(`SELECT record FROM schedule_executions WHERE ${where} ORDER BY inserted`, values)).rows.map((row) => row.record);

  /** Takes the execution's claim: true when it was free, lapsed or already this process's. */
  const claim = async (nit: string): Promise<boolean> => {
    const taken = await db().query(
      `UPDATE schedule_executions SET claim_holder = $2, claim_until = now() + $3 * interval '1 millisecond'
       WHERE nit = (SELECT nit FROM schedule_executions WHERE nit = $1 AND (claim_holder IS NULL OR claim_until < now() OR claim_holder = $2)
                    FOR UPDATE SKIP LOCKED)`,
      [nit, holder, ttlMs],
    );
    return taken.rowCount === 1;
  };
  /** Extends this process's claim; false when it is no longer ours (it lapsed and was taken). */
  const renew = async (nit: string): Promise<boolean> => {
    const renewed = await db().query(
      "UPDATE schedule_executions SET claim_until = now() + $3 * interval '1 millisecond' WHERE nit = $1 AND claim_holder = $2",
      [nit, holder, ttlMs],
    );
    return renewed.rowCount === 1;
  };
  const release = (nit: string) =>
    db().query('UPDATE schedule_executions SET claim_holder = NULL, claim_until = NULL WHERE nit = $1 AND claim_holder = $2', [nit, holder]);

  return {
    async putSchedule(record) {
      await writeSchedule(db(), record);
    },
    getSchedule: (id) => scheduleBy('id', id),
    byTokenHash: (hash) => scheduleBy('token_hash', hash),
    bySid: (sid) => scheduleBy('sid', sid),
    byOrderId: (orderId) => scheduleBy('order_id', orderId),
    updateSchedule: (id, change) =>
      inTransaction(db(), async (client) => {
        const { rows } = await client.query<RecordRow<ScheduleRecord>>('SELECT record FROM schedules WHERE id = $1 FOR UPDATE', [id]);
        if (!rows[0]) throw new Error('update of an unknown schedule');
        const next = change(rows[0].record);
        await writeSchedule(client, next);
        return next;
      }),
    listOpen: () => schedulesWhere('open', []),
    listForSession: (sessionId) => schedulesWhere('session_id = $1', [sessionId]),
    async insertExecution(record) {
      const inserted = await db().query(
        'INSERT INTO schedule_executions (nit, schedule_id, state, record) VALUES ($1, $2, $3, $4) ON CONFLICT (nit) DO NOTHING',
        [record.nit, record.scheduleId, record.state, JSON.stringify(record)],
      );
      return inserted.rowCount === 1;
    },
    getExecution: async (nit) => (await executionsWhere('nit = $1', [nit]))[0],
    updateExecution: (nit, change) =>
      inTransaction(db(), async (client) => {
        const { rows } = await client.query<RecordRow<ExecutionRecord> & { claim_holder: string | null }>(
          'SELECT record, claim_holder FROM schedule_executions WHERE nit = $1 FOR UPDATE', [nit]);
        if (!rows[0]) throw new Error('update of an unknown execution');
        // A run that stalled past its claim must not undo what the process that took it over wrote (its attempt's session).
        if (holding.getStore() === nit && rows[0].claim_holder !== holder) throw new ExecutionClaimLost();
        const next = change(rows[0].record);
        await client.query('UPDATE schedule_executions SET state = $1, record = $2 WHERE nit = $3', [next.state, JSON.stringify(next), nit]);
        return next;
      }),
    listExecutions: (scheduleId) => executionsWhere('schedule_id = $1', [scheduleId]),
    listOwed: () => executionsWhere('state = $1', ['charged']),
    listAttention: () => executionsWhere('state = $1', ['attention']),
    async journalNotice(notice) {
      const { rows } = await db().query<{ id: string }>(
        'INSERT INTO schedule_notices (nit, status, received_at) VALUES ($1, $2, $3) RETURNING id',
        [notice.nit, notice.status, notice.receivedAt],
      );
      return Number(rows[0]!.id);
    },
    async settleNotice(id, outcome) {
      await db().query('UPDATE schedule_notices SET outcome = $1 WHERE id = $2', [outcome, id]);
    },
    async listUnverifiedNotices() {
      const { rows } = await db().query<{ id: string; nit: string }>('SELECT id, nit FROM schedule_notices WHERE outcome IS NULL ORDER BY id');
      return rows.map((row) => ({ id: Number(row.id), nit: row.nit }));
    },
    async forgetVerifiedNotices(before) {
      const deleted = await db().query('DELETE FROM schedule_notices WHERE outcome IS NOT NULL AND received_at < $1', [before]);
      return deleted.rowCount ?? 0;
    },
    async holdExecution(nit, work) {
      if (!(await claim(nit))) return { ran: false };
      // A failed renewal is not fatal: the claim lasts its time to live, and the next beat tries again.
      const heartbeat = setInterval(() => void renew(nit).catch(() => {}), Math.floor(ttlMs / 3));
      heartbeat.unref();
      try {
        // Its money calls are fenced by the claim as a flow's are by its session's lease (store/lease-fence.ts).
        return { ran: true, value: await holding.run(nit, () => underClaim(() => renew(nit), work)) };
      } catch (error) {
        if (error instanceof ExecutionClaimLost) return { ran: false, lost: true };
        throw error;
      } finally {
        clearInterval(heartbeat);
        await release(nit).catch(() => {});
      }
    },
    async claimQuery(scheduleId, withinMs) {
      // One statement: of two instances at once, the second waits for the first's row lock, then finds the mark fresh.
      const marked = await db().query(
        `UPDATE schedules SET asked_at = now()
         WHERE id = $1 AND (asked_at IS NULL OR asked_at <= now() - $2 * interval '1 millisecond')`,
        [scheduleId, withinMs],
      );
      return marked.rowCount === 1;
    },
    async close() {
      closed = true;
    },
  };
}
