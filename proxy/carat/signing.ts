/**
 * RS256 JWTs for Carat's signature mode (§2). The vendor's per-service claim table is lost (Q1), so
 * the claims are built per operation by replaceable functions.
 *
 * Q1 choice (default claims): `{merchant_id, iat, exp = iat + 300}` on creation, and
 * `{merchant_id, nit, iat, exp = iat + 300}` on every later call for that NIT. Header exactly
 * `{"alg":"RS256","typ":"JWT"}`. Override with `claims` when the vendor's table is known.
 */
import { sign, type KeyObject } from 'node:crypto';

export type CaratOperation =
  | 'createRecharge'
  | 'listDealers'
  | 'listBranchData'
  | 'doRecharge'
  | 'confirmRecharge'
  | 'getRechargeStatus';

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
