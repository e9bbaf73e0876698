/**
 * The card-paid PIN flow (issue 8 §2): gateway calls per sale, recharge and REST Payment apart,
 * and proxy CPU per sale in signature mode with a 4096-bit key (as signature-cpu.ts, to compare
 * with a granted top-up). The proxy runs in its own process and reports process.cpuUsage() over IPC.
 */
import { fork } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../proxy/sandbox/server.ts';
import { TEST_MERCHANT, type Stack } from '../proxy/support/stack.ts';
import { ms, type BenchSection } from './section.ts';
import { cardPaidPin } from './shopper.ts';

const SALES = 40;
const WARM_UP = 5;

type Reply = { url: string } | { cpuMicros: number };

export const cardPaidPinFlow: BenchSection = {
  title: 'Card-paid PIN flow (REST Payment two-phase; signature mode, 4096-bit RSA key)',
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
        start: {
          caratRechargeUrl: `${sandbox.url}/e-sitef`, caratApiUrl: `${sandbox.url}/e-sitef/api`, merchantId: TEST_MERCHANT.id, merchantKey: TEST_MERCHANT.key,
          privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
      });
      if (!('url' in started)) throw new Error('the proxy process did not start');
      const call: Stack['call'] = async (method, path, body, headers = {}) => {
        const response = await fetch(started.url + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await response.text();
        return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
      };
      const calls = sandbox.sandbox.calls;
      const cold = calls.length;
      await cardPaidPin(call);
      const coldCalls = calls.length - cold;
      for (let i = 1; i < WARM_UP; i++) await cardPaidPin(call);
      const before = await ask({ cpu: true });
      const callsBefore = calls.length;
      for (let i = 0; i < SALES; i++) await cardPaidPin(call);
      const after = await ask({ cpu: true });
      if (!('cpuMicros' in before) || !('cpuMicros' in after)) throw new Error('no CPU reading');
      const made = calls.slice(callsBefore);
      const payment = made.filter((c) => c.path.startsWith('/e-sitef/api/')).length / SALES;
      const recharge = made.length / SALES - payment;
      return [
        `gateway calls per sale: ${made.length / SALES} warm (${recharge} recharge, ${payment} REST Payment), ${coldCalls} cold`,
        `${SALES} sales after ${WARM_UP} warm-up: proxy CPU per sale: ${ms((after.cpuMicros - before.cpuMicros) / 1000 / SALES, 1)}`,
      ];
    } finally {
      child.kill();
      await sandbox.close();
    }
  },
};
