/**
 * The proxy's configuration, read once at start from environment variables. The variable names are
 * a contract (deploy scripts and docs rely on them). Everything is read here, with one zod schema:
 * the gateway, the journal, the abuse limits and TRUST_PROXY. A missing or malformed variable stops
 * the start with a ConfigError that names it (main.ts prints `Cannot start: NAME: reason`).
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import type { LevelWithSilent } from 'pino';
import { z } from 'zod';
import { BRAND_NAMES, type CardBrand } from './browser-rules.ts';
import {
  CARAT_OPERATIONS, CLAIM_SOURCES, configuredClaims, type CaratOperation, type ClaimBuilder, type ClaimSource, type ConfiguredClaim,
} from './carat/signing.ts';
import { ORDER_GRANT_MIN_SECRET_LENGTH } from './grants/order-grant.ts';
import { DEFAULT_LEASE_TTL_MS } from './store/postgres/postgres-session-leases.ts';
import { DEFAULT_JOURNAL_RETENTION_MS, DEFAULT_RECEIPT_RETENTION_MS } from './store/receipt-retention.ts';

export type CaratAuth = 'signature' | 'authenticity';

export interface ProxyConfig {
  port: number;
  host: string;
  /** The proxy's public base URL, without a trailing slash. */
  publicUrl: string;
  /** Base up to and including /e-sitef; undefined → CARAT_RECHARGE_URL=sandbox: start and use the built-in sandbox. */
  caratRechargeUrl?: string;
  caratApiUrl?: string;
  merchantId: string;
  merchantKey: string;
  auth: CaratAuth;
  /** Signature mode: the RS256 private key. Sandbox mode may leave it out (an ephemeral one is made). */
  privateKey?: KeyObject;
  caratTimeoutMs: number;
  allowedOrigins: string[];
  dataDir: string;
  /**
   * DATABASE_URL: the shared PostgreSQL that holds the journal, for several proxy processes
   * (store/postgres/); unset → the SQLite journal in DATA_DIR, one process. Holds the password: never logged.
   */
  databaseUrl?: string;
  /** With DATABASE_URL: how long a session stays leased to an instance that stopped renewing it (it died). */
  sessionLeaseMs: number;
  /** How often recovery looks for unsettled recharges in the journal (it also runs at start). */
  recoveryIntervalMs: number;
  /** How old a session must be before recovery gives it up when Carat does not know its NIT. */
  recoveryAbandonAfterMs: number;
  /** How long a PIN product's stored answer keeps its receipts for a replay (store/receipt-retention.ts). */
  receiptRetentionMs: number;
  /** How long a settled session and its answers stay in the journal after its last write. */
  journalRetentionMs: number;
  /** On SIGTERM, how long the flows in flight may take to finish before the process exits anyway. */
  shutdownGraceMs: number;
  /** The least severe JSON log line written (pino's levels; `silent` writes none). */
  logLevel: LevelWithSilent;
  /** Rate limits, the card-attempt cap and the body limit (hardening/abuse-guards.ts). */
  limits: AbuseLimits;
  /** Which hops in front may set the client address (TRUST_PROXY), as Express's `trust proxy` takes it. */
  trustProxy: TrustProxy;
  /** Carat's authorizer_id per card brand (CARAT_AUTHORIZER_IDS): the brands the proxy can charge. */
  authorizerIds: Partial<Record<CardBrand, string>>;
  /** Signature mode's JWT claims per operation (CARAT_JWT_CLAIMS); undefined → carat/signing.ts defaultClaims. */
  jwtClaims?: Partial<Record<CaratOperation, ClaimBuilder>>;
  /** Send payment.card.holder to Carat (CARAT_SEND_CARD_HOLDER). */
  sendCardHolder: boolean;
  /** Verifies the merchant's order grants (grants/); unset → grants are refused (sandbox mode makes one up). */
  orderGrantSecret?: string;
}

export interface AbuseLimits {
  creationsPerMinutePerIp: number;
  paymentsPerMinutePerIp: number;
  paymentsPerMinutePerSession: number;
  cardAttemptsPerSession: number;
  bodyLimitBytes: number;
  /** Card attempts that reached Carat per client address in 10 minutes (hardening/card-guard.ts). */
  cardAttemptsPerIp: number;
  /** Declined cards in 10 minutes, for everyone, past which card payments pause for cardPauseMs. */
  cardDeclinesPer10Min: number;
  cardPauseMs: number;
  maxInstallments: number;
  minInstallmentCents: number;
  /** Branch-data lookups per client address per minute, and per recharge session in all. */
  branchesPerMinutePerIp: number;
  branchLookupsPerSession: number;
  /** Carat's notices (POST /carat/authenticity and /carat/status) per client address per minute. */
  caratNoticesPerMinutePerIp: number;
}

