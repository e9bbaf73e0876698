/**
 * `npm run sandbox`: the sandbox alone, at 127.0.0.1:SANDBOX_PORT (default 8090), serving the demo
 * merchant. Optional, for running the proxy against it in either mode:
 *   SANDBOX_AUTHENTICITY_URL  where the demo merchant's authenticity POST goes
 *                             (default http://127.0.0.1:8080/carat/authenticity)
 *   SANDBOX_STATUS_URL        where the daily schedule batch POSTs each execution (§4.5)
 *                             (default http://127.0.0.1:8080/carat/status)
 *   SANDBOX_PUBLIC_KEY_FILE   a PEM public key: the demo merchant is then in signature mode
 */
import { readFileSync } from 'node:fs';
import { DEMO_MERCHANT, type SandboxMerchant } from './app.ts';
import { startSandbox } from './server.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const rawPort = process.env.SANDBOX_PORT ?? '8090';
const port = Number(rawPort);
if (!/^\d+$/.test(rawPort) || port > 65535) fail('SANDBOX_PORT: expected a port number 0–65535');

function demoMerchant(): SandboxMerchant {
  const keyFile = process.env.SANDBOX_PUBLIC_KEY_FILE;
  if (keyFile) {
    let publicKeyPem: string;
    try {
      publicKeyPem = readFileSync(keyFile, 'utf8');
    } catch {
      fail('SANDBOX_PUBLIC_KEY_FILE: cannot read the file');
    }
    if (!publicKeyPem.includes('PUBLIC KEY-----')) fail('SANDBOX_PUBLIC_KEY_FILE: expected a PEM public key');
    return { id: DEMO_MERCHANT.id, key: DEMO_MERCHANT.key, auth: 'signature', publicKeyPem, statusUrl: statusUrl() };
  }
  const url = process.env.SANDBOX_AUTHENTICITY_URL;
  if (url !== undefined && !URL.canParse(url)) fail('SANDBOX_AUTHENTICITY_URL: expected an absolute URL');
  return { ...DEMO_MERCHANT, authenticityUrl: url ?? DEMO_MERCHANT.authenticityUrl, statusUrl: statusUrl() };
}

function statusUrl(): string | undefined {
  const url = process.env.SANDBOX_STATUS_URL;
  if (url !== undefined && !URL.canParse(url)) fail('SANDBOX_STATUS_URL: expected an absolute URL');
  return url ?? DEMO_MERCHANT.statusUrl;
}

const merchant = demoMerchant();
const running = await startSandbox({ port, host: '127.0.0.1', merchants: [merchant] });
const mode = merchant.auth === 'signature' ? 'signature mode' : `authenticity POST to ${merchant.authenticityUrl}`;
console.log(`Carat sandbox on ${running.url}/e-sitef (merchant "${merchant.id}", ${mode})`);

const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
