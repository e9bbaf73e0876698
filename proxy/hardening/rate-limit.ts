/**
 * Request rate limits, in memory, keyed by a string (a client IP, a session id).
 *
 * A fixed window per key that opens at the key's first request: up to `limit` requests pass, then
 * every request is refused until the window closes, and the next request opens a fresh one. Chosen
 * over a sliding log for its constant memory per key, and over a token bucket because "120 a minute"
 * then means exactly what an operator reads in the variable's name.
 *
 * Memory stays bounded: windows are kept in a Map in the order they opened, so the expired ones are
 * always at its front and are dropped on every hit (amortised O(1), no timer to clean up). At
 * `maxKeys` live windows the oldest is dropped: its key gets a fresh allowance. That fails open for
 * one key rather than closed for everyone (refusing new keys would let an address-spraying attacker
 * lock every shopper out).
 */
import type { Request, RequestHandler } from 'express';
import { ApiFailure } from '../api-failure.ts';

export interface RateLimiterOptions {
  limit: number;
  windowMs: number;
  /** Live windows kept at most (default 100000). */
  maxKeys?: number;
  /** Milliseconds from any fixed origin; monotonic by default so a wall-clock jump changes nothing. */
  now?: () => number;
}

export interface RateDecision {
  allowed: boolean;
  /** Requests still allowed in the current window. */
  remaining: number;
  /** When refused: how long until the window closes. 0 when allowed. */
  retryAfterMs: number;
}

interface Window {
  openedAt: number;
  count: number;
}

export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(options: RateLimiterOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError('limit must be a positive integer');
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be positive');
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.#maxKeys = options.maxKeys ?? 100_000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Counts one request for `key` and says whether it may pass. */
  hit(key: string): RateDecision {
    const now = this.#now();
    this.#dropExpired(now);
    let window = this.#windows.get(key);
    if (!window) {
      if (this.#windows.size >= this.#maxKeys) this.#dropOldest();
      window = { openedAt: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.limit) {
      return { allowed: false, remaining: 0, retryAfterMs: window.openedAt + this.windowMs - now };
    }
    window.count += 1;
    return { allowed: true, remaining: this.limit - window.count, retryAfterMs: 0 };
  }

  /** Keys currently tracked (for tests and metrics). */
  get trackedKeys(): number {
    return this.#windows.size;
  }

  #dropExpired(now: number): void {
    for (const [key, window] of this.#windows) {
      if (window.openedAt + this.windowMs > now) return;
      this.#windows.delete(key);
    }
  }

  #dropOldest(): void {
    const oldest = this.#windows.keys().next();
    if (!oldest.done) this.#windows.delete(oldest.value);
  }
}

export interface RateLimitOptions extends RateLimiterOptions {
  /** What is limited, in words a developer reads in the 429 message, e.g. "recharge creations per IP". */
  name: string;
  /** The key to count this request under; undefined lets the request through uncounted. */
  key: (req: Request) => string | undefined;
}

export type RateLimitHandler = RequestHandler & { limiter: RateLimiter };

function describeWindow(windowMs: number): string {
  if (windowMs === 60_000) return 'a minute';
  if (windowMs === 1_000) return 'a second';
  if (windowMs % 60_000 === 0) return `per ${windowMs / 60_000} minutes`;
  return `per ${Math.ceil(windowMs / 1000)} seconds`;
}

/**
 * Express middleware: 429 `{"error":{"code":"rate_limited",…}}` with Retry-After (whole seconds,
 * at least 1) once `key(req)` has made `limit` requests in the window. Mount it on the route it
 * guards (after the body parser when the key reads the body, on a route with `:id` when it reads
 * req.params).
 */
export function rateLimit(options: RateLimitOptions): RateLimitHandler {
  const limiter = new RateLimiter(options);
  const handler: RequestHandler = (req, res, next) => {
    const key = options.key(req);
    if (key === undefined) return next();
    const decision = limiter.hit(key);
    if (decision.allowed) return next();
    const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    const failure = new ApiFailure(
      'rate_limited',
      `Too many requests (${options.name}): at most ${limiter.limit} ${describeWindow(limiter.windowMs)}. ` +
        `Try again in ${retryAfterSeconds} s.`,
    );
    res.status(failure.httpStatus).set('Retry-After', String(retryAfterSeconds)).json(failure.toBody());
  };
  return Object.assign(handler, { limiter });
}

/**
 * The rate-limit key for an address: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64
 * prefix, since one subscriber usually holds a whole /64 and could otherwise rotate addresses to
 * get a fresh allowance on every request.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const zeros = Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0');
  const groups = [...headGroups, ...zeros, ...tailGroups].map((group) => group.replace(/^0+(?=.)/, ''));
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/**
 * The client's address as Express sees it, keyed by addressKey. Behind a load balancer, set the
 * app's `trust proxy` to exactly the hops you run, or every shopper shares the balancer's address.
 */
export const byClientIp = (req: Request): string | undefined => (req.ip ? addressKey(req.ip) : undefined);

/** The session id from a route like /api/recharges/:id/recharge. */
export const bySession = (req: Request): string | undefined => {
  const id = req.params['id'];
  return typeof id === 'string' ? id : undefined;
};
