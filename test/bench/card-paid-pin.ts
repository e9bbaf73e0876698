/**
 * The card-paid PIN flow (issue 8 §2): gateway calls per sale, recharge and REST Payment apart,
 * and proxy CPU per sale in signature mode with a 4096-bit key (as signature-cpu.ts, to compare
 * with a granted top-up), the proxy in a process of its own (signed-proxy.ts).
 */
import { ms, type BenchSection } from './section.ts';
import { cardPaidPin } from './shopper.ts';
import { startSignedProxy } from './signed-proxy.ts';

const SALES = 40;
const WARM_UP = 5;

export const cardPaidPinFlow: BenchSection = {
  title: 'Card-paid PIN flow (REST Payment two-phase; signature mode, 4096-bit RSA key)',
  async run() {
    const proxy = await startSignedProxy({ restPayment: true });
    try {
      const calls = proxy.gatewayCalls();
      const cold = calls.length;
      await cardPaidPin(proxy.call);
      const coldCalls = calls.length - cold;
      for (let i = 1; i < WARM_UP; i++) await cardPaidPin(proxy.call);
      const before = await proxy.cpuMicros();
      const callsBefore = calls.length;
      for (let i = 0; i < SALES; i++) await cardPaidPin(proxy.call);
      const cpuMicros = await proxy.cpuMicros() - before;
      const made = calls.slice(callsBefore);
      const payment = made.filter((c) => c.path.startsWith('/e-sitef/api/')).length / SALES;
      const recharge = made.length / SALES - payment;
      return [
        `gateway calls per sale: ${made.length / SALES} warm (${recharge} recharge, ${payment} REST Payment), ${coldCalls} cold`,
        `${SALES} sales after ${WARM_UP} warm-up: proxy CPU per sale: ${ms(cpuMicros / 1000 / SALES, 1)}`,
      ];
    } finally {
      await proxy.close();
    }
  },
};
