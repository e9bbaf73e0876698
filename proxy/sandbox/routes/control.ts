/**
 * Test and bench controls over HTTP, outside /e-sitef, for a sandbox running in another process:
 * faults, the call log, transaction states and catalogue changes.
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { Sandbox } from '../app.ts';

const EffectSchema = z.enum(['before', 'after']).optional();
const FaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('timeout'), effect: z.enum(['before', 'after', 'late']).optional(), delayMs: z.number().int().min(0).max(600_000).optional() }),
  z.object({ kind: z.literal('http-error'), effect: EffectSchema, status: z.number().int().min(400).max(599).optional() }),
  z.object({ kind: z.literal('malformed-json'), effect: EffectSchema }),
  z.object({ kind: z.literal('unknown-fields') }),
  z.object({ kind: z.literal('deny') }),
  z.object({ kind: z.literal('altered-answer'), status: z.string().regex(/^[A-Z]{3}$/).optional(), dropPayment: z.boolean().optional(), effect: EffectSchema }),
]);
const FaultRequestSchema = z.object({
  fault: FaultSchema,
  match: z.object({ method: z.string().optional(), path: z.string().optional(), wrapper: z.string().optional() }).optional(),
  count: z.number().int().min(1).optional(),
  /** Applies until DELETE /_sandbox/faults instead of `count` times. */
  always: z.boolean().optional(),
});

export function controlApi(sandbox: Sandbox): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '20kb' }));

  router.post('/faults', (req: Request, res: Response) => {
    const parsed = FaultRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res.status(400).json({ error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    const { fault, match, count, always } = parsed.data;
    if (always) sandbox.faults.always(fault, match);
    else sandbox.faults.next(fault, match, count);
    res.status(204).end();
  });
  router.delete('/faults', (_req: Request, res: Response) => {
    sandbox.faults.clear();
    res.status(204).end();
  });
  router.get('/calls', (_req: Request, res: Response) => {
    res.json({ calls: sandbox.calls });
  });
  router.get('/transactions', (_req: Request, res: Response) => {
    const transactions = sandbox.transactions().map(({ nit }) => {
      const tx = sandbox.transaction(nit);
      return { nit, status: tx?.status, ...(tx?.paymentStatus ? { paymentStatus: tx.paymentStatus } : {}) };
    });
    res.json({ transactions });
  });
  router.post('/catalogue/bump', (_req: Request, res: Response) => {
    sandbox.bumpCatalogue();
    res.json({ generalHash: sandbox.generalHash() });
  });
  return router;
}