/**
 * The limits when no variable says otherwise. A busy shop's customers may all come from one NAT (a
 * mall's Wi-Fi, a carrier's CGNAT), so creations allow well above the 60 a minute such a shop could
 * reach; one shopper retrying a card by hand stays far below 10 a minute, a card-testing script does
 * not. The largest legitimate body, a recharge with a card and answers, is about 2 KB.
 */
export const DEFAULT_ABUSE_LIMITS: AbuseLimits = {
  creationsPerMinutePerIp: 120,
  paymentsPerMinutePerIp: 60,
  paymentsPerMinutePerSession: 10,
  cardAttemptsPerSession: 3,
  bodyLimitBytes: 16 * 1024,
  cardAttemptsPerIp: 5,
  cardDeclinesPer10Min: 30,
  cardPauseMs: 10 * 60_000,
  maxInstallments: 1,
  minInstallmentCents: 500,
  // A shopper looks up a handful (operators, a mistyped bar code); a scraper of bill holders' names, thousands.
  branchesPerMinutePerIp: 120,
  branchLookupsPerSession: 30,
  // Generous: Carat's daily schedule batch posts its status notices in bursts from few addresses.
  caratNoticesPerMinutePerIp: 600,
};

/** What Express's `app.set('trust proxy', …)` receives: nothing, a hop count, or addresses/ranges. */
export type TrustProxy = false | number | string[];

export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Defaults that apply only when no real gateway is configured (the sandbox's demo merchant). */
export interface SandboxMerchantDefaults {
  id: string;
  key: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** A gateway base URL: https, or plain http only on loopback (the sandbox and tests). */
const gatewayUrl = z
  .string()
  .refine((value) => ['https:', 'http:'].includes(parsedUrl(value)?.protocol ?? ''), { error: 'must be an http(s) URL', abort: true })
  .refine((value) => {
    const url = parsedUrl(value)!;
    return url.protocol === 'https:' || isLoopback(url.hostname);
  }, 'must use https (plain http is allowed only on a loopback address)')
  .refine((value) => !parsedUrl(value)!.search && !parsedUrl(value)!.hash, 'must not carry a query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

const origin = z.string().refine((value) => {
  const url = parsedUrl(value);
  return (url?.protocol === 'https:' || url?.protocol === 'http:') && url.origin === value;
}, 'each entry must be an origin such as https://shop.example (scheme, host and optional port only)');

/** A day: see recharge/settlement.ts (rule 8) for why a session Carat does not know may be given up. */
export const DEFAULT_RECOVERY_ABANDON_AFTER_MS = 86_400_000;

/** Digits only: "0x10", "1e3" or " 5" are typos here, not numbers to guess at. */
const wholeNumber = (min: number, max: number, fallback: number, why = '') =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}${why}`))
    .default(fallback);

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 };

/** "16kb" → 16384 ("<n>", "<n>b", "<n>kb" or "<n>mb"), from 1kb to 1mb. */
const byteSize = z.string().transform((text, ctx) => {
  const match = /^(\d{1,7})\s*(b|kb|mb)?$/i.exec(text.trim());
  const bytes = match ? Number(match[1]) * BYTE_UNITS[(match[2] ?? '').toLowerCase()]! : undefined;
  if (bytes === undefined || bytes < 1024 || bytes > 1024 * 1024) {
    ctx.addIssue({ code: 'custom', message: 'must be a size from 1kb to 1mb, such as "16kb"' });
    return z.NEVER;
  }
  return bytes;
});

const NAMED_RANGES = new Set(['loopback', 'uniquelocal', 'linklocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * The widest range TRUST_PROXY may name: an IPv4 /8 (10.0.0.0/8, the widest private block) or an
 * IPv6 /7 (fc00::/7, unique local). Wider ranges hold addresses no proxy of the merchant's holds
 * (0.0.0.0/1 and 128.0.0.0/1 together trust everyone, like the refused "true"); a /0 would also
 * crash Express.
 */
const WIDEST_PREFIX = { 4: 8, 6: 7 } as const;

function isTooWide(entry: string): boolean {
  const [address = '', prefix] = entry.split('/');
  const family = isIP(address);
  return prefix !== undefined && (family === 4 || family === 6) && Number(prefix) < WIDEST_PREFIX[family];
}

/**
 * TRUST_PROXY, off by default on purpose: with nothing trusted, req.ip is the TCP peer, which no
 * client can forge. Trusting an X-Forwarded-For that no proxy of ours sets would let any script
 * claim a fresh address per request and escape the per-IP limits. "true" (every hop) is refused:
 * the client's own X-Forwarded-For entry would then win.
 */
const trustProxy = z.string().transform((raw, ctx): TrustProxy => {
  const text = raw.trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return false;
  const refuse = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (text === 'true') return refuse('trusting every hop lets clients forge their address; give the number of proxies in front (e.g. 1) or their addresses');
  if (/^\d+$/.test(text)) return Number(text) > 10 ? refuse('must be at most 10 hops') : Number(text);
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined || entries.length === 0) {
    return refuse(`expected a number of hops, or addresses/CIDRs/loopback/uniquelocal/linklocal separated by commas${bad ? ` ("${bad.slice(0, 60)}" is none of these)` : ''}`);
  }
  const wide = entries.find(isTooWide);
  if (wide !== undefined) {
    return refuse(`"${wide}" is wider than an IPv4 /8 or an IPv6 /7: it trusts clients to name their own address; name your proxies' addresses, or use loopback/uniquelocal/linklocal`);
  }
  return entries;
});

