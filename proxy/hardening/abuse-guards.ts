/**
 * The abuse limits (limits-config.ts) as the pieces the recharge routes mount: rate limits on
 * creations per IP, and on payment attempts per IP and per session (card testing: a script trying
 * stolen numbers through our checkout).
 *
 * Creations are limited per IP only: before the creation there is no session to count under.
 * Payment limits count requests that carry a `payment` block, valid or not (a card-testing script
 * learns nothing from a refusal either way); recharges without a card are not counted, since they
 * cannot test cards. The cap on card attempts that reached Carat is the recharge's (recharge/do-recharge.ts).
 */
import type { Request } from 'express';
import type { AbuseLimits } from './limits-config.ts';
import { byClientIp, bySession, rateLimit, type RateLimitHandler } from './rate-limit.ts';

export interface AbuseGuards {
  creationsPerIp: RateLimitHandler;
  paymentsPerIp: RateLimitHandler;
  paymentsPerSession: RateLimitHandler;
}

const MINUTE_MS = 60_000;

/** True when a (parsed) recharge body carries a card payment. */
export function carriesPayment(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (body as Record<string, unknown>)['payment'] !== undefined;
}

const onlyWithPayment = (key: (req: Request) => string | undefined) => (req: Request) => (carriesPayment(req.body) ? key(req) : undefined);

/** `now`: a monotonic clock in milliseconds (default performance.now), for tests. */
export function createAbuseGuards(limits: AbuseLimits, now?: () => number): AbuseGuards {
  const common = { windowMs: MINUTE_MS, maxKeys: limits.maxTrackedKeys, ...(now ? { now } : {}) };
  return {
    creationsPerIp: rateLimit({ ...common, name: 'recharge creations per IP', limit: limits.creationsPerMinutePerIp, key: byClientIp }),
    paymentsPerIp: rateLimit({ ...common, name: 'card payments per IP', limit: limits.paymentsPerMinutePerIp, key: onlyWithPayment(byClientIp) }),
    paymentsPerSession: rateLimit({ ...common, name: 'card payments per recharge', limit: limits.paymentsPerMinutePerSession, key: onlyWithPayment(bySession) }),
  };
}
