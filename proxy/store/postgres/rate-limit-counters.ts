/**
 * express-rate-limit's counters in the shared database (hardening/abuse-guards.ts mounts them with
 * DATABASE_URL), so N instances behind a balancer allow each client the limit once, not N times.
 * Same fixed windows as its memory store: a key's first hit opens a window of windowMs; a hit
 * after the window's end opens a new one. One upsert per counted request, atomic, on the
 * database's clock. Expired rows are deleted now and then (at most once a window per process).
 */
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Pool } from './pool.ts';

/** A Store per limiter: `prefix` keeps the limiters' keys apart in the one table. */
export type RateLimitCounters = (prefix: string) => Store;

export function postgresRateLimitCounters(pool: Pool): RateLimitCounters {
  let sweptAt = 0;
  return (prefix) => {
    let windowMs = 60_000;
    const sweep = () => {
      if (Date.now() - sweptAt < windowMs) return;
      sweptAt = Date.now();
      void pool.query('DELETE FROM rate_limit_hits WHERE reset_at < now()').catch(() => {});
    };
    return {
      prefix,
      localKeys: false,
      init(options: Options) {
        windowMs = options.windowMs;
      },
      async increment(key): Promise<ClientRateLimitInfo> {
        sweep();
        const { rows } = await pool.query<{ hits: number; reset_at: Date }>(
          `INSERT INTO rate_limit_hits (key, hits, reset_at) VALUES ($1, 1, now() + $2 * interval '1 millisecond')
           ON CONFLICT (key) DO UPDATE SET
             hits = CASE WHEN rate_limit_hits.reset_at <= now() THEN 1 ELSE rate_limit_hits.hits + 1 END,
             reset_at = CASE WHEN rate_limit_hits.reset_at <= now() THEN excluded.reset_at ELSE rate_limit_hits.reset_at END
           RETURNING hits, reset_at`,
          [prefix + key, windowMs],
        );
        return { totalHits: rows[0]!.hits, resetTime: rows[0]!.reset_at };
      },
      async decrement(key) {
        await pool.query('UPDATE rate_limit_hits SET hits = greatest(hits - 1, 0) WHERE key = $1 AND reset_at > now()', [prefix + key]);
      },
      async resetKey(key) {
        await pool.query('DELETE FROM rate_limit_hits WHERE key = $1', [prefix + key]);
      },
      async get(key) {
        const { rows } = await pool.query<{ hits: number; reset_at: Date }>('SELECT hits, reset_at FROM rate_limit_hits WHERE key = $1 AND reset_at > now()', [prefix + key]);
        return rows[0] && { totalHits: rows[0].hits, resetTime: rows[0].reset_at };
      },
    };
  };
}
