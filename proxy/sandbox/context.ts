/** What every route of one sandbox shares, and the checks common to every call on a NIT. */
import type { Request } from 'express';
import type { Catalogue } from './catalogue.ts';
import type { FaultBook } from './faults.ts';
import type { MerchantRegistry } from './merchants.ts';
import type { HangingResponses } from './reply.ts';
import { NIT_FORMAT, RequestError, formatProblem } from './request-rules.ts';
import { ESITEF_CODES } from './responses.ts';
import { bearerToken, verifySignature } from './signature.ts';
import type { Transaction, TransactionBook } from './transactions.ts';

export interface SandboxContext {
  catalogue: Catalogue;
  book: TransactionBook;
  merchants: MerchantRegistry;
  faults: FaultBook;
  hangs: HangingResponses;
  now(): number;
  authenticityTimeoutMs: number;
}

export interface LoadOptions {
  /** The status query answers for an expired NIT too (it reports EXP). */
  allowExpired?: boolean;
}

/**
 * The transaction a call names, after the §8 checks: NIT format, known, not expired, and the JWT
 * when it was created with a signature.
 */
export function loadTransaction(ctx: SandboxContext, req: Request, nit: unknown, options: LoadOptions = {}): Transaction {
  if (typeof nit !== 'string' || nit === '') throw new RequestError('nit', 'is required');
  const problem = formatProblem(nit, NIT_FORMAT);
  if (problem) throw new RequestError('nit', problem);
  const tx = ctx.book.get(nit);
  if (!tx || tx.status === 'INV') throw new RequestError('nit', 'unknown transaction', ESITEF_CODES.unknownTransaction);
  if (tx.status === 'EXP' && !options.allowExpired) {
    throw new RequestError('nit', 'transaction expired', ESITEF_CODES.expiredTransaction, 'EXP');
  }
  if (tx.signed) {
    const token = bearerToken(req.get('authorization'));
    if (token === undefined) throw new RequestError('Authorization', 'Authorization required (the NIT was created with a signature)', ESITEF_CODES.authorization);
    const merchant = ctx.merchants.byKey(tx.merchantKey);
    if (!merchant) throw new RequestError('Authorization', 'merchant no longer registered', ESITEF_CODES.merchant);
    verifySignature(token, merchant, ctx.now(), tx.nit);
  }
  return tx;
}

/** A single query-string value (Express gives arrays for repeated keys). */
export function queryValue(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new RequestError(name, 'expected a single value');
  return value;
}
