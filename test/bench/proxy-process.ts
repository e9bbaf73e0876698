/** The proxy alone in a child process for the CPU bench: started over IPC, reports its CPU time on request. */
import { createPrivateKey } from 'node:crypto';
import { createApp } from '../../proxy/app.ts';
import { DEFAULT_ABUSE_LIMITS } from '../../proxy/config.ts';
import { createLogger } from '../../proxy/hardening/logger.ts';
import { listenOnFreePort } from '../proxy/support/free-port.ts';
import { TEST_GRANT_SECRET } from '../proxy/support/stack.ts';

interface StartMessage {
  /** caratApiUrl: REST Payment, for the card-paid PIN section (its card limits raised: one address pays every sale). */
  start?: { caratRechargeUrl: string; caratApiUrl?: string; merchantId: string; merchantKey: string; privateKeyPem: string };
  cpu?: true;
}

process.on('message', async (message: StartMessage) => {
  if (message.start) {
    const { caratRechargeUrl, caratApiUrl, merchantId, merchantKey, privateKeyPem } = message.start;
    const app = createApp({
      ...(caratApiUrl ? { limits: { ...DEFAULT_ABUSE_LIMITS, cardAttemptsPerIp: 1000, paymentsPerMinutePerIp: 1000, cardDeclinesPer10Min: 1000 } } : {}),
      config: {
        caratRechargeUrl, ...(caratApiUrl ? { caratApiUrl } : {}), merchantId, merchantKey, auth: 'signature', privateKey: createPrivateKey(privateKeyPem), caratTimeoutMs: 15_000, allowedOrigins: [],
        // The bench's shoppers are granted (shopper.ts): verifying the grant is part of the cost.
        orderGrantSecret: TEST_GRANT_SECRET,
      },
      // Logging as in production (info: each line built, redacted and scrubbed, which is CPU the
      // proxy really spends), but the lines are dropped: the bench's own output stays readable.
      logger: createLogger({ level: 'info', secrets: [merchantKey], destination: { write: () => {} } }),
    });
    const { url } = await listenOnFreePort(app);
    process.send?.({ url });
  }
  if (message.cpu) {
    const usage = process.cpuUsage();
    process.send?.({ cpuMicros: usage.user + usage.system });
  }
});
// Leave when the bench goes away.
process.on('disconnect', () => process.exit(0));
