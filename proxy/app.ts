/**
 * createApp builds the proxy's Express app from its dependencies, without listening (main.ts runs
 * it; tests build a fresh one per test). It talks to Carat at `config.caratRechargeUrl` only.
 */
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { createAuthenticityWaiter } from './authenticity-waiter.ts';
import { createCatalogueCache, type CatalogueCache } from './catalogue-cache.ts';
import { createCaratClient } from './carat/client.ts';
import { createCaratHttp } from './carat/http.ts';
import { createRequestSigner, type SignerOptions } from './carat/signing.ts';
import type { ProxyConfig } from './config.ts';
import { createIdempotentRecharge } from './recharge/idempotent-recharge.ts';
import type { RechargeDeps } from './recharge/recharge-deps.ts';
import { authenticityRoute } from './routes/authenticity-route.ts';
import { apiCors } from './routes/cors.ts';
import { errorHandler } from './routes/error-handler.ts';
import { rechargeRoutes } from './routes/recharge-routes.ts';
import { widgetScriptRoutes } from './routes/widget-script.ts';
import { createMemorySessionStore } from './store/memory-session-store.ts';
import type { SessionStore } from './store/session-store.ts';

export type GatewayConfig = Pick<ProxyConfig, 'merchantId' | 'merchantKey' | 'auth' | 'privateKey' | 'caratTimeoutMs' | 'allowedOrigins'> & {
  /** Base up to and including /e-sitef (the sandbox's, when no real gateway is configured). */
  caratRechargeUrl: string;
};

export interface AppDeps {
  config: GatewayConfig;
  store?: SessionStore;
  cache?: CatalogueCache;
  /** Per-operation JWT claims (Q1); the default set is in carat/signing.ts. */
  claims?: SignerOptions['claims'];
  /** How long a creation waits for the authenticity POST; default CARAT_TIMEOUT_MS. */
  authenticityTimeoutMs?: number;
  /** Where the built widget is (default ./dist) and the demo page (default ./demo). */
  distDir?: string;
  demoDir?: string;
  now?: () => number;
  /** Unexpected errors (500s); never called with secrets, since our own messages carry none. */
  logInternal?: (error: unknown) => void;
}

const projectDir = (folder: string) => fileURLToPath(new URL(`../${folder}`, import.meta.url));

function defaultLogInternal(error: unknown): void {
  // Name and stack only: no request data, which could carry card numbers.
  console.error(error instanceof Error ? (error.stack ?? error.name) : 'non-Error thrown');
}

export function createApp(deps: AppDeps): Express {
  const { config } = deps;
  if (config.auth === 'signature' && !config.privateKey) throw new Error('Signature mode needs config.privateKey');
  const now = deps.now ?? Date.now;
  const signer = config.auth === 'signature' && config.privateKey
    ? createRequestSigner({ privateKey: config.privateKey, merchantId: config.merchantId, now, ...(deps.claims ? { claims: deps.claims } : {}) })
    : undefined;
  const store = deps.store ?? createMemorySessionStore();
  const http = createCaratHttp({ baseUrl: config.caratRechargeUrl, timeoutMs: config.caratTimeoutMs });
  const authenticity = createAuthenticityWaiter(config.merchantId);
  const rechargeDeps: RechargeDeps = {
    carat: createCaratClient({ http, merchantKey: config.merchantKey, ...(signer ? { signer } : {}) }),
    store,
    cache: deps.cache ?? createCatalogueCache(),
    auth: config.auth,
    authenticity,
    authenticityTimeoutMs: deps.authenticityTimeoutMs ?? config.caratTimeoutMs,
    merchantKey: config.merchantKey,
    now,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(authenticityRoute(authenticity));
  app.use(widgetScriptRoutes(deps.distDir ?? projectDir('dist')));
  app.use('/api', apiCors(config.allowedOrigins));
  app.use(rechargeRoutes(rechargeDeps, createIdempotentRecharge(store)));
  app.use(express.static(deps.demoDir ?? projectDir('demo'), { index: 'index.html' }));
  app.use(errorHandler(deps.logInternal ?? defaultLogInternal));
  return app;
}
