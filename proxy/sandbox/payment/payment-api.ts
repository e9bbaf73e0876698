/**
 * The REST Payment and Schedule APIs under /e-sitef/api (§4, §6): payment creation (with or without
 * a schedule), effectuation, late confirmation, the status queries, schedule activation and the edit
 * flow. Each call is recorded with the recharge calls and answered through the same fault injection
 * (faults.ts, reply.ts). The daily batch is not a call: the control API runs it (schedule/).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { SandboxContext } from '../context.ts';
import type { CallInfo } from '../faults.ts';
import { reply } from '../reply.ts';
import { RequestError } from '../request-rules.ts';
import { ESITEF_CODES, type WireBody } from '../responses.ts';
import { confirmPayment } from './confirm-payment.ts';
import { createTransaction } from './create-transaction.ts';
import { effectPayment } from './effect-payment.ts';
import { activateSchedule } from '../schedule/activate-schedule.ts';
import { applyEdit } from '../schedule/apply-edit.ts';
import { openEdit } from '../schedule/open-edit.ts';
import { querySchedule } from '../schedule/query-schedule.ts';
import type { Scheduling } from '../schedule/scheduling.ts';
import { paymentRefusal } from './payment-answers.ts';
import { queryTransaction } from './query-transaction.ts';

type PaymentOperation = (ctx: SandboxContext, scheduling: Scheduling, req: Request) => WireBody | Promise<WireBody>;

/** A failed check answers in the payment API's own unwrapped shape. */
async function runChecked(operation: () => WireBody | Promise<WireBody>): Promise<WireBody> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof RequestError) return paymentRefusal(error.esitefCode, error.message, error.status);
    throw error;
  }
}

export function paymentApi(ctx: SandboxContext, calls: CallInfo[], scheduling: Scheduling): express.Router {
  const router = express.Router();

  router.use((req: Request, res: Response, next: NextFunction) => {
    const call: CallInfo = { method: req.method, path: req.originalUrl.split('?')[0] ?? req.originalUrl };
    calls.push(call);
    res.locals.call = call;
    // The confirmation PUT carries its data in the query string (§4.3): only bodies need JSON.
    const needsJson = req.method === 'POST' || (req.method === 'PUT' && req.path.startsWith('/v1/schedules/'));
    if (needsJson && !req.is('application/json')) {
      res.status(415).json({ error: 'Content-Type must be application/json' });
      return;
    }
    next();
  });
  router.use(express.json({ limit: '100kb' }));

  const handle = (operation: PaymentOperation) => async (req: Request, res: Response) => {
    const fault = ctx.faults.take(res.locals.call as CallInfo);
    if (fault?.kind === 'deny') {
      res.json(paymentRefusal(ESITEF_CODES.denied, 'Transaction denied by the authorizer (sandbox fault)'));
      return;
    }
    // reply() wraps only the deny answer and a cut body in `responseWrapper`: the cut body then
    // reads `{"payment":{"status":"PP`, a plausible truncation of a payment answer.
    await reply(res, fault, { responseWrapper: 'payment', run: () => runChecked(() => operation(ctx, scheduling, req)) }, ctx.hangs);
  };

  router.post('/v1/transactions', handle(createTransaction));
  router.post('/v1/payments/:nit', handle(effectPayment));
  router.put('/v1/payments/:nit', handle(confirmPayment));
  router.get('/v1/transactions/:nit', handle(queryTransaction));
  // Before /v1/schedules/:sid, which would take "edits" for a SID.
  router.post('/v1/schedules/edits', handle(openEdit));
  router.put('/v1/schedules/edits/:seid', handle(applyEdit));
  router.post('/v1/schedules/:sid', handle(activateSchedule));
  router.get('/v1/schedules/:sid', handle(querySchedule));
  // Anything else under /e-sitef/api stops here instead of reaching the recharge API.
  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'no such service in the sandbox' });
  });
  return router;
}
