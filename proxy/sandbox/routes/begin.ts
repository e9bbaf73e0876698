/**
 * POST /v3/recharge — recharge creation (§3.2). With `Authorization: Bearer <JWT>`: signature
 * mode, the NIT comes back in the response. Without: authenticity mode, the NIT goes to the
 * merchant's authenticity URL by form POST, and the response carries only esitef.
 */
import type { Request } from 'express';
import { postAuthenticity } from '../authenticity.ts';
import { RECHARGE_TYPES, type RechargeType } from '../catalogue.ts';
import type { SandboxContext } from '../context.ts';
import type { Operation } from '../reply.ts';
import {
  GENERAL_HASH_FORMAT, MERCHANT_KEY_FORMAT, RequestError, digits, field, requiredField, text, wrapperOf,
} from '../request-rules.ts';
import { ESITEF_CODES, RESPONSE_WRAPPERS, esitefOk, type WireBody } from '../responses.ts';
import { bearerToken, verifySignature } from '../signature.ts';

const WRAPPER = RESPONSE_WRAPPERS.begin;

export function beginRecharge(ctx: SandboxContext, req: Request): Operation {
  return { responseWrapper: WRAPPER, run: () => begin(ctx, req) };
}

async function begin(ctx: SandboxContext, req: Request): Promise<WireBody> {
  const body = wrapperOf(req.body, 'begin_recharge_request');
  const key = requiredField(body, 'merchant_key', MERCHANT_KEY_FORMAT);
  const merchantUsn = field(body, 'merchant_usn', digits(12));
  const orderId = field(body, 'order_id', text(20));
  // Q6: recharge_type is documented `= 6 A` although "invoice" has 7 characters: check the value only.
  const type = (field(body, 'recharge_type', text(7)) ?? 'normal') as RechargeType;
  if (!RECHARGE_TYPES.includes(type)) throw new RequestError('recharge_type', 'expected normal, others or invoice');
  field(body, 'general_hash', GENERAL_HASH_FORMAT);

  const merchant = ctx.merchants.byKey(key);
  if (!merchant) throw new RequestError('merchant_key', 'unknown merchant', ESITEF_CODES.merchant);
  const token = bearerToken(req.get('authorization'));
  if (merchant.auth === 'signature' && token === undefined) {
    throw new RequestError('Authorization', 'Authorization required: this merchant is registered for signature mode', ESITEF_CODES.authorization);
  }
  if (merchant.auth === 'authenticity' && token !== undefined) {
    throw new RequestError('Authorization', 'this merchant is registered for authenticity mode and may not sign', ESITEF_CODES.authorization);
  }
  if (token !== undefined) verifySignature(token, merchant, ctx.now());

  const tx = ctx.book.create({
    merchantId: merchant.id, merchantKey: merchant.key, rechargeType: type, signed: token !== undefined, orderId, merchantUsn,
  });
  const generalHash = ctx.catalogue.generalHash();
  const echoes: Record<string, string> = {};
  if (orderId !== undefined) echoes.order_id = orderId;
  if (merchantUsn !== undefined) echoes.merchant_usn = merchantUsn;

  if (tx.signed) {
    return {
      [WRAPPER]: { nit: tx.nit, merchant_id: merchant.id, ...echoes, general_hash: generalHash, esitef: esitefOk() },
    };
  }
  const outcome = await postAuthenticity(
    merchant.authenticityUrl ?? '',
    { nit: tx.nit, merchantId: merchant.id, orderId, merchantUSN: merchantUsn, generalHash },
    ctx.authenticityTimeoutMs,
  );
  if (!outcome.ok) {
    tx.status = 'INV';
    throw new RequestError('authenticity', `POST failed: ${outcome.reason}`, ESITEF_CODES.authenticityPost, 'INV');
  }
  return { [WRAPPER]: { esitef: esitefOk() } };
}