/**
 * Only what the reference documents: its one payment example sends authorizer_id "1", which
 * e-SiTef's authorizer table gives Visa. Every other brand needs CARAT_AUTHORIZER_IDS.
 */
export const DEFAULT_AUTHORIZER_ID_MAP: Partial<Record<CardBrand, string>> = { visa: '1' };
/**
 * With the built-in sandbox: the three brands the simulator's test cards cover, under the ids this
 * project chose before CARAT_AUTHORIZER_IDS existed (the sandbox accepts any id).
 */
export const SANDBOX_AUTHORIZER_ID_MAP: Partial<Record<CardBrand, string>> = { visa: '1', mastercard: '2', amex: '3' };

const BRANDS = Object.keys(BRAND_NAMES).filter((brand) => brand !== 'unknown') as CardBrand[];

/** "visa:1,mastercard:2" → {visa: "1", mastercard: "2"}. */
const authorizerIds = z.string().transform((value, ctx) => {
  const ids: Partial<Record<CardBrand, string>> = {};
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z]+):(\d{1,5})$/.exec(entry);
    if (!match || !BRANDS.includes(match[1] as CardBrand)) {
      ctx.addIssue({ code: 'custom', message: `expected brand:id pairs such as visa:1,mastercard:2 (brands: ${BRANDS.join(', ')}; ids 1–5 digits), got "${entry}"` });
      return z.NEVER;
    }
    ids[match[1] as CardBrand] = match[2]!;
  }
  return ids;
});

/**
 * CARAT_JWT_CLAIMS: a JSON object from "default" or an operation name to a list of claims, each
 * a value's name ("merchant_id") or "claim=value" to name it otherwise ("merchantId=merchant_id").
 */
