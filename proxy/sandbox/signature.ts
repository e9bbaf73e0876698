/**
 * Signature mode (§2): an RS256 JWT in `Authorization: Bearer`, verified against the merchant's
 * registered public key. Q1 (the vendor's claim table is missing): the claims we know — merchant_id,
 * and nit after creation — must match the call when present; exp is enforced; extra claims pass.
 */
import jwt from 'jsonwebtoken';
import type { SandboxMerchant } from './merchants.ts';
import { RequestError } from './request-rules.ts';
import { ESITEF_CODES } from './responses.ts';

const FIELD = 'Authorization';
const MAX_HEADER_CHARS = 2000;

function denied(reason: string): RequestError {
  return new RequestError(FIELD, reason, ESITEF_CODES.authorization);
}

/** The bearer token of the header, or undefined when the header is absent. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  if (header.length > MAX_HEADER_CHARS) throw denied(`expected up to ${MAX_HEADER_CHARS} characters`);
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw denied('expected "Bearer <JWT>"');
  return match[1];
}

export function verifySignature(token: string, merchant: SandboxMerchant, nowMs: number, nit?: string): void {
  if (!merchant.publicKeyPem) throw denied('merchant has no registered public key');
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, merchant.publicKeyPem, {
      algorithms: ['RS256'],
      clockTimestamp: Math.floor(nowMs / 1000),
    });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) throw denied('token expired');
    if (error instanceof jwt.NotBeforeError) throw denied('token not yet valid');
    throw denied('invalid token signature');
  }
  if (typeof payload === 'string') throw denied('expected a JSON claim set');
  if (payload.merchant_id !== undefined && payload.merchant_id !== merchant.id) {
    throw denied('merchant_id claim does not match the merchant');
  }
  if (nit !== undefined && payload.nit !== undefined && payload.nit !== nit) {
    throw denied('nit claim does not match the transaction');
  }
}
