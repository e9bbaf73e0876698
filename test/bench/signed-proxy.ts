/**
 * The proxy in a process of its own, in signature mode with a 4096-bit key, against a sandbox in
 * this one: its CPU time is not mixed with the sandbox's or the scripted shoppers', and it reports
 * process.cpuUsage() over IPC (proxy-process.ts). Shared by the CPU sections of the bench.
 */
import { fork } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../proxy/sandbox/server.ts';
import { TEST_MERCHANT, type Stack } from '../proxy/support/stack.ts';

type Reply = { url: string } | { cpuMicros: number };

export interface SignedProxy {
  call: Stack['call'];
  /** The gateway calls the sandbox has seen so far. */
  gatewayCalls: () => Array<{ path: string }>;
  /** The proxy process's CPU time so far, in microseconds. */
  cpuMicros: () => Promise<number>;
  close: () => Promise<void>;
}

/** `restPayment`: the proxy also gets the sandbox's REST Payment (CARAT_API_URL). */
export async function startSignedProxy(options: { restPayment?: boolean } = {}): Promise<SignedProxy> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
  const sandbox = await startSandbox();
  sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'signature', publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() });
  const child = fork(fileURLToPath(new URL('./proxy-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const close = async () => {
    child.kill();
    await sandbox.close();
  };
  let waiting: ((reply: Reply) => void) | undefined;
  child.on('message', (reply: Reply) => waiting?.(reply));
  const ask = (message: object) => new Promise<Reply>((resolve) => {
    waiting = (reply) => {
      waiting = undefined;
      resolve(reply);
    };
    child.send(message);
  });
  const started = await ask({
    start: {
      caratRechargeUrl: `${sandbox.url}/e-sitef`, merchantId: TEST_MERCHANT.id, merchantKey: TEST_MERCHANT.key,
      ...(options.restPayment ? { caratApiUrl: `${sandbox.url}/e-sitef/api` } : {}),
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
  });
  if (!('url' in started)) {
    await close();
    throw new Error('the proxy process did not start');
  }
  return {
    async call(method, path, body, headers = {}) {
      const response = await fetch(started.url + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
    },
    gatewayCalls: () => sandbox.sandbox.calls,
    async cpuMicros() {
      const reply = await ask({ cpu: true });
      if (!('cpuMicros' in reply)) throw new Error('no CPU reading');
      return reply.cpuMicros;
    },
    close,
  };
}