const jwtClaims = z.string().transform((value, ctx) => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return fail('expected a JSON object such as {"default":["merchant_id","nit","iat","exp"]}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('expected a JSON object');
  const sets: Partial<Record<CaratOperation | 'default', ConfiguredClaim[]>> = {};
  for (const [operation, list] of Object.entries(parsed)) {
    if (operation !== 'default' && !(CARAT_OPERATIONS as readonly string[]).includes(operation)) {
      return fail(`"${operation}" is not "default" or one of ${CARAT_OPERATIONS.join(', ')}`);
    }
    if (!Array.isArray(list) || list.length === 0) return fail(`"${operation}": expected a non-empty list of claims`);
    const claims: ConfiguredClaim[] = [];
    for (const item of list) {
      const match = typeof item === 'string' ? /^(?:([A-Za-z_][A-Za-z0-9_]*)=)?([a-z_]+)$/.exec(item) : null;
      if (!match || !(CLAIM_SOURCES as readonly string[]).includes(match[2]!)) {
        return fail(`"${operation}": each claim is one of ${CLAIM_SOURCES.join(', ')}, or name=value`);
      }
      claims.push({ name: match[1] ?? match[2]!, source: match[2] as ClaimSource });
    }
    sets[operation as CaratOperation | 'default'] = claims;
  }
  const builders: Partial<Record<CaratOperation, ClaimBuilder>> = {};
  for (const operation of CARAT_OPERATIONS) {
    const set = sets[operation] ?? sets.default;
    if (set) builders[operation] = configuredClaims(set);
  }
  return builders;
});

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const satisfies readonly LevelWithSilent[];

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  CARAT_RECHARGE_URL: gatewayUrl.optional(),
  CARAT_API_URL: gatewayUrl.optional(),
  CARAT_MERCHANT_ID: z.string().regex(/^[A-Za-z0-9]{1,15}$/, 'must be 1–15 letters or digits').optional(),
  CARAT_MERCHANT_KEY: z.string().regex(/^[A-Za-z0-9]{1,80}$/, 'must be 1–80 letters or digits').optional(),
  CARAT_AUTH: z.enum(['signature', 'authenticity'], { error: 'must be "signature" or "authenticity"' }).optional(),
  CARAT_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  // Kept at issue 2's 15 s (issue 4 suggests "a few seconds"): a card authorization behind Carat can
  // take longer than that, and a premature timeout turns a good top-up into a status query and a
  // decision. A long wait is safe: the intent is journaled, and recovery settles what a crash leaves.
  CARAT_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(15_000),
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(origin)),
  DATA_DIR: z.string().min(1).default('./data'),
  // The message never quotes the value: it may hold the database password.
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// (or postgresql://) URL' }).optional(),
  // Renewed every third of it while a flow runs; a dead instance's sessions wait this long for another.
  SESSION_LEASE_MS: wholeNumber(1000, 600_000, DEFAULT_LEASE_TTL_MS),
  RECOVERY_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(30_000),
  // At least a minute, so a passing refusal (a merchant key being rotated) cannot settle a session at once.
  RECOVERY_ABANDON_AFTER_MS: z.coerce.number().int().min(60_000).max(31_536_000_000).default(DEFAULT_RECOVERY_ABANDON_AFTER_MS),
  // At least a minute (a shopper's retry needs some), at most a day: a PIN is a bearer value.
  RECEIPT_RETENTION_MS: z.coerce.number().int().min(60_000).max(86_400_000).default(DEFAULT_RECEIPT_RETENTION_MS),
  // At least a day, so a settled session's answer outlives any retry; at most ten years.
  JOURNAL_RETENTION_MS: z.coerce.number().int().min(86_400_000).max(315_360_000_000).default(DEFAULT_JOURNAL_RETENTION_MS),
  // Below the 30 s a container orchestrator usually grants before SIGKILL; a flow cut short is
  // journaled anyway, and recovery settles it at the next start.
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  TRUST_PROXY: trustProxy.default(false),
  RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP: wholeNumber(1, 1_000_000, DEFAULT_ABUSE_LIMITS.creationsPerMinutePerIp),
  RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_IP: wholeNumber(1, 1_000_000, DEFAULT_ABUSE_LIMITS.paymentsPerMinutePerIp),
  RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_SESSION: wholeNumber(1, 1_000_000, DEFAULT_ABUSE_LIMITS.paymentsPerMinutePerSession),
  CARD_ATTEMPTS_PER_SESSION: wholeNumber(1, 20, DEFAULT_ABUSE_LIMITS.cardAttemptsPerSession, ' (more defeats its purpose: stopping card testing)'),
  BODY_LIMIT: byteSize.default(DEFAULT_ABUSE_LIMITS.bodyLimitBytes),
  CARAT_AUTHORIZER_IDS: authorizerIds.optional(),
  CARAT_JWT_CLAIMS: jwtClaims.optional(),
  CARAT_SEND_CARD_HOLDER: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).default('false'),
  CARD_ATTEMPTS_PER_IP: wholeNumber(1, 1000, DEFAULT_ABUSE_LIMITS.cardAttemptsPerIp),
  CARD_DECLINES_PER_10MIN: wholeNumber(1, 1_000_000, DEFAULT_ABUSE_LIMITS.cardDeclinesPer10Min),
  CARD_PAUSE_MS: wholeNumber(1000, 86_400_000, DEFAULT_ABUSE_LIMITS.cardPauseMs),
  MAX_INSTALLMENTS: wholeNumber(1, 12, DEFAULT_ABUSE_LIMITS.maxInstallments),
  MIN_INSTALLMENT_CENTS: wholeNumber(1, 1_000_000, DEFAULT_ABUSE_LIMITS.minInstallmentCents),
  RATE_LIMIT_BRANCHES_PER_MINUTE_PER_IP: wholeNumber(1, 1_000_000, DEFAULT_ABUSE_LIMITS.branchesPerMinutePerIp),
  BRANCH_LOOKUPS_PER_SESSION: wholeNumber(1, 1000, DEFAULT_ABUSE_LIMITS.branchLookupsPerSession),
  RATE_LIMIT_CARAT_NOTICES_PER_MINUTE_PER_IP: wholeNumber(1, 1_000_000, DEFAULT_ABUSE_LIMITS.caratNoticesPerMinutePerIp),
  // HS256 with a shared secret is only as strong as the secret: 32 characters at least. The reason
  // never quotes the value.
  ORDER_GRANT_SECRET: z.string().min(ORDER_GRANT_MIN_SECRET_LENGTH, `must be at least ${ORDER_GRANT_MIN_SECRET_LENGTH} characters`).optional(),
});

