/**
 * `npm run bench`: measurements, not tests. Each section is one file; later issues add theirs to
 * SECTIONS. Runs sequentially so sections do not disturb each other.
 */
import { arch, availableParallelism, platform } from 'node:os';
import { cardPaidPinFlow } from './card-paid-pin.ts';
import { caratCalls } from './carat-calls.ts';
import { firstPaintSize } from './first-paint-size.ts';
import { firstStepTime } from './first-step-time.ts';
import { instancesThroughput } from './instances-throughput.ts';
import { journalThroughput } from './journal-throughput.ts';
import { proxyLatency } from './proxy-latency.ts';
import type { BenchSection } from './section.ts';
import { signatureCpu } from './signature-cpu.ts';

const SECTIONS: BenchSection[] = [caratCalls, proxyLatency, signatureCpu, cardPaidPinFlow, journalThroughput, instancesThroughput, firstPaintSize, firstStepTime];

// Numbers mean little without the machine they came from.
console.log(`# recharge-widget bench, ${new Date().toISOString()}: ${availableParallelism()} cores, Node ${process.version}, ${platform()} ${arch()}`);

for (const section of SECTIONS) {
  console.log(`\n## ${section.title}`);
  const started = Date.now();
  for (const line of await section.run()) console.log(`  ${line}`);
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
