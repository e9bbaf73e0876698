/** GET /v3/rechargedealers?nit&generalhash — the dealers of the transaction's recharge type (§3.3). */
import type { Request } from 'express';
import { dealersWire } from '../catalogue-wire.ts';
import { loadTransaction, queryValue, type SandboxContext } from '../context.ts';
import type { Operation } from '../reply.ts';
import { GENERAL_HASH_FORMAT, RequestError, formatProblem } from '../request-rules.ts';
import { RESPONSE_WRAPPERS, esitefOk, type WireBody } from '../responses.ts';

const WRAPPER = RESPONSE_WRAPPERS.dealers;

export function listDealers(ctx: SandboxContext, req: Request): Operation {
  return { responseWrapper: WRAPPER, run: () => dealers(ctx, req) };
}

function dealers(ctx: SandboxContext, req: Request): WireBody {
  const tx = loadTransaction(ctx, req, queryValue(req, 'nit'));
  const hash = queryValue(req, 'generalhash');
  if (hash !== undefined && hash !== '') {
    const problem = formatProblem(hash, GENERAL_HASH_FORMAT);
    if (problem) throw new RequestError('generalhash', problem);
  }
  return {
    [WRAPPER]: {
      status: tx.status,
      esitef: esitefOk(),
      authorizer: { message: '', code: '000' },
      hashes: { general: ctx.catalogue.generalHash() },
      dealers: dealersWire(ctx.catalogue, tx.rechargeType),
    },
  };
}
