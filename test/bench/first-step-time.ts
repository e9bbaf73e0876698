/**
 * Time from the widget script's load to the first step on screen, in headless Chromium, over
 * fresh page loads (a new browser context each: a first visit, nothing cached). The page is a
 * minimal merchant page on the proxy's origin (served by Playwright's routing, so demo/ is not
 * touched); the proxy serves dist/recharge-widget.js and talks to an in-process sandbox.
 *
 * In the page, a requestAnimationFrame poll looks for the step heading inside the widget's shadow
 * root: the frame that first finds it is the frame that paints it (so times are to within one
 * frame, ~17 ms). "Script load" is the start of the script's request (Resource Timing); the time
 * from the end of its download is printed too, which leaves out transfer.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/demo-shop.ts';
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
function benchPage(scenario: Scenario): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body>
<h1>Shop</h1>
<recharge-widget ${scenario.attributes}></recharge-widget>
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
<script type="module" src="/recharge-widget.js"></script>
</body></html>`;
}

async function loadOnce(browser: Browser, url: string, html: string): Promise<Timing> {
  const context = await browser.newContext();
  try {
    await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
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
    const stack = await startStack({ auth: 'authenticity' });
    const browser = await launchChromium();
    try {
      const lines: string[] = [];
      for (const scenario of SCENARIOS) {
        const url = `${stack.proxyUrl}/bench-shop.html`;
        const html = benchPage(scenario);
        await loadOnce(browser, url, html); // warm-up: the browser's and the proxy's first-use costs
        const timings: Timing[] = [];
        for (let i = 0; i < LOADS; i++) timings.push(await loadOnce(browser, url, html));
        lines.push(`${scenario.name}, ${LOADS} loads:`);
        lines.push(`  from the script's request: ${summary(timings.map((t) => t.fromRequest))}`);
        lines.push(`  from its download's end:   ${summary(timings.map((t) => t.fromDownload))}`);
      }
      return lines;
    } finally {
      await browser.close();
      await stack.close();
    }
  },
};
