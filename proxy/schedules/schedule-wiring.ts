/**
 * The schedules as createApp mounts them: the REST Schedule client over CARAT_API_URL (the sandbox's
 * /e-sitef/api in sandbox mode), the store, the routes, the recharge call's `repeat` handler, the
 * SEID hand-over for /carat/authenticity and the reconciliation (started by main.ts). Without
 * CARAT_API_URL there is no schedule API to call: `repeat` is refused (400) and token routes are 404.
 */
import type { Router } from 'express';
import { createCaratHttp } from '../carat/http.ts';
import { createScheduleClient } from '../carat/schedule-client.ts';
import type { EditNoticeOutcome } from '../carat/schedule-edit-waiter.ts';
import type { IdempotentRecharge } from '../recharge/idempotent-recharge.ts';
import type { RechargeDeps } from '../recharge/recharge-deps.ts';
import type { SessionFlows } from '../recharge/session-flows.ts';
import { createMemoryScheduleStore } from './memory-schedule-store.ts';
import { createReconciliation, type Reconciliation } from './reconciliation.ts';
import { DEFAULT_TOP_UP_RETRY, schedulesIdle, type FirstTopUpNow, type ScheduleDeps, type TopUpRetry } from './schedule-deps.ts';
import { repeatHandler, type RepeatHandler } from './schedule-recharge.ts';
import { scheduleRoutes } from './schedule-routes.ts';
import type { ScheduleStore } from './schedule-store.ts';

export interface SchedulesOptions {
  recharge: RechargeDeps;
  flows: SessionFlows;
  idempotent: IdempotentRecharge;
  caratApiUrl?: string | undefined;
  merchantId: string;
  merchantKey: string;
  caratTimeoutMs: number;
  publicUrl?: string | undefined;
  /** Default: in memory (main.ts passes the journal's tables, sqlite-schedule-store.ts). */
  store?: ScheduleStore | undefined;
  topUpRetry?: TopUpRetry | undefined;
  /** "First top-up now" (issue 8's two-phase sale); unset: refused naming repeat.startDate. */
  firstTopUpNow?: FirstTopUpNow | undefined;
  tokenLookupsPerMinutePerIp?: number | undefined;
}

export interface Schedules {
  /** Undefined when schedules are off (no CARAT_API_URL). */
  deps?: ScheduleDeps;
  reconciliation?: Reconciliation;
  routes: Router;
  repeat: RepeatHandler;
  /**
   * A form POSTed to /carat/authenticity (or relayed from another instance): `accepted` when an edit
   * here waited for it, `unmatched` when it is a schedule edit's SEID form no edit here waits for.
   */
  acceptEditNotice(form: unknown): EditNoticeOutcome;
  /** Settles once no notice verification or top-up is running (tests; graceful shutdown). */
  idle(): Promise<void>;
}

export function createSchedules(options: SchedulesOptions): Schedules {
  const routeOptions = options.tokenLookupsPerMinutePerIp === undefined ? {} : { tokenLookupsPerMinutePerIp: options.tokenLookupsPerMinutePerIp };
  if (!options.caratApiUrl) {
    return { routes: scheduleRoutes(undefined, routeOptions), repeat: repeatHandler(undefined), acceptEditNotice: () => 'ignored', idle: async () => {} };
  }
  const http = createCaratHttp({ baseUrl: options.caratApiUrl, timeoutMs: options.caratTimeoutMs });
  const client = createScheduleClient({ http, merchantId: options.merchantId, merchantKey: options.merchantKey, editNoticeTimeoutMs: options.caratTimeoutMs });
  const deps: ScheduleDeps = {
    recharge: options.recharge,
    client,
    store: options.store ?? createMemoryScheduleStore(),
    idempotent: options.idempotent,
    flows: options.flows,
    publicUrl: options.publicUrl,
    topUpRetry: options.topUpRetry ?? DEFAULT_TOP_UP_RETRY,
    firstTopUpNow: options.firstTopUpNow,
    settingUp: new Set(),
    topUpsInFlight: new Map(),
    verifications: new Set(),
  };
  const reconciliation = createReconciliation(deps, (error) => {
    options.recharge.logger.warn({ err: error instanceof Error ? error.name : 'error' }, 'schedule reconciliation: a step failed; the next pass retries it');
  });
  return {
    deps,
    reconciliation,
    routes: scheduleRoutes(deps, routeOptions),
    repeat: repeatHandler(deps),
    acceptEditNotice: (form) => client.acceptEditNotice(form),
    idle: () => schedulesIdle(deps),
  };
}
