/**
 * RS256 JWTs for Carat's signature mode (§2). The vendor's per-service claim table is lost (Q1), so
 * the claims are built per operation by replaceable functions.
 *
 * Q1 choice (default claims): `{merchant_id, iat, exp = iat + 300}` on creation, and
 * `{merchant_id, nit, iat, exp = iat + 300}` on every later call for that NIT. Header exactly
 * `{"alg":"RS256","typ":"JWT"}`. Without code changes, CARAT_JWT_CLAIMS (config.ts) replaces the
 * claim set, for every operation or per operation, once the vendor's table is known; `claims` in
 * createApp does the same in code.
 */
import { randomUUID, sign, type KeyObject } from 'node:crypto';

export const CARAT_OPERATIONS = ['createRecharge', 'listDealers', 'listBranchData', 'doRecharge', 'confirmRecharge', 'getRechargeStatus'] as const;
export type CaratOperation = (typeof CARAT_OPERATIONS)[number];

export interface ClaimContext {
  operation: CaratOperation;
  merchantId: string;
  /** Absent on creation. */
  nit?: string;
  /** Seconds since the epoch. */
  nowSeconds: number;
}

export type ClaimBuilder = (context: ClaimContext) => Record<string, unknown>;

export const TOKEN_LIFETIME_SECONDS = 300;

export const defaultClaims: ClaimBuilder = ({ merchantId, nit, nowSeconds }) => ({
  merchant_id: merchantId,
  ...(nit !== undefined ? { nit } : {}),
  iat: nowSeconds,
  exp: nowSeconds + TOKEN_LIFETIME_SECONDS,
});

/** The values a configured claim set (CARAT_JWT_CLAIMS) can carry; `nit` is left out on creation. */
export const CLAIM_SOURCES = ['merchant_id', 'nit', 'iat', 'exp', 'jti'] as const;
export type ClaimSource = (typeof CLAIM_SOURCES)[number];
/** One claim of a configured set: its name in the token, and which value it carries. */
export interface ConfiguredClaim {
  name: string;
  source: ClaimSource;
}

/** A builder for a configured claim set: the claims in the order given, with these values. */
export function configuredClaims(claims: ConfiguredClaim[]): ClaimBuilder {
  return ({ merchantId, nit, nowSeconds }) => {
    const values: Record<ClaimSource, unknown> = {
      merchant_id: merchantId, nit, iat: nowSeconds, exp: nowSeconds + TOKEN_LIFETIME_SECONDS, jti: randomUUID(),
    };
    return Object.fromEntries(claims.filter((claim) => values[claim.source] !== undefined).map((claim) => [claim.name, values[claim.source]]));
  };
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const HEADER = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));

export interface SignerOptions {
  privateKey: KeyObject;
  merchantId: string;
  /** Per-operation claim builders; the others use defaultClaims. */
  claims?: Partial<Record<CaratOperation, ClaimBuilder>>;
  now?: () => number;
}

export interface RequestSigner {
  /** The value of the Authorization header for this call. */
  authorization(operation: CaratOperation, nit?: string): string;
}

export function createRequestSigner(options: SignerOptions): RequestSigner {
  if (options.privateKey.asymmetricKeyType !== 'rsa') throw new Error('Signature mode needs an RSA private key');
  const now = options.now ?? Date.now;
  return {
    authorization(operation, nit) {
      const build = options.claims?.[operation] ?? defaultClaims;
      const context: ClaimContext = { operation, merchantId: options.merchantId, nowSeconds: Math.floor(now() / 1000) };
      if (nit !== undefined) context.nit = nit;
      // Compact JWS by hand (RFC 7515): the header stays exactly as Carat documents it, and the
      // payload is exactly what the builder returns (a library would add or drop iat).
      const signingInput = `${HEADER}.${base64url(JSON.stringify(build(context)))}`;
      const signature = sign('sha256', Buffer.from(signingInput), options.privateKey).toString('base64url');
      return `Bearer ${signingInput}.${signature}`;
    },
  };
}
