/**
 * Proxy CPU per completed recharge in signature mode with a 4096-bit key (each gateway call signs
 * a JWT), the proxy in a process of its own (signed-proxy.ts).
 */
import { ms, type BenchSection } from './section.ts';
import { normalTopUp } from './shopper.ts';
import { startSignedProxy } from './signed-proxy.ts';

const RECHARGES = 40;
const WARM_UP = 5;

export const signatureCpu: BenchSection = {
  title: 'Proxy CPU per completed recharge (signature mode, 4096-bit RSA key)',
  async run() {
    const proxy = await startSignedProxy();
    try {
      for (let i = 0; i < WARM_UP; i++) await normalTopUp(proxy.call);
      const before = await proxy.cpuMicros();
      const callsBefore = proxy.gatewayCalls().length;
      for (let i = 0; i < RECHARGES; i++) await normalTopUp(proxy.call);
      const perRecharge = (await proxy.cpuMicros() - before) / 1000 / RECHARGES;
      const callsPer = (proxy.gatewayCalls().length - callsBefore) / RECHARGES;
      return [`${RECHARGES} recharges after ${WARM_UP} warm-up (${callsPer} signed gateway calls each, warm cache)`, `proxy CPU per completed recharge: ${ms(perRecharge, 1)}`];
    } finally {
      await proxy.close();
    }
  },
};
