/**
 * createApp builds the proxy's Express app from its dependencies, without listening (main.ts runs
 * it; tests build a fresh one per test). It talks to Carat at `config.caratRechargeUrl`, and to REST
 * Payment at `config.caratApiUrl` when set (card-paid PINs and bills).
 *
 * Order matters: the request id and logger come first (every later line carries the id), then
 * helmet's headers and CORS (so even a refusal carries them), then the routes, each with its own
 * body parser, size limit and rate limits, and last the JSON 404 and the error handler.
 */
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { createCatalogueCache, type CatalogueCache } from './recharge/catalogue/catalogue-cache.ts';
import { createCaratClient } from './carat/client.ts';
import { createCaratHttp } from './carat/http.ts';
import { createPaymentClient } from './carat/payment-client.ts';
import { createRequestSigner, type SignerOptions } from './carat/signing.ts';
import { authenticityEndpoint } from './carat/authenticity-endpoint.ts';
import { AuthenticityGuard } from './carat/authenticity-guard.ts';
import { DEFAULT_ABUSE_LIMITS, DEFAULT_AUTHORIZER_ID_MAP, DEFAULT_RECOVERY_ABANDON_AFTER_MS, type AbuseLimits, type ProxyConfig, type TrustProxy } from './config.ts';
import { demoPageWithGrants } from './grants/demo-grants.ts';
import { createAbuseGuards } from './hardening/abuse-guards.ts';
import { createCardGuard, type CardGuardFactory } from './hardening/card-guard.ts';
import { createLogger, requestLogging } from './hardening/logger.ts';
import { corsPolicy, securityHeaders } from './hardening/security-headers.ts';
import { createIdempotentRecharge } from './recharge/idempotent-recharge.ts';
import { caratAcceptsOurCalls } from './recovery/credentials-check.ts';
import { SessionFlows } from './recharge/session-flows.ts';
import type { RechargeDeps } from './recharge/recharge-deps.ts';
import { bodyLimitWhenParsedAhead } from './routes/ahead-of-mount.ts';
import { errorHandler, notFound } from './routes/error-handler.ts';
import { rechargeRoutes } from './routes/recharge-routes.ts';
import { widgetScriptRoutes } from './routes/widget-script.ts';
import { firstTopUpNow } from './schedules/first-top-up-now.ts';
import { createSchedules, type Schedules, type SchedulesOptions } from './schedules/schedule-wiring.ts';
import { createMemorySessionStore } from './store/memory-session-store.ts';
import type { NoticeRelay, RelayedForm } from './store/postgres/notice-relay.ts';
import type { RateLimitCounters } from './store/postgres/rate-limit-counters.ts';
import type { SessionStore } from './store/session-store.ts';

export type GatewayConfig = Pick<ProxyConfig, 'merchantId' | 'merchantKey' | 'auth' | 'privateKey' | 'caratTimeoutMs' | 'allowedOrigins'> &
  Partial<Pick<ProxyConfig, 'publicUrl' | 'caratApiUrl' | 'recoveryAbandonAfterMs' | 'authorizerIds' | 'sendCardHolder' | 'jwtClaims' | 'orderGrantSecret'>> & {
    /** Base up to and including /e-sitef (the sandbox's, when no real gateway is configured). */
    caratRechargeUrl: string;
  };

