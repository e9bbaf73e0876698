/**
 * The calendar and batch controls over HTTP, under /_sandbox/schedules, for a sandbox running in
 * another process (the module API is schedule-control.ts):
 *   GET    /_sandbox/schedules          today, every schedule, every notification
 *   POST   /_sandbox/schedules/batch    run today's batch                 → {today, executions}
 *   POST   /_sandbox/schedules/advance  {days}: move on, batch each day  → {today, executions}
 *   POST   /_sandbox/schedules/faults   {fault:{kind:"deny-execution"|"late-execution"|"repeat-notification"|"drop-notification", times?, dropFinalNotice?}, sid?, count?}
 *   DELETE /_sandbox/schedules/faults
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { MAX_ADVANCE_DAYS, type ExecutionReport, type ScheduleControl } from './schedule-control.ts';

const AdvanceSchema = z.object({ days: z.number().int().min(1).max(MAX_ADVANCE_DAYS) });
const FaultRequestSchema = z.object({
  fault: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('deny-execution') }),
    z.object({ kind: z.literal('late-execution'), dropFinalNotice: z.boolean().optional() }),
    z.object({ kind: z.literal('repeat-notification'), times: z.number().int().min(1).max(10).optional() }),
    z.object({ kind: z.literal('drop-notification') }),
  ]),
  sid: z.string().regex(/^[A-Za-z0-9]{64}$/).optional(),
  count: z.number().int().min(1).optional(),
});

function badRequest(res: Response, error: z.ZodError): void {
  const issue = error.issues[0];
  res.status(400).json({ error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` });
}

const executionsOf = (reports: ExecutionReport[]) =>
  reports.map(({ notice, ...report }) => ({ ...report, notice: { state: notice.state, answers: notice.answers } }));

export function scheduleControlRoutes(control: ScheduleControl): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '4kb' }));

  router.get('/', (_req: Request, res: Response) => {
    res.json({ today: control.today(), schedules: control.schedules(), notices: control.notices() });
  });
  router.post('/batch', async (_req: Request, res: Response) => {
    const reports = await control.runBatch();
    res.json({ today: control.today(), executions: executionsOf(reports) });
  });
  router.post('/advance', async (req: Request, res: Response) => {
    const parsed = AdvanceSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    const reports = await control.advanceDays(parsed.data.days);
    res.json({ today: control.today(), executions: executionsOf(reports) });
  });
  router.post('/faults', (req: Request, res: Response) => {
    const parsed = FaultRequestSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    const { fault, sid, count } = parsed.data;
    control.faults.next(fault, sid === undefined ? {} : { sid }, count);
    res.status(204).end();
  });
  router.delete('/faults', (_req: Request, res: Response) => {
    control.faults.clear();
    res.status(204).end();
  });
  return router;
}
