/**
 * Runs the proxy (npm start). Without CARAT_RECHARGE_URL it starts the built-in Carat sandbox
 * in-process on a free loopback port and registers the configured merchant there, so the demo
 * works on a fresh machine with no credentials.
 *
 * Sessions go to the durable journal (DATA_DIR/journal.sqlite; with the built-in sandbox,
 * DATA_DIR/sandbox-journal.sqlite, emptied at each start); recovery settles what a previous
 * run left unsettled, at start and every RECOVERY_INTERVAL_MS; PIN receipts leave the journal
 * after RECEIPT_RETENTION_MS (store/journal-retention.ts). SIGTERM/SIGINT stop gracefully:
 * no new connections, the flows in flight finish (at most SHUTDOWN_GRACE_MS), recovery stops, the
 * journal closes, exit 0.
 */
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type ProxyConfig } from './config.ts';
import { loadAbuseLimits, type AbuseLimits } from './hardening/limits-config.ts';
import { createLogger } from './hardening/logger.ts';
import { loadTrustProxy, type TrustProxy } from './hardening/trust-proxy.ts';
import type { RechargeDeps } from './recharge/recharge-deps.ts';
import { SessionFlows } from './recharge/session-flows.ts';
import { createRecovery } from './recovery/recovery-loop.ts';
import { DEMO_MERCHANT } from './sandbox/app.ts';
import { startSandbox } from './sandbox/server.ts';
import { stopGracefully } from './shutdown.ts';
import { DataDirInUse, lockDataDir } from './store/data-dir-lock.ts';
import { createJournalRetention } from './store/journal-retention.ts';
import { createSqliteSessionStore, SANDBOX_JOURNAL_FILE } from './store/sqlite-session-store.ts';

function readConfig(): ProxyConfig & { limits: AbuseLimits; trustProxy: TrustProxy } {
  try {
    return { ...loadConfig(process.env, DEMO_MERCHANT), limits: loadAbuseLimits(process.env), trustProxy: loadTrustProxy(process.env) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  // Before anything else touches DATA_DIR: two proxies on one journal would settle the same sessions.
  try {
    lockDataDir(config.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirInUse)) throw error;
    console.error(`Cannot start: DATA_DIR: ${error.message}`);
    process.exit(1);
  }
  let caratRechargeUrl = config.caratRechargeUrl;
  let privateKey = config.privateKey;
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  if (!caratRechargeUrl) {
    // Sandbox mode: a throwaway key is enough, since the sandbox learns its public half below.
    if (config.auth === 'signature' && !privateKey) privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0 });
    caratRechargeUrl = `${sandbox.url}/e-sitef`;
  }

  // Sandbox mode journals to a file of its own, started afresh each time: the in-process sandbox
  // forgets its transactions when the process ends (the gateway it mirrors starts afresh too), so
  // sessions journaled by an earlier run would name NITs it never issued, and recovery would query
  // them on every pass forever. A real gateway remembers; so does its journal.
  const journal = { dataDir: config.dataDir, receiptRetentionMs: config.receiptRetentionMs };
  const store = sandbox
    ? createSqliteSessionStore({ ...journal, file: SANDBOX_JOURNAL_FILE, startAfresh: true })
    : createSqliteSessionStore(journal);
  const flows = new SessionFlows();
  let rechargeDeps: RechargeDeps | undefined;
  const app = createApp({
    config: { ...config, caratRechargeUrl, ...(privateKey ? { privateKey } : {}) },
    store,
    logger: createLogger({ level: config.logLevel, secrets: [config.merchantKey] }),
    flows,
    limits: config.limits,
    trustProxy: config.trustProxy,
    onRechargeDeps: (deps) => {
      rechargeDeps = deps;
    },
  });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const publicUrl = process.env.PUBLIC_URL ? config.publicUrl : `http://${config.host}:${port}`;

  if (sandbox) {
    sandbox.sandbox.registerMerchant({
      id: config.merchantId,
      key: config.merchantKey,
      auth: config.auth,
      authenticityUrl: `${publicUrl}/carat/authenticity`,
      ...(privateKey ? { publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() } : {}),
    });
  }
  const gateway = sandbox ? `the built-in Carat sandbox (${sandbox.url}/e-sitef)` : `Carat at ${new URL(caratRechargeUrl).host}`;
  // Tests and scripts read the port from this line (PORT=0 picks a free one).
  console.log(`recharge proxy listening on ${publicUrl} (${config.auth} mode, gateway: ${gateway})`);

  // After listening: in sandbox mode the merchant (and its authenticity URL) exists only now.
  const recovery = createRecovery({
    deps: rechargeDeps!,
    flows,
    onPass: ({ outcomes }) => console.log(`recovery: ${outcomes.join(', ')}`),
    onError: (error) => console.error(`recovery pass failed: ${error instanceof Error ? error.name : 'error'}`),
  });
  recovery.start(config.recoveryIntervalMs).then(
    ({ outcomes }) => console.log(`recovery at start: ${outcomes.length ? outcomes.join(', ') : 'nothing to settle'}`),
    (error: unknown) => console.error(`recovery at start failed: ${error instanceof Error ? error.name : 'error'}`),
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
    const onStopping = (inFlight: number) => console.log(`stopping: no new connections; ${inFlight} recharge flow(s) in flight`);
    void stopGracefully({ server, flows, recovery, store, graceMs: config.shutdownGraceMs, onStopping, ...(sandbox ? { sandbox } : {}) })
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
