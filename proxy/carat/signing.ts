/**
 * RS256 JWTs for Carat's signature mode (§2). The vendor's per-service claim table is lost (Q1), so
 * the claims are built per operation by replaceable functions.
 *
 * Q1 choice (default claims): `{merchant_id, iat, exp = iat + 300}` on creation, and
 * `{merchant_id, nit, iat, exp = iat + 300}` on every later call for that NIT. Header exactly
 * `{"alg":"RS256","typ":"JWT"}`. Override with `claims` when the vendor's table is known.
 */
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

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
      // iat and exp come from the claims themselves (noTimestamp), so a builder controls them fully.
      const token = jwt.sign(build(context), options.privateKey, {
        algorithm: 'RS256',
        header: { alg: 'RS256', typ: 'JWT' },
        noTimestamp: true,
      });
      return `Bearer ${token}`;
    },
  };
}
