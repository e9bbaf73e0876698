/**
 * Abuse limits, read once at start from environment variables and validated with zod. A malformed
 * value stops the start with a ConfigError naming the variable; an empty one counts as unset.
 *
 *   RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP      default 120  POST /api/recharges per client IP.
 *       A busy shop's customers may all come from one NAT (a mall's Wi-Fi, a carrier's CGNAT), so
 *       the default is well above the 60 a minute such a shop could plausibly reach.
 *   RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_IP       default 60   recharge requests carrying a card, per IP.
 *   RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_SESSION  default 10   recharge requests carrying a card, per session
 *       (one shopper retrying by hand stays far below it; a card-testing script does not).
 *   CARD_ATTEMPTS_PER_SESSION                   default 3    card attempts that reached Carat, per session.
 *   BODY_LIMIT                                  default 16kb largest JSON body accepted ("<n>", "<n>b",
 *       "<n>kb" or "<n>mb"; 1kb to 1mb). The largest legitimate body, a recharge with a card and
 *       answers, is about 2 KB.
 *   RATE_LIMIT_MAX_TRACKED_KEYS                 default 100000 keys (IPs, sessions) each limiter
 *       remembers at once; bounds memory to a few MB per limiter under an address-spraying attack.
 *
 * ALLOWED_ORIGINS belongs to the proxy's main configuration (proxy/config.ts).
 */
import { z } from 'zod';
import { ConfigError } from '../config.ts';

export interface AbuseLimits {
  creationsPerMinutePerIp: number;
  paymentsPerMinutePerIp: number;
  paymentsPerMinutePerSession: number;
  cardAttemptsPerSession: number;
  bodyLimitBytes: number;
  maxTrackedKeys: number;
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 };
const MIN_BODY_BYTES = 1024;
const MAX_BODY_BYTES = 1024 * 1024;

/** "16kb" → 16384. Exported for tests and for anyone who needs the same notation. */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d{1,7})\s*(b|kb|mb)?$/i.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()]!;
}

/** Digits only: "0x10", "1e3" or " 5" are typos here, not numbers to guess at. */
const wholeNumber = (min: number, max: number, fallback: number, why = '') =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}${why}`))
    .default(fallback);

const LimitsEnvSchema = z.object({
  RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP: wholeNumber(1, 1_000_000, 120),
  RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_IP: wholeNumber(1, 1_000_000, 60),
  RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_SESSION: wholeNumber(1, 1_000_000, 10),
  CARD_ATTEMPTS_PER_SESSION: wholeNumber(1, 20, 3, ' (more defeats its purpose: stopping card testing)'),
  BODY_LIMIT: z
    .string()
    .default('16kb')
    .transform((text, ctx) => {
      const bytes = parseByteSize(text);
      if (bytes === undefined || bytes < MIN_BODY_BYTES || bytes > MAX_BODY_BYTES) {
        ctx.addIssue({ code: 'custom', message: 'must be a size from 1kb to 1mb, such as "16kb"' });
        return z.NEVER;
      }
      return bytes;
    }),
  RATE_LIMIT_MAX_TRACKED_KEYS: wholeNumber(100, 10_000_000, 100_000),
});

export function loadAbuseLimits(env: NodeJS.ProcessEnv): AbuseLimits {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = LimitsEnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const vars = parsed.data;
  return {
    creationsPerMinutePerIp: vars.RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP,
    paymentsPerMinutePerIp: vars.RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_IP,
    paymentsPerMinutePerSession: vars.RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_SESSION,
    cardAttemptsPerSession: vars.CARD_ATTEMPTS_PER_SESSION,
    bodyLimitBytes: vars.BODY_LIMIT,
    maxTrackedKeys: vars.RATE_LIMIT_MAX_TRACKED_KEYS,
  };
}
