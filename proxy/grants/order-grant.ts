/**
 * Order grants (issue 8): a JWT the merchant's own server signs with ORDER_GRANT_SECRET when its
 * checkout already took the money, so that the proxy may run a recharge without a card. HS256 only:
 * the secret is shared, and any other algorithm (`none` above all) is refused before the claims are
 * read. The claims are exact (the table in the issue); what a grant allows (single use, the
 * session's type, the amount and dealer limits) is checked where the session uses it.
 */
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { DddSchema, RechargeTypeSchema } from '../browser-schemas.ts';

export const ORDER_GRANT_MIN_SECRET_LENGTH = 32;
/** A grant is short-lived: at most an hour after it was issued (or after now). */
export const ORDER_GRANT_MAX_LIFETIME_SECONDS = 3600;
/** createOrderGrant's lifetime when the caller gives no exp: long enough for a shopper to finish. */
export const ORDER_GRANT_DEFAULT_LIFETIME_SECONDS = 1800;
/** Far longer than any grant with these claims; a bigger token is not read at all. */
const MAX_TOKEN_LENGTH = 4096;

export const OrderGrantClaimsSchema = z.object({
  jti: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8–64 characters: letters, digits, "_" or "-"'),
  exp: z.int().positive(),
  iat: z.int().positive().optional(),
  orderId: z.string().regex(/^[A-Za-z0-9]{1,20}$/, 'expected 1–20 letters or digits'),
  type: RechargeTypeSchema,
  maxAmountCents: z.int().min(1, 'expected a positive whole number of cents').max(99_999_999_999, 'is too large'),
  dealerCode: z.string().regex(/^\d{1,3}$/, 'expected a dealer code: 1–3 digits').optional(),
  phone: z.strictObject({ ddd: DddSchema, number: z.string().regex(/^\d{8,9}$/, 'expected a phone number: 8–9 digits') }).optional(),
});

export type OrderGrant = z.infer<typeof OrderGrantClaimsSchema>;
/** What a merchant gives createOrderGrant: jti and exp are made up when left out. */
export type OrderGrantInput = Omit<OrderGrant, 'jti' | 'exp' | 'iat'> & { jti?: string; exp?: number };

export type OrderGrantFailure =
  | 'secret_unusable' | 'malformed' | 'algorithm' | 'bad_signature' | 'expired' | 'not_yet_valid' | 'exp_too_far' | 'invalid_claim';

/** Why a grant was refused; the message names the rule and never repeats the token or the secret. */
export class OrderGrantError extends Error {
  constructor(readonly reason: OrderGrantFailure, message: string) {
    super(message);
    this.name = 'OrderGrantError';
  }
}

function requireUsableSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < ORDER_GRANT_MIN_SECRET_LENGTH) {
    throw new OrderGrantError('secret_unusable', `grants are refused: ORDER_GRANT_SECRET is unset or shorter than ${ORDER_GRANT_MIN_SECRET_LENGTH} characters`);
  }
}

/** The claims, checked against the table and the lifetime bound. */
function checkedClaims(payload: unknown, nowSeconds: number): OrderGrant {
  const parsed = OrderGrantClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OrderGrantError('invalid_claim', `grant claim ${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`);
  }
  const claims = parsed.data;
  // The earlier of iat and now: an iat in the future cannot stretch the hour.
  const issuedAt = Math.min(claims.iat ?? nowSeconds, nowSeconds);
  if (claims.exp - issuedAt > ORDER_GRANT_MAX_LIFETIME_SECONDS) {
    throw new OrderGrantError('exp_too_far', 'grant exp is more than 1 hour after its iat or now');
  }
  return claims;
}

/** Signs a grant (HS256) for a merchant's server; `now` in milliseconds. */
export function createOrderGrant(claims: OrderGrantInput, secret: string, now: number = Date.now()): string {
  requireUsableSecret(secret);
  const iat = Math.floor(now / 1000);
  const payload = checkedClaims({
    ...claims,
    jti: claims.jti ?? randomBytes(16).toString('base64url'),
    exp: claims.exp ?? iat + ORDER_GRANT_DEFAULT_LIFETIME_SECONDS,
    iat,
  }, iat);
  if (payload.exp <= iat) throw new OrderGrantError('expired', 'grant exp is not after now');
  return jwt.sign(payload, secret, { algorithm: 'HS256' });
}

function verifyFailure(error: unknown): OrderGrantError {
  if (error instanceof jwt.TokenExpiredError) return new OrderGrantError('expired', 'grant expired');
  if (error instanceof jwt.NotBeforeError) return new OrderGrantError('not_yet_valid', 'grant is not valid yet (nbf)');
  if (error instanceof jwt.JsonWebTokenError && error.message === 'invalid signature') {
    return new OrderGrantError('bad_signature', 'grant signature does not match (not signed with ORDER_GRANT_SECRET)');
  }
  // The library checks these two claims' types before our schema sees them.
  if (error instanceof jwt.JsonWebTokenError && /^invalid (exp|nbf) value$/.test(error.message)) {
    return new OrderGrantError('invalid_claim', `grant claim ${error.message.split(' ')[1]}: expected a whole number of seconds`);
  }
  return new OrderGrantError('malformed', 'grant is malformed: not a readable JWT');
}

/** The grant's claims if it is valid at `now` (milliseconds); otherwise an OrderGrantError saying why. */
export function verifyOrderGrant(token: string, secret: string, now: number): OrderGrant {
  requireUsableSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
    throw new OrderGrantError('malformed', 'grant is malformed: not a readable JWT');
  }
  let decoded: jwt.Jwt | null;
  try {
    // decode() throws on a header typ JWT over a payload that is not JSON.
    decoded = jwt.decode(token, { complete: true });
  } catch {
    decoded = null;
  }
  if (!decoded) throw new OrderGrantError('malformed', 'grant is malformed: not a readable JWT');
  const algorithm = decoded.header.alg;
  if (algorithm !== 'HS256') {
    throw new OrderGrantError('algorithm', `grant algorithm ${JSON.stringify(String(algorithm)).slice(0, 20)} is refused: HS256 only`);
  }
  const nowSeconds = Math.floor(now / 1000);
  let payload: unknown;
  try {
    payload = jwt.verify(token, secret, { algorithms: ['HS256'], clockTimestamp: nowSeconds });
  } catch (error) {
    throw verifyFailure(error);
  }
  return checkedClaims(payload, nowSeconds);
}
