/**
 * The product as a merchant runs it, inside the test process: a Carat sandbox and the proxy (in
 * authenticity mode, the sandbox posting its notices back to the proxy), both on 127.0.0.1 port 0
 * (proxy/local-stack.ts, as `npm start` runs them without a gateway),
 * the proxy serving the built widget and the demo page. Plus the headless Chromium that visits it.
 */
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LevelWithSilent } from 'pino';
import { chromium, type Browser } from 'playwright-core';
import type { RechargeSession } from '../../proxy/browser-api.ts';
import { DEFAULT_ABUSE_LIMITS } from '../../proxy/config.ts';
import { createLogger } from '../../proxy/hardening/logger.ts';
import { startLocalStack } from '../../proxy/local-stack.ts';
import type { RechargeDeps } from '../../proxy/recharge/recharge-deps.ts';
import { SessionFlows } from '../../proxy/recharge/session-flows.ts';
import { createRecovery } from '../../proxy/recovery/recovery-loop.ts';
import type { Sandbox } from '../../proxy/sandbox/app.ts';
import { createMemorySessionStore } from '../../proxy/store/memory-session-store.ts';

const MERCHANT = { id: 'demoe2e', key: 'E2EKEY00000000000000000000000000' };
const WIDGET_SCRIPT = fileURLToPath(new URL('../../dist/recharge-widget.js', import.meta.url));

export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Debian's Chromium (CHROME_PATH overrides); a browser is never downloaded. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/**
 * One demo shop and one Chromium for the test file that calls this at its top level, opened before
 * its tests and closed after them (each test opens its own browser context).
 */
export function demoShopForThisFile(): { readonly shop: DemoShop; readonly browser: Browser } {
  const opened = {} as { shop: DemoShop; browser: Browser };
  before(async () => {
    opened.shop = await openDemoShop();
    opened.browser = await launchChromium();
  });
  after(async () => {
    await opened.browser?.close();
    await opened.shop?.close();
  });
  return opened;
}

/** The demo serves the built bundle, not the sources: without a build there is nothing to test. */
export function requireBuiltWidget(): void {
  if (!existsSync(WIDGET_SCRIPT)) {
    throw new Error(`${WIDGET_SCRIPT} is missing: run \`npm run build\` first (\`npm test\` does).`);
  }
}

const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(): LevelWithSilent {
  const wanted = process.env.LOG_LEVEL as LevelWithSilent | undefined;
  return wanted !== undefined && LOG_LEVELS.includes(wanted) ? wanted : 'silent';
}

export interface DemoShop {
  /** The demo page, e.g. http://127.0.0.1:41234/ */
  url: string;
  sandbox: Sandbox;
  /** The NIT of a proxy session (test visibility: it never leaves the proxy). */
  nitOf(id: string): Promise<string>;
  /** What the proxy tells a browser about a session (GET /api/recharges/:id). */
  session(id: string): Promise<RechargeSession>;
  /** The gateway's own record of a proxy session (found through its NIT, which never leaves the proxy). */
  atGateway(id: string): Promise<{ status: string; paymentStatus?: string } | undefined>;
  /** NITs the gateway holds waiting for a confirmation (PPC): a finished flow leaves none. */
  pendingAtGateway(): string[];
  /** One recovery pass now, as the running proxy makes every RECOVERY_INTERVAL_MS (main.ts). */
  recover(): Promise<void>;
  close(): Promise<void>;
}

export interface ShopOptions {
  /** ALLOWED_ORIGINS: merchant pages on other origins that may call the API. */
  allowedOrigins?: string[];
}

export async function openDemoShop(options: ShopOptions = {}): Promise<DemoShop> {
  requireBuiltWidget();
  const store = createMemorySessionStore();
  const flows = new SessionFlows();
  let rechargeDeps: RechargeDeps | undefined;
  const stack = await startLocalStack({
    app: {
      config: { merchantId: MERCHANT.id, merchantKey: MERCHANT.key, auth: 'authenticity', caratTimeoutMs: 10_000, allowedOrigins: options.allowedOrigins ?? [] },
      store,
      flows,
      onRechargeDeps: (deps) => {
        rechargeDeps = deps;
      },
      // A merchant that takes installments (MAX_INSTALLMENTS=12; the default is 1), so the widget's choice of 2x is exercised.
      limits: { ...DEFAULT_ABUSE_LIMITS, maxInstallments: 12 },
      // Silent: the test report is the spec reporter's, and what a flow did is asserted, not read in
      // logs. LOG_LEVEL=warn (or any pino level) shows the proxy's lines when chasing a failure.
      logger: createLogger({ level: logLevel() }),
    },
  });
  const url = stack.proxy.url;
  const sandbox = stack.sandbox.sandbox;

  return {
    url: `${url}/`,
    sandbox,
    async nitOf(id) {
      const record = await store.get(id);
      if (!record) throw new Error(`no session ${id}`);
      return record.nit;
    },
    async session(id) {
      const response = await fetch(`${url}/api/recharges/${encodeURIComponent(id)}`);
      if (response.status !== 200) throw new Error(`GET /api/recharges/${id}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as RechargeSession;
    },
    async atGateway(id) {
      const record = await store.get(id);
      const transaction = record ? sandbox.transaction(record.nit) : undefined;
      return transaction && { status: transaction.status, ...(transaction.paymentStatus ? { paymentStatus: transaction.paymentStatus } : {}) };
    },
    pendingAtGateway: () => sandbox.transactions().filter((t) => t.status === 'PPC').map((t) => t.nit),
    async recover() {
      await createRecovery({ deps: rechargeDeps!, flows }).runOnce();
    },
    close: stack.close,
  };
}
