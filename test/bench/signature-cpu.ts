/**
 * Proxy CPU per completed recharge in signature mode with a 4096-bit key (each gateway call signs
 * a JWT). The proxy runs in its own process so that its CPU time is not mixed with the sandbox's
 * or the scripted shoppers'; it reports process.cpuUsage() over IPC.
 */
import { fork } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../proxy/sandbox/server.ts';
import { TEST_MERCHANT, type Stack } from '../proxy/support/stack.ts';
import { ms, type BenchSection } from './section.ts';
import { normalTopUp } from './shopper.ts';

const RECHARGES = 40;
const WARM_UP = 5;

type Reply = { url: string } | { cpuMicros: number };

export const signatureCpu: BenchSection = {
  title: 'Proxy CPU per completed recharge (signature mode, 4096-bit RSA key)',
  async run() {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
    const sandbox = await startSandbox();
    sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'signature', publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() });
    const child = fork(fileURLToPath(new URL('./proxy-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const replies: Reply[] = [];
    let waiting: ((reply: Reply) => void) | undefined;
    child.on('message', (reply: Reply) => (waiting ? waiting(reply) : replies.push(reply)));
    const ask = (message: object) => new Promise<Reply>((resolve) => {
      waiting = (reply) => {
        waiting = undefined;
        resolve(reply);
      };
      child.send(message);
    });
    try {
      const started = await ask({
        start: { caratRechargeUrl: `${sandbox.url}/e-sitef`, merchantId: TEST_MERCHANT.id, merchantKey: TEST_MERCHANT.key, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      });
      if (!('url' in started)) throw new Error('the proxy process did not start');
      const call: Stack['call'] = async (method, path, body, headers = {}) => {
        const response = await fetch(started.url + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await response.text();
        return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
      };
      for (let i = 0; i < WARM_UP; i++) await normalTopUp(call);
      const before = await ask({ cpu: true });
      const callsBefore = sandbox.sandbox.calls.length;
      for (let i = 0; i < RECHARGES; i++) await normalTopUp(call);
      const after = await ask({ cpu: true });
      if (!('cpuMicros' in before) || !('cpuMicros' in after)) throw new Error('no CPU reading');
      const perRecharge = (after.cpuMicros - before.cpuMicros) / 1000 / RECHARGES;
      const callsPer = (sandbox.sandbox.calls.length - callsBefore) / RECHARGES;
      return [`${RECHARGES} recharges after ${WARM_UP} warm-up (${callsPer} signed gateway calls each, warm cache)`, `proxy CPU per completed recharge: ${ms(perRecharge, 1)}`];
    } finally {
      child.kill();
      await sandbox.close();
    }
  },
};
