/**
 * The abuse limits (AbuseLimits, read in config.ts) as the pieces the recharge routes mount: rate
 * limits on creations per IP, and on payment attempts per IP and per session (card testing: a
 * script trying stolen numbers through our checkout).
 *
 * The rate limits are express-rate-limit's fixed one-minute windows, opened by a key's first
 * request. Its memory store forgets a key once a window passes without it (each key lives at most
 * two windows), so memory follows the last two minutes of traffic, not history.
 *
 * Creations are limited per IP only: before the creation there is no session to count under.
 * Payment limits count requests that carry a `payment` block, valid or not (a card-testing script
 * learns nothing from a refusal either way); recharges without a card are not counted, since they
 * cannot test cards. The cap on card attempts that reached Carat is the recharge's (recharge/do-recharge.ts).
 * Carat's notices (POST /carat/authenticity and /carat/status) are limited per IP too: each forged
 * well-formed one writes a row and may cost verification calls to Carat. The limit is generous, so
 * Carat's own batch bursts pass; a refused notice loses nothing, since Carat retries a notice not
 * answered 200, and reconciliation and recovery query Carat for what a notice would have told.
 * With DATABASE_URL the counters are the shared database's (store/postgres/rate-limit-counters.ts),
 * so several instances count each client once.
 */
import type { Request, Response } from 'express';
import { rateLimit, type RateLimitInfo, type RateLimitRequestHandler } from 'express-rate-limit';
import type { Logger } from 'pino';
import { ApiFailure } from '../api-failure.ts';
import type { AbuseLimits } from '../config.ts';
import type { RateLimitCounters } from '../store/postgres/rate-limit-counters.ts';

export interface AbuseGuards {
  creationsPerIp: RateLimitRequestHandler;
  /** Branch-data lookups per IP (the per-session cap is the catalogue's: recharge/catalogue/branch-data.ts). */
  branchesPerIp: RateLimitRequestHandler;
  paymentsPerIp: RateLimitRequestHandler;
  paymentsPerSession: RateLimitRequestHandler;
  caratNoticesPerIp: RateLimitRequestHandler;
}

const MINUTE_MS = 60_000;

/** True when a (parsed) recharge body carries a card payment. */
export function carriesPayment(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (body as Record<string, unknown>)['payment'] !== undefined;
}

interface LimitOptions {
  /** What is limited, in words a developer reads in the 429 message, e.g. "recharge creations per IP". */
  name: string;
  limit: number;
  /** The session id; absent: the client's address, IPv6 by its /64 (one subscriber usually holds a whole /64). */
  bySession?: boolean;
  onlyWithPayment?: boolean;
  logger: Logger;
  /** Shared counters (several instances); default express-rate-limit's memory store. */
  counters?: RateLimitCounters | undefined;
}

/** 429 `{"error":{"code":"rate_limited",…}}` with Retry-After in whole seconds, at least 1. */
function refuse(name: string, req: Request, res: Response): void {
  const { limit, resetTime } = (req as Request & { rateLimit: RateLimitInfo }).rateLimit;
  const retryAfterSeconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + MINUTE_MS) - Date.now()) / 1000));
  const failure = new ApiFailure('rate_limited', `Too many requests (${name}): at most ${limit} a minute. Try again in ${retryAfterSeconds} s.`);
  res.status(failure.httpStatus).set('Retry-After', String(retryAfterSeconds)).json(failure.toBody());
}

function limiter(options: LimitOptions): RateLimitRequestHandler {
  return rateLimit({
    windowMs: MINUTE_MS,
    limit: options.limit,
    ...(options.bySession ? { keyGenerator: (req: Request) => String(req.params['id']) } : { ipv6Subnet: 64 }),
    ...(options.onlyWithPayment ? { skip: (req: Request) => !carriesPayment(req.body) } : {}),
    handler: (req, res) => refuse(options.name, req, res),
    ...(options.counters ? { store: options.counters(`${options.name}:`) } : {}),
    // No RateLimit-* headers: the widget reads only Retry-After, on the refusal.
    legacyHeaders: false,
    standardHeaders: false,
    // X-Forwarded-For and Forwarded are ignored on purpose unless TRUST_PROXY names the hops (config.ts).
    validate: { xForwardedForHeader: false, forwardedHeader: false },
    logger: options.logger,
  });
}

/** Mount each limiter on the route it guards: after the body parser, on a route with `:id` for the session's. */
export function createAbuseGuards(limits: AbuseLimits, logger: Logger, counters?: RateLimitCounters): AbuseGuards {
  return {
    creationsPerIp: limiter({ name: 'recharge creations per IP', limit: limits.creationsPerMinutePerIp, logger, counters }),
    branchesPerIp: limiter({ name: 'amount and bill lookups per IP', limit: limits.branchesPerMinutePerIp, logger, counters }),
    paymentsPerIp: limiter({ name: 'card payments per IP', limit: limits.paymentsPerMinutePerIp, onlyWithPayment: true, logger, counters }),
    paymentsPerSession: limiter({ name: 'card payments per recharge', limit: limits.paymentsPerMinutePerSession, bySession: true, onlyWithPayment: true, logger, counters }),
    caratNoticesPerIp: limiter({ name: 'Carat notices per IP', limit: limits.caratNoticesPerMinutePerIp, logger, counters }),
  };
}
