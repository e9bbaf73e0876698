/**
 * Time from the widget script's load to the first step on screen, in headless Chromium, over
 * fresh page loads (a new browser context each: a first visit, nothing cached). The page is a
 * minimal merchant page on a loopback origin of its own (allowed in ALLOWED_ORIGINS), not routed
 * through Playwright: a route would pass every request, the widget's chunks included, through the
 * test process and add its delay to each; the proxy serves dist/recharge-widget.js and its chunks and
 * talks to an in-process sandbox.
 *
 * In the page, a requestAnimationFrame poll looks for the step heading inside the widget's shadow
 * root: the frame that first finds it is the frame that paints it (so times are to within one
 * frame, ~17 ms). "Script load" is the start of the script's request (Resource Timing); the time
 * from the end of its download is printed too, which leaves out transfer.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/demo-shop.ts';
import { listenOnFreePort } from '../proxy/support/free-port.ts';
import { startStack } from '../proxy/support/stack.ts';
import { ms, quantile, type BenchSection } from './section.ts';

const LOADS = 15;
const ENTRY = new URL('../../dist/recharge-widget.js', import.meta.url);

interface Scenario {
  name: string;
  attributes: string;
  /** The heading of the first step the shopper can act on. */
  heading: string;
}

const SCENARIOS: Scenario[] = [
  { name: 'type step (no preset: no API call)', attributes: 'lang="en"', heading: 'What would you like to pay?' },
  { name: 'operator step (type="normal": session created, dealers listed)', attributes: 'lang="en" type="normal"', heading: 'Choose your operator' },
];

interface Timing {
  fromRequest: number;
  fromDownload: number;
}

/** The merchant page: the poll is a classic script before the module, so it runs first. */
function benchPage(scenario: Scenario, proxy: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body>
<h1>Shop</h1>
<recharge-widget api="${proxy}" ${scenario.attributes}></recharge-widget>
<script>
window.firstStep = new Promise((resolve) => {
  const tick = () => {
    const heading = document.querySelector('recharge-widget')?.shadowRoot?.querySelector('[part~=heading]');
    if (heading?.textContent.trim() !== ${JSON.stringify(scenario.heading)}) return requestAnimationFrame(tick);
    const shownAt = performance.now();
    const script = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/recharge-widget.js');
    resolve({ fromRequest: shownAt - script.startTime, fromDownload: shownAt - script.responseEnd });
  };
  requestAnimationFrame(tick);
});
</script>
<script type="module" src="${proxy}/recharge-widget.js"></script>
</body></html>`;
}

async function loadOnce(browser: Browser, url: string): Promise<Timing> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    return await page.evaluate(() => (window as unknown as { firstStep: Promise<Timing> }).firstStep);
  } finally {
    await context.close();
  }
}

const summary = (samples: number[]) => `median ${ms(quantile(samples, 0.5), 1)}, p90 ${ms(quantile(samples, 0.9), 1)}, min ${ms(Math.min(...samples), 1)}`;

export const firstStepTime: BenchSection = {
  title: 'Script load → first step on screen (headless Chromium)',
  async run() {
    if (!existsSync(ENTRY)) return ['dist/recharge-widget.js is missing: run `npm run build` first'];
    let html = '';
    const shop = await listenOnFreePort((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(html);
    });
    const stack = await startStack({ auth: 'authenticity', allowedOrigins: [shop.url] });
    const browser = await launchChromium();
    try {
      const lines: string[] = [];
      for (const scenario of SCENARIOS) {
        const url = `${shop.url}/bench-shop.html`;
        html = benchPage(scenario, new URL(stack.proxyUrl).origin);
        await loadOnce(browser, url); // warm-up: the browser's and the proxy's first-use costs
        const timings: Timing[] = [];
        for (let i = 0; i < LOADS; i++) timings.push(await loadOnce(browser, url));
        lines.push(`${scenario.name}, ${LOADS} loads:`);
        lines.push(`  from the script's request: ${summary(timings.map((t) => t.fromRequest))}`);
        lines.push(`  from its download's end:   ${summary(timings.map((t) => t.fromDownload))}`);
      }
      return lines;
    } finally {
      await browser.close();
      await stack.close();
      await shop.close();
    }
  },
};
