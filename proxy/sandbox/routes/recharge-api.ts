/**
 * The REST Recharge API under /e-sitef: records every call, enforces JSON on writes, and hands
 * each route's operation to reply() with the fault injected for that call.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { SandboxContext } from '../context.ts';
import type { CallInfo } from '../faults.ts';
import { reply, type Operation } from '../reply.ts';
import { isObject } from '../request-rules.ts';
import { RESPONSE_WRAPPERS, businessError, ESITEF_CODES } from '../responses.ts';
import { beginRecharge } from './begin.ts';
import { listNormalBranches } from './branches-normal.ts';
import { listBranchData } from './branches-put.ts';
import { confirmRecharge } from './confirm.ts';
import { listDealers } from './dealers.ts';
import { doRecharge } from './do-recharge.ts';
import { rechargeStatus } from './status.ts';

type OperationFactory = (ctx: SandboxContext, req: Request) => Operation;

/** The request's wrapper key, e.g. do_recharge_request, used to count and match calls. */
function wrapperKey(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  return Object.keys(body).find((k) => k.endsWith('_request'));
}

export function rechargeApi(ctx: SandboxContext, calls: CallInfo[]): express.Router {
  const router = express.Router();

  router.use((req: Request, res: Response, next: NextFunction) => {
    const call: CallInfo = { method: req.method, path: req.originalUrl.split('?')[0] ?? req.originalUrl };
    calls.push(call);
    res.locals.call = call;
    if ((req.method === 'POST' || req.method === 'PUT') && !req.is('application/json')) {
      res.status(415).json({ error: 'Content-Type must be application/json' });
      return;
    }
    next();
  });
  router.use(express.json({ limit: '100kb' }));
  router.use((req: Request, res: Response, next: NextFunction) => {
    const wrapper = wrapperKey(req.body);
    if (wrapper) (res.locals.call as CallInfo).wrapper = wrapper;
    next();
  });

  const handle = (factory: OperationFactory) => async (req: Request, res: Response) => {
    const fault = ctx.faults.take(res.locals.call as CallInfo);
    await reply(res, fault, factory(ctx, req), ctx.hangs);
  };

  router.post('/v3/recharge', handle(beginRecharge));
  router.get('/v3/rechargedealers', handle(listDealers));
  router.get('/v3/rechargebranches', handle(listNormalBranches));
  router.put('/v3/rechargebranches/:nit', handle(listBranchData));
  // Do-recharge and confirmation share method and path: the wrapper key decides (§3.6).
  router.put('/v3/recharge/:nit', handle((c, req) => {
    if (isObject(req.body) && req.body.confirm_recharge_request !== undefined) return confirmRecharge(c, req);
    if (isObject(req.body) && req.body.do_recharge_request !== undefined) return doRecharge(c, req);
    return {
      responseWrapper: RESPONSE_WRAPPERS.do,
      run: () => businessError(RESPONSE_WRAPPERS.do, ESITEF_CODES.invalidField,
        'do_recharge_request: expected a do_recharge_request or confirm_recharge_request wrapper'),
    };
  }));
  router.get('/v3/recharge/:nit', handle(rechargeStatus));

  return router;
}
