/**
 * The proxy and a Carat sandbox on this machine, wired together: the sandbox on a free loopback
 * port, the proxy on host:port talking to it, and the proxy's merchant registered on the sandbox
 * (where to POST authenticity notices, or the public key in signature mode). main.ts runs this when
 * no gateway is configured, loading it (and so the sandbox) only then; the tests and the e2e demo
 * shop run it too. Being sandbox mode, it serves the demo page with order grants minted at each
 * load (grants/demo-grants.ts).
 */
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createApp, type AppDeps, type GatewayConfig } from './app.ts';
import { SANDBOX_AUTHORIZER_ID_MAP } from './config.ts';
import { listen, type Listening } from './listen.ts';
import type { SandboxOptions } from './sandbox/app.ts';
import { startSandbox, type RunningSandbox } from './sandbox/server.ts';

export { DEMO_MERCHANT } from './sandbox/app.ts';

export interface LocalStackOptions {
  /** createApp's deps, the gateway URL aside (the sandbox's). Signature mode without a key gets a throwaway one. */
  app: Omit<AppDeps, 'config'> & { config: Omit<GatewayConfig, 'caratRechargeUrl'> };
  /** Where the proxy listens; default 127.0.0.1, port 0 (a free one). */
  host?: string;
  port?: number;
  /** The proxy's base URL as the sandbox reaches it; default the URL it listens on. */
  publicUrl?: string;
  sandbox?: SandboxOptions;
}

export interface LocalStack {
  proxy: Listening;
  sandbox: RunningSandbox;
  /** The sandbox's base URL up to and including /e-sitef, as the proxy uses it. */
  caratUrl: string;
  /** Signature mode: the key the proxy signs with (the sandbox holds its public half). */
  privateKey?: KeyObject;
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { config } = options.app;
  // The sandbox learns the public half below, so a key made now is as good as any.
  const privateKey = config.auth === 'signature' ? (config.privateKey ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) : undefined;
  const sandbox = await startSandbox({ ...options.sandbox, host: '127.0.0.1', port: 0 });
  const caratUrl = `${sandbox.url}/e-sitef`;
  const authorizerIds = config.authorizerIds ?? SANDBOX_AUTHORIZER_ID_MAP;
  // The demo page mints grants as a merchant's checkout would: with ORDER_GRANT_SECRET, or one made up for this run.
  const orderGrantSecret = config.orderGrantSecret ?? randomBytes(32).toString('base64url');
  const app = createApp({
    ...options.app,
    demoGrants: true,
    // The sandbox's REST Payment and REST Schedule too, unless the caller named another (CARAT_API_URL).
    config: { ...config, caratRechargeUrl: caratUrl, caratApiUrl: config.caratApiUrl ?? `${caratUrl}/api`, authorizerIds, orderGrantSecret, ...(privateKey ? { privateKey } : {}) },
  });
  const proxy = await listen(app, options.host ?? '127.0.0.1', options.port ?? 0);
  sandbox.sandbox.registerMerchant({
    id: config.merchantId,
    key: config.merchantKey,
    auth: config.auth,
    authenticityUrl: `${options.publicUrl ?? proxy.url}/carat/authenticity`,
    // Issue 10's POST /carat/status: the daily schedule batch's notifications.
    statusUrl: `${options.publicUrl ?? proxy.url}/carat/status`,
    ...(privateKey ? { publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() } : {}),
  });
  return {
    proxy,
    sandbox,
    caratUrl,
    ...(privateKey ? { privateKey } : {}),
    async close() {
      await proxy.close();
      await sandbox.close();
    },
  };
}
