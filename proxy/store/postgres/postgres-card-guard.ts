/**
 * The card guard (hardening/card-guard.ts: card attempts per address in 10 minutes, the decline
 * breaker) in the shared database, so several instances count one address once and trip one
 * breaker together. Each check-and-count runs in a transaction under an advisory lock (per address;
 * one for the breaker): two instances cannot both let the last allowed attempt through. Times are
 * the proxy's clock (`now`), as in memory. Old rows go at most once a window per process.
 */
import { CARD_WINDOW_MS, cardAddress, paused, tooManyCardAttempts, type CardGuard, type CardGuardFactory } from '../../hardening/card-guard.ts';
import { inTransaction, type Pool } from './pool.ts';

export function postgresCardGuards(pool: Pool, onError?: (error: unknown) => void): CardGuardFactory {
  return (limits, now): CardGuard => {
    let sweptAt = 0;
    const sweep = (cutoff: Date) => {
      if (now() - sweptAt < CARD_WINDOW_MS) return;
      sweptAt = now();
      void Promise.all([
        pool.query('DELETE FROM card_attempts WHERE at < $1', [cutoff]),
        pool.query('DELETE FROM card_declines WHERE at < $1', [cutoff]),
      ]).catch(() => {});
    };

    return {
      async beforeAttempt(ip) {
        const address = cardAddress(ip);
        const cutoff = new Date(now() - CARD_WINDOW_MS);
        sweep(cutoff);
        await inTransaction(pool, async (client) => {
          await client.query("SELECT pg_advisory_xact_lock(hashtext('card attempts ' || $1))", [address]);
          const breaker = await client.query<{ until: Date }>('SELECT paused_until AS until FROM card_breaker WHERE id = 1');
          const until = breaker.rows[0]?.until.getTime() ?? 0;
          if (now() < until) throw paused(until, now());
          const { rows } = await client.query<{ count: number }>(
            'SELECT count(*)::integer AS count FROM card_attempts WHERE address = $1 AND at > $2',
            [address, cutoff],
          );
          if (rows[0]!.count >= limits.cardAttemptsPerIp) throw tooManyCardAttempts(limits.cardAttemptsPerIp);
          await client.query('INSERT INTO card_attempts (address, at) VALUES ($1, $2)', [address, new Date(now())]);
        });
      },
      async declined() {
        // The shopper's answer is already decided: a failure here costs the breaker one decline, nothing more.
        await inTransaction(pool, async (client) => {
          await client.query("SELECT pg_advisory_xact_lock(hashtext('card declines'))");
          await client.query('INSERT INTO card_declines (at) VALUES ($1)', [new Date(now())]);
          const { rows } = await client.query<{ count: number }>('SELECT count(*)::integer AS count FROM card_declines WHERE at > $1', [
            new Date(now() - CARD_WINDOW_MS),
          ]);
          if (rows[0]!.count <= limits.cardDeclinesPer10Min) return;
          await client.query(
            `INSERT INTO card_breaker (id, paused_until) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET paused_until = excluded.paused_until`,
            [new Date(now() + limits.cardPauseMs)],
          );
          await client.query('DELETE FROM card_declines');
        }).catch((error: unknown) => onError?.(error));
      },
    };
  };
}
