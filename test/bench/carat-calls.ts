/** Calls to Carat per normal recharge, with the general_hash cache cold (first shopper) and warm (next ones). */
import { startStack } from '../proxy/support/stack.ts';
import type { BenchSection } from './section.ts';
import { normalTopUp } from './shopper.ts';

export const caratCalls: BenchSection = {
  title: 'Carat calls per normal recharge',
  async run() {
    const lines: string[] = [];
    for (const auth of ['authenticity', 'signature'] as const) {
      const stack = await startStack({ auth });
      try {
        const counts: number[] = [];
        for (let shopper = 0; shopper < 3; shopper++) {
          const before = stack.sandbox.calls.length;
          await normalTopUp(stack.call);
          counts.push(stack.sandbox.calls.length - before);
        }
        lines.push(`${auth.padEnd(12)} cold: ${counts[0]} calls   warm: ${counts[1]}, ${counts[2]} calls`);
      } finally {
        await stack.close();
      }
    }
    return lines;
  },
};