export interface AppDeps {
  config: GatewayConfig;
  store?: SessionStore;
  /** One flow per session, shared with recovery and drained on shutdown (main.ts); default a fresh one. */
  flows?: SessionFlows;
  /** Told the wired recharge deps once: main.ts runs recovery with the same gateway client and store. */
  onRechargeDeps?: (deps: RechargeDeps) => void;
  cache?: CatalogueCache;
  /** Per-operation JWT claims (Q1); the default set is in carat/signing.ts. */
  claims?: SignerOptions['claims'];
  /** How long a creation waits for the authenticity POST once its call answered; default CARAT_TIMEOUT_MS. */
  authenticityTimeoutMs?: number;
  /** Where the built widget is (default ./dist) and the demo page (default ./demo; false: none, as mounted in a merchant's app). */
  distDir?: string;
  demoDir?: string | false;
  now?: () => number;
  /** Structured logs; default JSON lines on stdout with the merchant key and card data redacted. */
  logger?: Logger;
  /** Rate limits, card-attempt cap and body limit (config.ts); default DEFAULT_ABUSE_LIMITS. */
  limits?: AbuseLimits;
  /** Express's `trust proxy` (TRUST_PROXY, config.ts); default false: req.ip is the TCP peer. */
  trustProxy?: TrustProxy;
  /**
   * Sandbox mode only (local-stack.ts): the demo page mints order grants at each load with
   * config.orderGrantSecret (grants/demo-grants.ts). Never against a real gateway.
   */
  demoGrants?: boolean;
  /**
   * Monthly top-ups (issue 10, proxy/schedules/), on when config.caratApiUrl is set: their store
   * (default in memory), the manage links' base (default the request's origin), the top-up retries,
   * and `onReady`, told the wired schedules (main.ts starts their reconciliation).
   */
  schedules?: Pick<SchedulesOptions, 'store' | 'publicUrl' | 'topUpRetry' | 'firstTopUpNow' | 'tokenLookupsPerMinutePerIp'> & { onReady?: (schedules: Schedules) => void };
  /**
   * Several instances on one PostgreSQL (store/postgres/notice-relay.ts): an authenticity POST no
   * creation here waits for is relayed to the others, and theirs come back here.
   */
  noticeRelay?: NoticeRelay;
  /** Several instances on one PostgreSQL: the rate limits' counters, shared (store/postgres/rate-limit-counters.ts). */
  rateLimitCounters?: RateLimitCounters;
  /** Several instances on one PostgreSQL: the card guard, shared (store/postgres/postgres-card-guard.ts). */
  cardGuards?: CardGuardFactory;
}

const projectDir = (folder: string) => fileURLToPath(new URL(`../${folder}`, import.meta.url));

/** A notice for no creation of ours: another instance's, maybe. A failed relay loses only that creation (it times out). */
const relayTo = (relay: NoticeRelay, logger: Logger) => (form: RelayedForm) => {
  relay.relay(form).catch((error: unknown) => logger.warn({ error: error instanceof Error ? error.name : 'error' }, 'authenticity notice not relayed'));
};

function createRechargeDeps(deps: AppDeps, logger: Logger, limits: AbuseLimits): RechargeDeps {
  const { config } = deps;
  const now = deps.now ?? Date.now;
  const signer = config.auth === 'signature' && config.privateKey
    ? createRequestSigner({ privateKey: config.privateKey, merchantId: config.merchantId, now, ...(deps.claims ?? config.jwtClaims ? { claims: deps.claims ?? config.jwtClaims } : {}) })
    : undefined;
  const http = createCaratHttp({ baseUrl: config.caratRechargeUrl, timeoutMs: config.caratTimeoutMs });
  const authenticity = new AuthenticityGuard({
    merchantId: config.merchantId,
    // The POST arrives inside the creation call, so the wait covers that call, then the grace.
    timeoutMs: config.caratTimeoutMs + (deps.authenticityTimeoutMs ?? config.caratTimeoutMs),
    graceMs: deps.authenticityTimeoutMs ?? config.caratTimeoutMs,
    onIgnored: (reason) => logger.warn({ reason }, 'authenticity notice ignored'),
    ...(deps.noticeRelay ? { onUnmatched: relayTo(deps.noticeRelay, logger) } : {}),
  });
  const gateway = {
    carat: createCaratClient({ http, merchantKey: config.merchantKey, ...(signer ? { signer } : {}) }),
    cache: deps.cache ?? createCatalogueCache(),
    auth: config.auth,
    authenticity,
  };
  // REST Payment (CARAT_API_URL): without it, PIN products and bills can only be granted.
  const payments = config.caratApiUrl === undefined ? undefined : createPaymentClient({
    http: createCaratHttp({ baseUrl: config.caratApiUrl, timeoutMs: config.caratTimeoutMs }),
    merchantId: config.merchantId,
    merchantKey: config.merchantKey,
  });
  return {
    ...gateway,
    payments,
    store: deps.store ?? createMemorySessionStore(),
    merchantKey: config.merchantKey,
    now,
    logger,
    abandonUnknownAfterMs: config.recoveryAbandonAfterMs ?? DEFAULT_RECOVERY_ABANDON_AFTER_MS,
    cardAttemptsPerSession: limits.cardAttemptsPerSession,
    authorizerIds: config.authorizerIds ?? DEFAULT_AUTHORIZER_ID_MAP,
    sendCardHolder: config.sendCardHolder ?? false,
    credentialsWork: () => caratAcceptsOurCalls(gateway),
    cardGuard: (deps.cardGuards ?? createCardGuard)(limits, now),
    installments: { maxInstallments: limits.maxInstallments, minInstallmentCents: limits.minInstallmentCents },
    branchLookupsPerSession: limits.branchLookupsPerSession,
    orderGrantSecret: config.orderGrantSecret,
  };
}

