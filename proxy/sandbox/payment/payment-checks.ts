/**
 * Checks every REST Payment call shares (§4): the merchant_id/merchant_key headers name a
 * registered merchant, and a NIT is well formed, known, not expired and that merchant's own.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../context.ts';
import type { SandboxMerchant } from '../merchants.ts';
import { NIT_FORMAT, RequestError, alnum, formatProblem, isObject, type Format, type Json } from '../request-rules.ts';
import { ESITEF_CODES } from '../responses.ts';
import type { Payment, PaymentBook } from './payment-book.ts';

function header(req: Request, name: string, format: Format): string {
  const value = req.get(name);
  if (value === undefined || value === '') throw new RequestError(name, 'header is required', ESITEF_CODES.merchant);
  const problem = formatProblem(value, format);
  if (problem) throw new RequestError(name, `header ${problem}`, ESITEF_CODES.merchant);
  return value;
}

/** The merchant the headers name; the id must belong to the key, as Carat registers them together. */
export function merchantOf(ctx: SandboxContext, req: Request): SandboxMerchant {
  const id = header(req, 'merchant_id', alnum(15));
  const key = header(req, 'merchant_key', alnum(80));
  const merchant = ctx.merchants.byKey(key);
  if (!merchant || merchant.id !== id) throw new RequestError('merchant_key', 'unknown merchant', ESITEF_CODES.merchant);
  return merchant;
}

export interface LoadOptions {
  /** The status query answers for an expired NIT too (it reports EXP). */
  allowExpired?: boolean;
}

export function loadPayment(payments: PaymentBook, merchant: SandboxMerchant, nit: unknown, options: LoadOptions = {}): Payment {
  if (typeof nit !== 'string' || nit === '') throw new RequestError('nit', 'is required');
  const problem = formatProblem(nit, NIT_FORMAT);
  if (problem) throw new RequestError('nit', problem);
  const payment = payments.get(nit);
  // Another merchant's NIT is reported as unknown: its existence is not that merchant's business.
  if (!payment || payment.merchantKey !== merchant.key) {
    throw new RequestError('nit', 'unknown transaction', ESITEF_CODES.unknownTransaction);
  }
  if (payment.status === 'EXP' && !options.allowExpired) {
    throw new RequestError('nit', 'transaction expired', ESITEF_CODES.expiredTransaction, 'EXP');
  }
  return payment;
}

/** The JSON object body of a POST (payment bodies have no wrapper, §1). */
export function jsonBody(body: unknown): Json {
  if (!isObject(body)) throw new RequestError('body', 'expected a JSON object body');
  return body;
}

const INSTALLMENT_TYPES = new Set(['3', '4', '6', '7']);

/** installments `< 2 N`, 1–12; installment_type one of the §3.5 codes. */
export function checkInstallments(installments: string | undefined, installmentType: string | undefined): void {
  if (installments !== undefined && (Number(installments) < 1 || Number(installments) > 12)) {
    throw new RequestError('installments', 'expected 1 to 12 installments');
  }
  if (installmentType !== undefined && !INSTALLMENT_TYPES.has(installmentType)) {
    throw new RequestError('installment_type', 'expected 3, 4, 6 or 7');
  }
}
