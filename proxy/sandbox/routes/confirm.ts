/**
 * PUT /v3/recharge/{nit} with confirm_recharge_request (§3.6): "true" confirms the recharge and
 * its payment (CON), "false" undoes both (Q7: PPN). Only a PPC transaction can be settled.
 */
import type { Request } from 'express';
import { loadTransaction, type SandboxContext } from '../context.ts';
import type { Operation } from '../reply.ts';
import { MERCHANT_KEY_FORMAT, RequestError, requiredField, text, wrapperOf } from '../request-rules.ts';
import { ESITEF_CODES, RESPONSE_WRAPPERS, type WireBody } from '../responses.ts';
import { settle } from '../transactions.ts';
import { usedPaymentMethods } from './do-recharge.ts';

const WRAPPER = RESPONSE_WRAPPERS.confirm;

export function confirmRecharge(ctx: SandboxContext, req: Request): Operation {
  return { responseWrapper: WRAPPER, run: () => run(ctx, req) };
}

function run(ctx: SandboxContext, req: Request): WireBody {
  const tx = loadTransaction(ctx, req, req.params.nit);
  const body = wrapperOf(req.body, 'confirm_recharge_request');
  const confirm = requiredField(body, 'confirm', text(5));
  if (confirm !== 'true' && confirm !== 'false') throw new RequestError('confirm', 'expected "true" or "false"');
  const key = requiredField(body, 'merchant_key', MERCHANT_KEY_FORMAT);
  if (key !== tx.merchantKey) {
    throw new RequestError('merchant_key', 'is not the merchant of this recharge', ESITEF_CODES.merchant, tx.status);
  }
  usedPaymentMethods(body);
  if (tx.status !== 'PPC') {
    throw new RequestError('status', `transaction is ${tx.status}; confirmation needs PPC`, ESITEF_CODES.wrongState, tx.status);
  }
  settle(tx, confirm === 'true');
  const response: Record<string, unknown> = { esitef: { message: 'OK', code: ESITEF_CODES.ok }, status: tx.status };
  if (tx.paymentStatus) response.payment = { status: tx.paymentStatus };
  return { [WRAPPER]: response };
}