export function createApp(deps: AppDeps): Express {
  const { config } = deps;
  if (config.auth === 'signature' && !config.privateKey) throw new Error('Signature mode needs config.privateKey');
  const logger = deps.logger ?? createLogger({ secrets: [config.merchantKey] });
  const limits = deps.limits ?? DEFAULT_ABUSE_LIMITS;
  const rechargeDeps = createRechargeDeps(deps, logger, limits);
  deps.onRechargeDeps?.(rechargeDeps);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestLogging(logger));
  // Every /api answer, refusals included, may hold a receipt or a PIN: no cache keeps one.
  app.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // Mounted in a merchant's app whose own parser read the body first: BODY_LIMIT holds all the same.
  app.use('/api', bodyLimitWhenParsedAhead(limits.bodyLimitBytes));
  app.use(securityHeaders({ https: config.publicUrl?.startsWith('https:') ?? false }));
  app.use(corsPolicy({ allowedOrigins: config.allowedOrigins }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const flows = deps.flows ?? new SessionFlows();
  const idempotent = createIdempotentRecharge(rechargeDeps, flows);
  const { onReady, ...scheduleOptions } = deps.schedules ?? {};
  // With CARAT_API_URL (REST Payment and Schedule) a repeat may start now: the first top-up sold two-phase.
  if (config.caratApiUrl !== undefined && !('firstTopUpNow' in scheduleOptions)) scheduleOptions.firstTopUpNow = firstTopUpNow;
  const schedules = createSchedules({
    ...scheduleOptions, recharge: rechargeDeps, flows, idempotent, caratApiUrl: config.caratApiUrl,
    merchantId: config.merchantId, merchantKey: config.merchantKey, caratTimeoutMs: config.caratTimeoutMs,
  });
  onReady?.(schedules);
  const { noticeRelay } = deps;
  // A relayed form: a schedule edit's SEID form first (waited for here, or for nobody here), else an authenticity notice.
  noticeRelay?.deliverTo((form) => {
    const edit = schedules.acceptEditNotice(form);
    return edit === 'ignored' ? rechargeDeps.authenticity.deliver(form, 'relayed') : edit === 'accepted' ? 'accepted' : 'ignored';
  });
  // The SEID form of an edit opened on another instance may land here: relayed like an authenticity notice.
  const takeEditNotice = (form: unknown) => {
    const edit = schedules.acceptEditNotice(form);
    if (edit === 'unmatched' && noticeRelay) {
      const { seid, sid, merchant_data } = form as Record<string, string>;
      relayTo(noticeRelay, logger)({ seid, sid, merchant_data });
    }
    return edit !== 'ignored';
  };
  const guards = createAbuseGuards(limits, logger, deps.rateLimitCounters);
  // Before both notice routes (the status one is the schedules' router): a forged flood writes rows and costs calls to Carat.
  app.post(['/carat/authenticity', '/carat/status'], guards.caratNoticesPerIp);
  app.post('/carat/authenticity', authenticityEndpoint(rechargeDeps.authenticity, takeEditNotice));
  app.use(widgetScriptRoutes(deps.distDir ?? projectDir('dist')));
  app.use(schedules.routes);
  app.use(rechargeRoutes(rechargeDeps, {
    idempotent,
    guards,
    bodyLimitBytes: limits.bodyLimitBytes,
    repeat: schedules.repeat,
  }));
  const demoDir = deps.demoDir ?? projectDir('demo');
  if (demoDir !== false) {
    if (deps.demoGrants && config.orderGrantSecret) app.get(['/', '/index.html'], demoPageWithGrants(demoDir, config.orderGrantSecret));
    app.use(express.static(demoDir, { index: 'index.html' }));
  }
  app.use(notFound);
  app.use(errorHandler());
  return app;
}
