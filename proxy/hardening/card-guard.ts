/**
 * Card testing (issue 8 §3): a script trying stolen numbers through our checkout, from one address
 * or from many. Two limits on card attempts that reach Carat (our own 400s cost nothing):
 * - per client address, at most CARD_ATTEMPTS_PER_IP in any 10 minutes (IPv6 by its /64);
 * - for everyone, a breaker: once Carat denied more than CARD_DECLINES_PER_10MIN cards in 10
 *   minutes, card payments pause for CARD_PAUSE_MS (503 card_payments_paused). A botnet spreads
 *   over addresses; the declines it causes do not.
 * Memory: one list of times per address seen in the last 10 minutes (at most the limit each, old
 * ones dropped as they pass), and at most the threshold of decline times.
 */
import { ipKeyGenerator } from 'express-rate-limit';
import { ApiFailure } from '../api-failure.ts';

export const CARD_WINDOW_MS = 10 * 60_000;

export interface CardGuardLimits {
  cardAttemptsPerIp: number;
  cardDeclinesPer10Min: number;
  cardPauseMs: number;
}

export interface CardGuard {
  /**
   * Before a card goes to Carat: 503 while paused, 429 past the address's allowance; else the
   * attempt is counted. Synchronous in memory; the shared one (store/postgres/postgres-card-guard.ts) resolves.
   */
  beforeAttempt(ip: string): void | Promise<void>;
  /** Carat denied the card (NEG): counts towards the breaker. Never throws or rejects: the answer is already the shopper's. */
  declined(): void | Promise<void>;
}

/** Factory of a CardGuard on other storage (several instances: store/postgres/postgres-card-guard.ts). */
export type CardGuardFactory = (limits: CardGuardLimits, now: () => number) => CardGuard;

export const paused = (untilMs: number, now: number) => new ApiFailure(
  'card_payments_paused',
  `Card payments are paused for a few minutes after many refused cards. Please try again in ${Math.ceil((untilMs - now) / 60_000)} min.`,
);

export const tooManyCardAttempts = (limit: number) =>
  new ApiFailure('rate_limited', `Too many card attempts from this address (at most ${limit} in 10 minutes). Please try again later.`);

/** The address attempts are counted under: IPv6 by its /64 (one subscriber usually holds a whole /64). */
export const cardAddress = (ip: string) => ipKeyGenerator(ip, 64);

export function createCardGuard(limits: CardGuardLimits, now: () => number = Date.now): CardGuard {
  const attemptsByAddress = new Map<string, number[]>();
  let declines: number[] = [];
  let pausedUntil = 0;
  const recent = (times: number[]) => times.filter((at) => at > now() - CARD_WINDOW_MS);

  /** Drops addresses whose attempts have all left the window, so the map follows the last 10 minutes only. */
  function forgetQuietAddresses(): void {
    for (const [address, times] of attemptsByAddress) if (recent(times).length === 0) attemptsByAddress.delete(address);
  }
  let sweepAt = now() + CARD_WINDOW_MS;

  return {
    beforeAttempt(ip) {
      if (now() < pausedUntil) throw paused(pausedUntil, now());
      if (now() >= sweepAt) {
        forgetQuietAddresses();
        sweepAt = now() + CARD_WINDOW_MS;
      }
      const address = cardAddress(ip);
      const times = recent(attemptsByAddress.get(address) ?? []);
      if (times.length >= limits.cardAttemptsPerIp) throw tooManyCardAttempts(limits.cardAttemptsPerIp);
      attemptsByAddress.set(address, [...times, now()]);
    },
    declined() {
      declines = [...recent(declines), now()];
      if (declines.length > limits.cardDeclinesPer10Min) {
        pausedUntil = now() + limits.cardPauseMs;
        declines = [];
      }
    },
  };
}
