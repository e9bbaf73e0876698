/**
 * The proxy mounted in a merchant's own Express app:
 *
 *     app.use('/recharge', createRechargeRouter({ CARAT_RECHARGE_URL: 'https://…', CARAT_MERCHANT_ID: '…', … }))
 *
 * and the widget's `api` attribute points at `/recharge`. The options are the environment variables
 * of the standalone server, by the same names (one zod schema, config.ts; numbers and booleans may be
 * given as such), so a deploy's settings move from one to the other unchanged; an unknown name is
 * refused, a typo must not pass for a default. PORT and HOST mean nothing here (the merchant's app
 * listens); PUBLIC_URL, when https, adds CSP upgrade-insecure-requests as it does standalone.
 *
 * What it holds is the standalone server's (createApp, without the demo page): the browser API, the
 * widget's script and chunks, /healthz, POST /carat/authenticity (register `<PUBLIC_URL>/carat/authenticity`
 * at Carat, PUBLIC_URL being the mounted base), its own JSON 404 and error answers under its prefix,
 * and its own settings as an Express sub-app: TRUST_PROXY decides req.ip under the prefix, ETags off.
 * Mounted after the merchant's own body parser, it still answers unreadable bodies under its prefix
 * as JSON and holds BODY_LIMIT (routes/ahead-of-mount.ts).
 * Its journal is DATA_DIR's, locked against a second proxy; recovery runs at once and every
 * RECOVERY_INTERVAL_MS, and journal retention on its timer. `router.close()` stops them: requests
 * that come then are refused, the flows in flight finish (at most SHUTDOWN_GRACE_MS), the journal
 * closes and the lock is released. The merchant calls it when its server stops.
 *
 * CARAT_RECHARGE_URL=sandbox is refused: the built-in sandbox needs the URL the router answers on
 * before it exists; run `npm run sandbox` and give its URL instead.
 */
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { ApiFailure } from './api-failure.ts';
import { createApp } from './app.ts';
import { parseErrorsUnderPrefix } from './routes/ahead-of-mount.ts';
import { ConfigError, loadConfig, SANDBOX_GATEWAY, SETTING_NAMES, type SettingName } from './config.ts';
import { createLogger } from './hardening/logger.ts';
import { SessionFlows } from './recharge/session-flows.ts';
import type { RechargeDeps } from './recharge/recharge-deps.ts';
import { createRecovery } from './recovery/recovery-loop.ts';
import { lockDataDir } from './store/data-dir-lock.ts';
import { createJournalRetention } from './store/journal-retention.ts';
import { createSqliteSessionStore } from './store/sqlite-session-store.ts';

/** The standalone server's environment variables, by name; values as strings, numbers or booleans. */
export type RechargeRouterOptions = Partial<Record<SettingName, string | number | boolean>>;

export interface RechargeRouterExtras {
  /** Default: JSON lines on stdout at LOG_LEVEL, with the merchant key and card data redacted. */
  logger?: Logger;
}

export interface RechargeRouter extends Express {
  /** Stops recovery and retention, lets the flows in flight finish, closes the journal. Idempotent. */
  close(): Promise<void>;
}

const KNOWN = new Set<string>(SETTING_NAMES);

function asEnvironment(options: RechargeRouterOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options)) {
    if (!KNOWN.has(name)) throw new ConfigError(name, 'is not a setting of the proxy (the names are its environment variables)');
    if (value !== undefined) env[name] = String(value);
  }
  if (env['CARAT_RECHARGE_URL'] === SANDBOX_GATEWAY) {
    throw new ConfigError('CARAT_RECHARGE_URL', 'a mounted router cannot start the built-in sandbox; run `npm run sandbox` and give its URL');
  }
  return env;
}

const bounded = (work: Promise<unknown>, ms: number) =>
  Promise.race([work, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

export function createRechargeRouter(options: RechargeRouterOptions, extras: RechargeRouterExtras = {}): RechargeRouter {
  const config = loadConfig(asEnvironment(options));
  const caratRechargeUrl = config.caratRechargeUrl!;
  const logger = extras.logger ?? createLogger({ level: config.logLevel, secrets: [config.merchantKey] });
  // Before the journal opens: two proxies on one journal would settle the same sessions.
  const lock = lockDataDir(config.dataDir);
  const store = createSqliteSessionStore({ dataDir: config.dataDir, receiptRetentionMs: config.receiptRetentionMs });
  const flows = new SessionFlows();
  let rechargeDeps: RechargeDeps | undefined;
  const app = createApp({
    config: { ...config, caratRechargeUrl },
    store,
    flows,
    logger,
    limits: config.limits,
    trustProxy: config.trustProxy,
    demoDir: false,
    onRechargeDeps: (wired) => {
      rechargeDeps = wired;
    },
  });

  let closing: Promise<void> | undefined;
  // In front of everything createApp put in: once closing, nothing new starts on a closing journal.
  const router = express() as unknown as RechargeRouter;
  router.disable('x-powered-by');
  router.set('etag', false);
  router.set('trust proxy', config.trustProxy);
  router.use((_req, res, next) => {
    if (!closing) return next();
    const failure = new ApiFailure('gateway_unavailable', 'The recharge service is stopping.');
    res.status(failure.httpStatus).set('Cache-Control', 'no-store').json(failure.toBody());
  });
  router.use(app);
  // Right after the router in the merchant's app: a body its own parser could not read under our
  // prefix is answered as the proxy answers it, not with Express's HTML stack trace (ahead-of-mount.ts).
  router.on('mount', (parent: express.Application) => {
    parent.use(router.mountpath, parseErrorsUnderPrefix());
  });

  const recovery = createRecovery({
    deps: rechargeDeps!,
    flows,
    onPass: ({ outcomes }) => logger.info({ outcomes }, 'recovery pass'),
    onError: (error) => logger.error({ error: error instanceof Error ? error.name : 'error' }, 'recovery pass failed'),
  });
  recovery.start(config.recoveryIntervalMs).then(
    ({ outcomes }) => logger.info({ outcomes }, 'recovery at start'),
    (error: unknown) => logger.error({ error: error instanceof Error ? error.name : 'error' }, 'recovery at start failed'),
  );
  const retention = createJournalRetention({
    store,
    now: Date.now,
    receiptRetentionMs: config.receiptRetentionMs,
    journalRetentionMs: config.journalRetentionMs,
    onPass: ({ receiptsWithheld, sessionsForgotten }) => logger.info({ receiptsWithheld, sessionsForgotten }, 'journal retention pass'),
    onError: (error) => logger.error({ error: error instanceof Error ? error.name : 'error' }, 'journal retention pass failed'),
  });
  retention.start();

  router.close = () => {
    closing ??= (async () => {
      retention.stop();
      await bounded(Promise.all([recovery.stop(), flows.drain()]), config.shutdownGraceMs);
      await store.close();
      lock.release();
    })();
    return closing;
  };
  return router;
}
