/** The proxy alone in a child process for the CPU bench: started over IPC, reports its CPU time on request. */
import { createPrivateKey } from 'node:crypto';
import { createApp } from '../../proxy/app.ts';
import { listenOnLoopback } from '../proxy/support/stack.ts';

interface StartMessage {
  start?: { caratRechargeUrl: string; merchantId: string; merchantKey: string; privateKeyPem: string };
  cpu?: true;
}

process.on('message', async (message: StartMessage) => {
  if (message.start) {
    const { caratRechargeUrl, merchantId, merchantKey, privateKeyPem } = message.start;
    const app = createApp({
      config: { caratRechargeUrl, merchantId, merchantKey, auth: 'signature', privateKey: createPrivateKey(privateKeyPem), caratTimeoutMs: 15_000, allowedOrigins: [] },
    });
    const { url } = await listenOnLoopback(app);
    process.send?.({ url });
  }
  if (message.cpu) {
    const usage = process.cpuUsage();
    process.send?.({ cpuMicros: usage.user + usage.system });
  }
});
// Leave when the bench goes away.
process.on('disconnect', () => process.exit(0));
