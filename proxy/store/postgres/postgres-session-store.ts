/**
 * SessionStore on a shared PostgreSQL (DATABASE_URL), for several proxy processes behind a load
 * balancer; the tables are migrations.ts's. Same promises as the SQLite journal
 * (sqlite-session-store.ts), kept by the database instead of by one process:
 *
 * - update() is a transaction around `SELECT … FOR UPDATE`: two processes changing one session
 *   take turns, and neither change is lost.
 * - The first answer per Idempotency-Key wins by the primary key (INSERT … ON CONFLICT DO NOTHING),
 *   and an order grant's single use by used_grants' primary key, whichever process writes first.
 * - Every commit is durable before it returns (PostgreSQL's default synchronous_commit=on): a
 *   journaled intent must survive a crash of the database server too. Leave it on.
 * - Times are the proxy's clock (`now`), like the SQLite journal's, so the retention rules read
 *   the same; keep the instances' clocks in sync (NTP).
 * - Withheld receipts: PostgreSQL keeps a row's old version until VACUUM and its WAL until recycled,
 *   so a PIN's bytes may stay on the server's disk a while after they are withheld (README: put the
 *   database on encrypted storage). A replay never gets them after the retention.
 */
import { needsRecovery, STEPS_TOWARD_MONEY } from '../journal.ts';
import { DEFAULT_RECEIPT_RETENTION_MS, mayHoldPin, withoutReceipts } from '../receipt-retention.ts';
import type { RechargeType } from '../../browser-api.ts';
import type { IdempotentResult, SessionRecord, SessionStore } from '../session-store.ts';
import { migrate } from './migrations.ts';
import { inTransaction, openPool, type Pool, type PoolOptions, type Queryable } from './pool.ts';

export interface PostgresStoreOptions {
  /** The store owns it from now on: close() ends it. */
  pool: Pool;
  now?: () => number;
  /** How long a PIN product's answer keeps its receipts (RECEIPT_RETENTION_MS); default 15 minutes. */
  receiptRetentionMs?: number;
}

interface ResultRow {
  session_id: string;
  idempotency_key: string;
  http_status: number;
  body: unknown;
  stored_at: Date;
  pin_receipt: boolean;
  request_hash: string | null;
}

/** Opens the pool, applies the missing migrations, and returns the store (main.ts, with DATABASE_URL). */
export async function openPostgresSessionStore(
  url: string,
  options: Omit<PostgresStoreOptions, 'pool'> & { pool?: PoolOptions } = {},
): Promise<SessionStore> {
  const pool = openPool(url, options.pool);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const { pool: _poolOptions, ...storeOptions } = options;
  return createPostgresSessionStore({ ...storeOptions, pool });
}

