/**
 * The Carat Portal sandbox: a local simulator of the REST Recharge API under /e-sitef and of the REST
 * Payment and Schedule APIs under /e-sitef/api, with both authentication modes, a realistic
 * catalogue, the §8 request checks, fault injection and a daily schedule batch on a simulated
 * calendar.
 * Its surface is this file: createSandbox, DEMO_MERCHANT and the types below (server.ts runs it on a
 * port; the proxy's local-stack.ts and the tests use it).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { Catalogue } from './catalogue.ts';
import type { SandboxContext } from './context.ts';
import { FaultBook, type CallInfo, type FaultInjector } from './faults.ts';
import { DEMO_MERCHANT, MerchantRegistry, type SandboxMerchant } from './merchants.ts';
import { paymentApi } from './payment/payment-api.ts';
import { HangingResponses } from './reply.ts';
import { controlApi } from './routes/control.ts';
import { scheduleControl, type ScheduleControl } from './schedule/schedule-control.ts';
import { scheduleControlRoutes } from './schedule/schedule-control-routes.ts';
import { createScheduling } from './schedule/scheduling.ts';
import type { IntervalUnit } from './schedule/schedule-calendar.ts';
import { rechargeApi } from './routes/recharge-api.ts';
import { TransactionBook } from './transactions.ts';

export { DEMO_MERCHANT, type SandboxMerchant } from './merchants.ts';
export type { Fault, FaultInjector, FaultMatch } from './faults.ts';
export type {
  ExecutionFault, ExecutionFaultMatch, ExecutionReport, ScheduleControl, ScheduleView, StatusNotice,
} from './schedule/schedule-control.ts';
export type { IntervalUnit } from './schedule/schedule-calendar.ts';

export interface SandboxOptions {
  /** Default: [DEMO_MERCHANT]. */
  merchants?: SandboxMerchant[];
  /** NOV/PPC/AGU → EXP after this (default 15 min). */
  nitLifetimeMs?: number;
  /** Clock, for tests (default Date.now). */
  now?: () => number;
  /** How long the authenticity POST may take (default 5000); also the schedule edit's SEID POST. */
  authenticityTimeoutMs?: number;
  /** Q12: the unit of schedule.interval (default month). */
  scheduleIntervalUnit?: IntervalUnit;
  /** Further POSTs of a status notification that did not get 200 (default 3, §4.5). */
  statusRetries?: number;
}

export interface Sandbox {
  app: express.Express;
  registerMerchant(m: SandboxMerchant): void;
  faults: FaultInjector;
  /** Every call received under /e-sitef, in order: for counting calls in tests/bench. */
  calls: Array<{ method: string; path: string; wrapper?: string }>;
  /** Test visibility: a transaction's state by NIT (undefined if unknown). */
  transaction(nit: string): { status: string; paymentStatus?: string; rechargeType: string; merchantKey: string; orderId?: string } | undefined;
  transactions(): Array<{ nit: string; status: string }>;
  /** Test visibility: the REST Payment transactions (§4), in creation order, with their status and amount. */
  payments(): Array<{ nit: string; status: string; amountCents: number; orderId?: string }>;
  /** Change the catalogue (e.g. a new amount) so that the general hash changes. */
  bumpCatalogue(): void;
  generalHash(): string;
  /** The simulated calendar and the daily schedule batch (also under /_sandbox/schedules). */
  schedules: ScheduleControl;
  /** Aborts hanging (fault-delayed) responses; call before closing the server. */
  close(): void;
}

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const now = options.now ?? Date.now;
  const ctx: SandboxContext = {
    catalogue: new Catalogue(),
    book: new TransactionBook(now, options.nitLifetimeMs ?? FIFTEEN_MINUTES_MS),
    merchants: new MerchantRegistry(options.merchants ?? [DEMO_MERCHANT]),
    faults: new FaultBook(),
    hangs: new HangingResponses(),
    now,
    authenticityTimeoutMs: options.authenticityTimeoutMs ?? 5000,
  };
  const calls: CallInfo[] = [];
  const scheduling = createScheduling(ctx, {
    nitLifetimeMs: options.nitLifetimeMs ?? FIFTEEN_MINUTES_MS,
    intervalUnit: options.scheduleIntervalUnit,
    statusRetries: options.statusRetries,
    statusTimeoutMs: options.authenticityTimeoutMs,
  });
  const schedules = scheduleControl(ctx, scheduling);
  const app = express();
  app.disable('x-powered-by');

  const sandbox: Sandbox = {
    app,
    registerMerchant: (m) => ctx.merchants.register(m),
    faults: ctx.faults,
    calls,
    transaction(nit) {
      const tx = ctx.book.get(nit);
      if (!tx) return undefined;
      return {
        status: tx.status,
        ...(tx.paymentStatus ? { paymentStatus: tx.paymentStatus } : {}),
        rechargeType: tx.rechargeType,
        merchantKey: tx.merchantKey,
        ...(tx.orderId !== undefined ? { orderId: tx.orderId } : {}),
      };
    },
    transactions: () => ctx.book.list().map((tx) => ({ nit: tx.nit, status: tx.status })),
    payments: () => scheduling.payments.list().map((p) => ({ nit: p.nit, status: p.status, amountCents: p.amountCents, ...(p.orderId !== undefined ? { orderId: p.orderId } : {}) })),
    bumpCatalogue: () => ctx.catalogue.bump(),
    generalHash: () => ctx.catalogue.generalHash(),
    schedules,
    close: () => ctx.hangs.abortAll(),
  };

  app.use('/e-sitef/api', paymentApi(ctx, calls, scheduling));
  app.use('/e-sitef', rechargeApi(ctx, calls));
  app.use('/_sandbox/schedules', scheduleControlRoutes(schedules));
  app.use('/_sandbox', controlApi(sandbox));
  // Body-parser errors (malformed JSON, too large) keep their 4xx status, as Express would answer.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: status === 400 ? 'malformed JSON body' : 'request rejected' });
      return;
    }
    res.status(500).json({ error: 'sandbox internal error' });
  });
  return sandbox;
}
