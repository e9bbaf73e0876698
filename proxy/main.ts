/**
 * Runs the proxy (npm start runs start.ts, which names the sandbox when no gateway is named). With
 * CARAT_RECHARGE_URL=sandbox it starts the built-in Carat sandbox
 * in-process on a free loopback port and registers the configured merchant there (local-stack.ts,
 * imported only then: a start against a real gateway never loads the simulator), so the demo
 * works on a fresh machine with no credentials.
 *
 * Sessions go to the durable journal (DATA_DIR/journal.sqlite, or the shared PostgreSQL named by
 * DATABASE_URL; with the built-in sandbox, DATA_DIR/sandbox-journal.sqlite, emptied at each start); recovery settles what a previous
 * run left unsettled, at start and every RECOVERY_INTERVAL_MS; PIN receipts leave the journal
 * after RECEIPT_RETENTION_MS (store/journal-retention.ts). SIGTERM/SIGINT stop gracefully:
 * no new connections, the flows in flight finish (at most SHUTDOWN_GRACE_MS), recovery stops, the
 * journal closes, exit 0.
 */
import type { Server } from 'node:http';
import { createApp, type AppDeps } from './app.ts';
import { ConfigError, loadConfig, wantsBuiltInSandbox, type ProxyConfig, type SandboxMerchantDefaults } from './config.ts';
import { createLogger } from './hardening/logger.ts';
import { listen } from './listen.ts';
import type { RechargeDeps } from './recharge/recharge-deps.ts';
import { SessionFlows } from './recharge/session-flows.ts';
import { createRecovery } from './recovery/recovery-loop.ts';
import { stopGracefully } from './shutdown.ts';
import { DataDirInUse, lockDataDir, type DataDirLock } from './store/data-dir-lock.ts';
import { createJournalRetention } from './store/journal-retention.ts';
import { DatabaseUnavailable, openSessionStore, type OpenedJournal } from './store/open-session-store.ts';
import { SANDBOX_JOURNAL_FILE } from './store/sqlite-session-store.ts';
import { createSqliteScheduleStore } from './schedules/sqlite-schedule-store.ts';
import type { Schedules } from './schedules/schedule-wiring.ts';