/** Every variable the proxy reads: createRechargeRouter (recharge-router.ts) takes the same names as its options. */
export type SettingName = keyof typeof EnvSchema.shape;
export const SETTING_NAMES = Object.keys(EnvSchema.shape) as SettingName[];

/** An empty variable counts as unset (a common result of `FOO= npm start`); CARAT_RECHARGE_URL is checked before, and refused empty. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''),
  );
}

function readPrivateKey(path: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError('CARAT_PRIVATE_KEY_FILE', `cannot read the file ${path}`);
  }
  try {
    // createPrivateKey reads both PKCS#1 and PKCS#8 PEM files.
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key;
  } catch {
    // The reason stays generic on purpose: never echo any part of the key.
    throw new ConfigError('CARAT_PRIVATE_KEY_FILE', 'is not an unencrypted RSA private key in PEM (PKCS#1 or PKCS#8)');
  }
}

function required<T>(value: T | undefined, variable: string, why: string): T {
  if (value === undefined) throw new ConfigError(variable, `is required ${why}`);
  return value;
}

/** CARAT_RECHARGE_URL's value that runs the built-in simulator instead of a gateway. */
export const SANDBOX_GATEWAY = 'sandbox';

/**
 * CARAT_RECHARGE_URL=sandbox: main.ts then loads and starts the built-in sandbox. Only when asked
 * by name: an unset or empty variable (a deploy script's blank) must not run the simulator with
 * what may be real merchant credentials; loadConfig refuses it.
 */
export function wantsBuiltInSandbox(env: NodeJS.ProcessEnv): boolean {
  return env['CARAT_RECHARGE_URL'] === SANDBOX_GATEWAY;
}

