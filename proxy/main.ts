/**
 * Runs the proxy (npm start). Without CARAT_RECHARGE_URL it starts the built-in Carat sandbox
 * in-process on a free loopback port and registers the configured merchant there, so the demo
 * works on a fresh machine with no credentials.
 */
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type ProxyConfig } from './config.ts';
import { DEMO_MERCHANT } from './sandbox/app.ts';
import { startSandbox } from './sandbox/server.ts';

function readConfig(): ProxyConfig {
  try {
    return loadConfig(process.env, DEMO_MERCHANT);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  let caratRechargeUrl = config.caratRechargeUrl;
  let privateKey = config.privateKey;
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  if (!caratRechargeUrl) {
    // Sandbox mode: a throwaway key is enough, since the sandbox learns its public half below.
    if (config.auth === 'signature' && !privateKey) privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0 });
    caratRechargeUrl = `${sandbox.url}/e-sitef`;
  }

  const app = createApp({ config: { ...config, caratRechargeUrl, ...(privateKey ? { privateKey } : {}) } });
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
  console.log(`recharge proxy listening on ${publicUrl} (${config.auth} mode, gateway: ${gateway})`);

  const stop = () => {
    server.close();
    server.closeAllConnections();
    void sandbox?.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