function readConfig(sandboxMerchant: SandboxMerchantDefaults | undefined): ProxyConfig {
  try {
    return loadConfig(process.env, sandboxMerchant);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  // A production start never loads the simulator: only sandbox mode imports it.
  const localStack = wantsBuiltInSandbox(process.env) ? await import('./local-stack.ts') : undefined;
  const config = readConfig(localStack?.DEMO_MERCHANT);
  // Before anything else touches DATA_DIR: two proxies on one SQLite journal would settle the same
  // sessions. Not with DATABASE_URL: processes sharing PostgreSQL coordinate through it.
  // Held in a variable to the end: an unreferenced connection may be garbage-collected, lock and all.
  let dataDirLock: DataDirLock | undefined;
  try {
    if (config.databaseUrl === undefined) dataDirLock = lockDataDir(config.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirInUse)) throw error;
    console.error(`Cannot start: DATA_DIR: ${error.message}`);
    process.exit(1);
  }

  // Sandbox mode journals to a file of its own, started afresh each time: the in-process sandbox
  // forgets its transactions when the process ends (the gateway it mirrors starts afresh too), so
  // sessions journaled by an earlier run would name NITs it never issued, and recovery would query
  // them on every pass forever. A real gateway remembers; so does its journal.
  let journal: OpenedJournal;
  try {
    journal = await openSessionStore(config, {
      sandbox: localStack !== undefined,
      onConnectionLost: (code) => console.error(`journal: a PostgreSQL connection was lost (${code}); the next query opens another`),
    });
  } catch (error) {
    if (!(error instanceof DatabaseUnavailable)) throw error;
    console.error(`Cannot start: DATABASE_URL: ${error.message}`);
    process.exit(1);
  }
  const { store, leases, sharedParts, scheduleStore: sharedScheduleStore } = journal;
  // With PostgreSQL, a flow also leases its session, so that no other process recovers it meanwhile.
  const flows = new SessionFlows(leases ? { leases } : {});
  // Monthly top-ups (issue 10): with DATABASE_URL their tables in the shared PostgreSQL (every instance
  // sees every schedule; a top-up's claim keeps two instances off one execution), else in the SQLite
  // journal file under DATA_DIR, on a connection of their own.
  const scheduleStore = sharedScheduleStore
    ?? createSqliteScheduleStore({ dataDir: config.dataDir, ...(localStack ? { file: SANDBOX_JOURNAL_FILE } : {}) });
  let schedules: Schedules | undefined;
  let rechargeDeps: RechargeDeps | undefined;
  const deps: Omit<AppDeps, 'config'> = {
    store,
    logger: createLogger({ level: config.logLevel, secrets: [config.merchantKey] }),
    flows,
    // With PostgreSQL: the authenticity notices' relay, the rate limits' counters and the card guard, shared.
    ...sharedParts,
    limits: config.limits,
    trustProxy: config.trustProxy,
    onRechargeDeps: (wired) => {
      rechargeDeps = wired;
    },
    schedules: {
      store: scheduleStore,
      ...(process.env.PUBLIC_URL ? { publicUrl: config.publicUrl } : {}),
      onReady: (wired) => {
        schedules = wired;
      },
    },
  };

  // Without PUBLIC_URL, the URL actually bound (PORT=0 picks a free port): the sandbox posts its notices there.
  const publicUrl = process.env.PUBLIC_URL ? config.publicUrl : undefined;
  let running: { server: Server; url: string; gateway: string; sandbox?: { close(): Promise<void> } };
  if (localStack) {
    const stack = await localStack.startLocalStack({ app: { ...deps, config }, host: config.host, port: config.port, ...(publicUrl ? { publicUrl } : {}) });
    running = { server: stack.proxy.server, url: stack.proxy.url, sandbox: stack.sandbox, gateway: `the built-in Carat sandbox (${stack.caratUrl})` };
  } else {
    const caratRechargeUrl = config.caratRechargeUrl!;
    const proxy = await listen(createApp({ ...deps, config: { ...config, caratRechargeUrl } }), config.host, config.port);
    running = { server: proxy.server, url: proxy.url, gateway: `Carat at ${new URL(caratRechargeUrl).host}` };
  }
  const { server, sandbox } = running;
  // Tests and scripts read the port from this line (PORT=0 picks a free one).
  console.log(`recharge proxy listening on ${publicUrl ?? running.url} (${config.auth} mode, gateway: ${running.gateway})`);
  if (!localStack && config.caratApiUrl === undefined) {
    console.log('note: CARAT_API_URL is not set: PINs and bills are sold only with an order grant (no card payment), and monthly top-ups are off');
  }

  // After listening: in sandbox mode the merchant (and its authenticity URL) exists only now.
  const recovery = createRecovery({
    deps: rechargeDeps!,
    flows,
    onPass: ({ outcomes }) => console.log(`recovery: ${outcomes.join(', ')}`),
    onError: (error) => console.error(`recovery pass failed: ${error instanceof Error ? error.name : 'error'}`),
  });
  const recoveredAtStart = recovery.start(config.recoveryIntervalMs).then(
    ({ outcomes }) => console.log(`recovery at start: ${outcomes.length ? outcomes.join(', ') : 'nothing to settle'}`),
    (error: unknown) => console.error(`recovery at start failed: ${error instanceof Error ? error.name : 'error'}`),
  );
  // After recovery's first pass, so the top-ups a crash left open find their sessions settled.
  const reconciliation = schedules?.reconciliation;
  void recoveredAtStart.then(() => reconciliation?.start(config.recoveryIntervalMs)).then(
    (pass) => pass && console.log(`schedules at start: ${pass.charged} charge(s) found, ${pass.toppedUp} topped up, ${pass.attention} for attention`),
    (error: unknown) => console.error(`schedules at start failed: ${error instanceof Error ? error.name : 'error'}`),
  );

  // PIN receipts leave the journal once past RECEIPT_RETENTION_MS; old settled sessions after JOURNAL_RETENTION_MS.
  const retention = createJournalRetention({
    store,
    now: Date.now,
    receiptRetentionMs: config.receiptRetentionMs,
    journalRetentionMs: config.journalRetentionMs,
    onPass: ({ receiptsWithheld, sessionsForgotten }) =>
      console.log(`journal: receipts withheld from ${receiptsWithheld} PIN answer(s); ${sessionsForgotten} settled session(s) deleted`),
    onError: (error) => console.error(`journal retention pass failed: ${error instanceof Error ? error.name : 'error'}`),
  });
  retention.start();

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Before the journal closes (stopGracefully): no pass may start on a closed journal.
    retention.stop();
    const reconciled = reconciliation?.stop() ?? Promise.resolve();
    const onStopping = (inFlight: number) => console.log(`stopping: no new connections; ${inFlight} recharge flow(s) in flight`);
    void reconciled.then(() => stopGracefully({ server, flows, recovery, store, graceMs: config.shutdownGraceMs, onStopping, ...(sandbox ? { sandbox } : {}) }))
      .finally(() => scheduleStore.close())
      // The lock last, once the journal is closed: no other proxy may settle these sessions before.
      .finally(() => {
        dataDirLock?.release();
        return sharedParts.noticeRelay?.close();
      })
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