/** `sandboxMerchant`: the defaults for the built-in sandbox's merchant, needed only when wantsBuiltInSandbox(env). */
export function loadConfig(env: NodeJS.ProcessEnv, sandboxMerchant?: SandboxMerchantDefaults): ProxyConfig {
  if (!env['CARAT_RECHARGE_URL']?.trim()) {
    throw new ConfigError('CARAT_RECHARGE_URL', `set the gateway's base URL, or "${SANDBOX_GATEWAY}" for the simulator`);
  }
  const sandbox = wantsBuiltInSandbox(env);
  const parsed = EnvSchema.safeParse(withoutEmpty(sandbox ? { ...env, CARAT_RECHARGE_URL: undefined } : env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const vars = parsed.data;
  const remote = vars.CARAT_RECHARGE_URL !== undefined;
  const why = 'when CARAT_RECHARGE_URL is set';
  if (!remote && !sandboxMerchant) throw new Error('loadConfig: sandbox mode needs the sandbox merchant defaults');

  if (sandbox && vars.DATABASE_URL !== undefined) {
    // The built-in sandbox forgets its transactions at each start, so its journal is started afresh
    // too (main.ts): emptying a shared database at each start would be a trap.
    throw new ConfigError('DATABASE_URL', `is for a real gateway; with CARAT_RECHARGE_URL=${SANDBOX_GATEWAY} the journal stays in DATA_DIR, emptied at each start`);
  }
  const auth: CaratAuth = remote ? required(vars.CARAT_AUTH, 'CARAT_AUTH', why) : (vars.CARAT_AUTH ?? 'authenticity');
  let privateKey: KeyObject | undefined;
  if (vars.CARAT_PRIVATE_KEY_FILE !== undefined) privateKey = readPrivateKey(vars.CARAT_PRIVATE_KEY_FILE);
  if (remote && auth === 'signature' && !privateKey) {
    throw new ConfigError('CARAT_PRIVATE_KEY_FILE', 'is required when CARAT_AUTH is "signature"');
  }

  return {
    port: vars.PORT,
    host: vars.HOST,
    publicUrl: (vars.PUBLIC_URL ?? `http://${vars.HOST}:${vars.PORT}`).replace(/\/+$/, ''),
    ...(remote ? { caratRechargeUrl: vars.CARAT_RECHARGE_URL } : {}),
    ...(vars.CARAT_API_URL !== undefined ? { caratApiUrl: vars.CARAT_API_URL } : {}),
    merchantId: remote ? required(vars.CARAT_MERCHANT_ID, 'CARAT_MERCHANT_ID', why) : (vars.CARAT_MERCHANT_ID ?? sandboxMerchant!.id),
    merchantKey: remote
      ? required(vars.CARAT_MERCHANT_KEY, 'CARAT_MERCHANT_KEY', why)
      : (vars.CARAT_MERCHANT_KEY ?? sandboxMerchant!.key),
    auth,
    ...(privateKey ? { privateKey } : {}),
    caratTimeoutMs: vars.CARAT_TIMEOUT_MS,
    allowedOrigins: vars.ALLOWED_ORIGINS,
    dataDir: vars.DATA_DIR,
    ...(vars.DATABASE_URL !== undefined ? { databaseUrl: vars.DATABASE_URL } : {}),
    sessionLeaseMs: vars.SESSION_LEASE_MS,
    recoveryIntervalMs: vars.RECOVERY_INTERVAL_MS,
    recoveryAbandonAfterMs: vars.RECOVERY_ABANDON_AFTER_MS,
    receiptRetentionMs: vars.RECEIPT_RETENTION_MS,
    journalRetentionMs: vars.JOURNAL_RETENTION_MS,
    shutdownGraceMs: vars.SHUTDOWN_GRACE_MS,
    logLevel: vars.LOG_LEVEL,
    limits: {
      creationsPerMinutePerIp: vars.RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP,
      paymentsPerMinutePerIp: vars.RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_IP,
      paymentsPerMinutePerSession: vars.RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_SESSION,
      cardAttemptsPerSession: vars.CARD_ATTEMPTS_PER_SESSION,
      bodyLimitBytes: vars.BODY_LIMIT,
      cardAttemptsPerIp: vars.CARD_ATTEMPTS_PER_IP,
      cardDeclinesPer10Min: vars.CARD_DECLINES_PER_10MIN,
      cardPauseMs: vars.CARD_PAUSE_MS,
      maxInstallments: vars.MAX_INSTALLMENTS,
      minInstallmentCents: vars.MIN_INSTALLMENT_CENTS,
      branchesPerMinutePerIp: vars.RATE_LIMIT_BRANCHES_PER_MINUTE_PER_IP,
      branchLookupsPerSession: vars.BRANCH_LOOKUPS_PER_SESSION,
      caratNoticesPerMinutePerIp: vars.RATE_LIMIT_CARAT_NOTICES_PER_MINUTE_PER_IP,
    },
    trustProxy: vars.TRUST_PROXY,
    authorizerIds: vars.CARAT_AUTHORIZER_IDS ?? (remote ? DEFAULT_AUTHORIZER_ID_MAP : SANDBOX_AUTHORIZER_ID_MAP),
    ...(vars.CARAT_JWT_CLAIMS ? { jwtClaims: vars.CARAT_JWT_CLAIMS } : {}),
    sendCardHolder: vars.CARAT_SEND_CARD_HOLDER === 'true',
    ...(vars.ORDER_GRANT_SECRET !== undefined ? { orderGrantSecret: vars.ORDER_GRANT_SECRET } : {}),
  };
}