export function createPostgresSessionStore(options: PostgresStoreOptions): SessionStore {
  const { pool } = options;
  const now = options.now ?? Date.now;
  const retentionMs = options.receiptRetentionMs ?? DEFAULT_RECEIPT_RETENTION_MS;
  let closed = false;

  const write = (db: Queryable, record: SessionRecord) =>
    db.query(
      `INSERT INTO sessions (id, record, unsettled, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET record = excluded.record, unsettled = excluded.unsettled, updated_at = excluded.updated_at`,
      [record.id, JSON.stringify(record), needsRecovery(record), new Date(now())],
    );

  /** Rewrites the answers due by `cutoff` without their receipts; each row once, whichever process gets there first. */
  const withhold = (cutoff: Date) =>
    inTransaction(pool, async (client) => {
      // Locked rows are re-checked after the wait: a row another process just withheld no longer matches.
      const { rows } = await client.query<ResultRow>(
        'SELECT session_id, idempotency_key, body FROM results WHERE pin_receipt AND stored_at < $1 FOR UPDATE',
        [cutoff],
      );
      for (const row of rows) {
        await client.query('UPDATE results SET body = $1, pin_receipt = false WHERE session_id = $2 AND idempotency_key = $3', [
          JSON.stringify(withoutReceipts(row.body)),
          row.session_id,
          row.idempotency_key,
        ]);
      }
      return rows.length;
    });

  return {
    async get(id) {
      const { rows } = await pool.query<{ record: SessionRecord }>('SELECT record FROM sessions WHERE id = $1', [id]);
      return rows[0]?.record;
    },
    async put(record) {
      await write(pool, record);
    },
    async update(id, change) {
      return inTransaction(pool, async (client) => {
        // The row stays locked to the commit: another process's update of this session waits here.
        const { rows } = await client.query<{ record: SessionRecord }>('SELECT record FROM sessions WHERE id = $1 FOR UPDATE', [id]);
        if (!rows[0]) throw new Error('update of an unknown session');
        const next = change(rows[0].record);
        await write(client, next);
        return next;
      });
    },
    async getResult(sessionId, key) {
      const { rows } = await pool.query<ResultRow>('SELECT * FROM results WHERE session_id = $1 AND idempotency_key = $2', [sessionId, key]);
      const row = rows[0];
      if (!row) return undefined;
      // The pass may not have run yet: an answer past the retention is never handed out with its PIN.
      const cutoff = new Date(now() - retentionMs);
      const hash = row.request_hash === null ? {} : { requestHash: row.request_hash };
      if (!(row.pin_receipt && row.stored_at < cutoff)) return { httpStatus: row.http_status, body: row.body, ...hash };
      // Every answer due by now, not only this one: a kept do answer (settlement.ts rule 5) holds the same PIN.
      await withhold(cutoff);
      return { httpStatus: row.http_status, body: withoutReceipts(row.body), ...hash };
    },
    async putResult(sessionId, key, result: IdempotentResult) {
      const { rows } = await pool.query<{ type: RechargeType }>("SELECT record->>'type' AS type FROM sessions WHERE id = $1", [sessionId]);
      // The first answer wins: a key's result is never replaced, whichever process stored it.
      await pool.query(
        `INSERT INTO results (session_id, idempotency_key, http_status, body, stored_at, pin_receipt, request_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (session_id, idempotency_key) DO NOTHING`,
        [sessionId, key, result.httpStatus, JSON.stringify(result.body), new Date(now()), mayHoldPin(rows[0]?.type), result.requestHash ?? null],
      );
    },
    async claimGrant(jti, sessionId, expiresAt) {
      const inserted = await pool.query('INSERT INTO used_grants (jti, session_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING', [
        jti,
        sessionId,
        expiresAt,
      ]);
      return inserted.rowCount === 1;
    },
    async listUnsettled() {
      const { rows } = await pool.query<{ record: SessionRecord }>('SELECT record FROM sessions WHERE unsettled ORDER BY updated_at');
      return rows.map((row) => row.record);
    },
    async withholdReceipts(olderThan) {
      return withhold(olderThan);
    },
    async forgetSettled(olderThan) {
      return inTransaction(pool, async (client) => {
        // One statement: the answers go with exactly the sessions deleted. A session flagged for attention
        // (a card sale whose two halves disagree) stays until a person is done with it (ops attention).
        const { rows } = await client.query<{ gone: number }>(
          `WITH gone AS (DELETE FROM sessions WHERE NOT unsettled AND updated_at < $1 AND NOT (record ? 'attention') RETURNING id),
                answers AS (DELETE FROM results WHERE session_id IN (SELECT id FROM gone))
           SELECT count(*)::integer AS gone FROM gone`,
          [olderThan],
        );
        await client.query('DELETE FROM used_grants WHERE expires_at < $1', [olderThan]);
        return rows[0]!.gone;
      });
    },
    async forgetMoneyless(olderThan) {
      // neverReachedMoney (journal.ts) in SQL; one statement, so the answers go with exactly the sessions deleted.
      const { rows } = await pool.query<{ gone: number }>(
        `WITH gone AS (DELETE FROM sessions WHERE NOT unsettled AND updated_at < $1 AND NOT (record ? 'attention') AND NOT (record ? 'cardPayment')
                         AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(record->'steps') AS entry WHERE entry->>'step' = ANY($2::text[]))
                       RETURNING id),
              answers AS (DELETE FROM results WHERE session_id IN (SELECT id FROM gone))
         SELECT count(*)::integer AS gone FROM gone`,
        [olderThan, STEPS_TOWARD_MONEY],
      );
      return rows[0]!.gone;
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
