/**
 * SessionLeases on the shared database: two columns of the session's row (migration 3), the
 * holder (one random id per process) and the time the lease lapses. Expiry is the database's
 * clock, so instances whose clocks differ still agree on it.
 *
 * Taking a lease is one UPDATE of a row selected `FOR UPDATE SKIP LOCKED`: of two processes at it
 * at once, one takes it and the other finds the row locked and skips, never waiting (a recovery
 * pass moves on; a browser attempt asks again shortly).
 *
 * The database restarted (a crash, a failover on the same server): every lease lapsed meanwhile,
 * the live flows' too, since nobody could renew. None is taken over before the server has been up
 * for a time to live, which gives a live holder its heartbeats to renew first.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaseOutcome, SessionLeases } from '../session-leases.ts';
import type { Pool } from './pool.ts';

/**
 * 30 s: a flow's longest quiet stretch is one gateway call (CARAT_TIMEOUT_MS, 15 s by default), and
 * the heartbeat renews every 10 s. A dead instance's sessions wait this long before another takes them.
 */
export const DEFAULT_LEASE_TTL_MS = 30_000;

export interface PostgresLeaseOptions {
  pool: Pool;
  ttlMs?: number;
  /** This process's name in lease_holder (tests name two "processes" in one); default host, pid and a random id. */
  holder?: string;
}

export function createPostgresSessionLeases(options: PostgresLeaseOptions): SessionLeases {
  const { pool } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID()}`;

  return {
    heartbeatMs: Math.floor(ttlMs / 3),
    async acquire(sessionId): Promise<LeaseOutcome> {
      // A lapsed lease is taken over only once the server has been up for a time to live: while it was
      // down (restarted) no holder could renew, and a live one must get its chance before its flow is taken.
      const taken = await pool.query(
        `UPDATE sessions SET lease_holder = $2, lease_until = now() + $3 * interval '1 millisecond'
         WHERE id = (SELECT id FROM sessions WHERE id = $1
                       AND (lease_holder IS NULL OR lease_holder = $2
                            OR (lease_until < now() AND pg_postmaster_start_time() + $3 * interval '1 millisecond' < now()))
                     FOR UPDATE SKIP LOCKED)`,
        [sessionId, holder, ttlMs],
      );
      if (taken.rowCount === 1) return 'taken';
      const exists = await pool.query('SELECT 1 FROM sessions WHERE id = $1', [sessionId]);
      return exists.rowCount === 1 ? 'held' : 'missing';
    },
    async renew(sessionId) {
      const renewed = await pool.query(
        "UPDATE sessions SET lease_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND lease_holder = $2",
        [sessionId, holder, ttlMs],
      );
      return renewed.rowCount === 1;
    },
    async release(sessionId) {
      await pool.query('UPDATE sessions SET lease_holder = NULL, lease_until = NULL WHERE id = $1 AND lease_holder = $2', [sessionId, holder]);
    },
  };
}
