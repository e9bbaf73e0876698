/**
 * End to end: what loads before the first step shows, and that each later step's chunk was fetched
 * before that step came (the shopper never waits on one). An English page with one widget: before
 * its first step, only recharge-widget.js and the English texts; never the other languages; the
 * order steps, the flow's machinery and the card step each requested before their step shows.
 * (How many bytes that is: `npm run bench`, against the 15 KB budget.)
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Listening } from '../../proxy/listen.ts';
import { listenOnFreePort } from '../proxy/support/free-port.ts';
import { launchChromium, openDemoShop, type DemoShop } from './demo-shop.ts';
import { chooseClaroTopUp } from './shop-page.ts';

let shop: DemoShop;
let browser: Browser;
let merchant: Listening;

/** Records each step as it shows, with the time, for the test to compare with the scripts' fetch times. */
const STEP_LOG = `window.shownSteps = [];
document.addEventListener('recharge-step-change', (e) => window.shownSteps.push({ step: e.detail.step, at: performance.now() }));`;

before(async () => {
  merchant = await listenOnFreePort((req, res) => {
    if (req.url === '/step-log.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(STEP_LOG);
      return;
    }
    const proxy = new URL(shop.url).origin;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>First paint</title>
<script src="/step-log.js"></script>
<script type="module" src="${proxy}/recharge-widget.js"></script>
</head><body><main><h1>First paint</h1><recharge-widget api="${proxy}" lang="en"></recharge-widget></main></body></html>`);
  });
  shop = await openDemoShop({ allowedOrigins: [merchant.url] });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await shop?.close();
  await merchant?.close();
});

interface Fetched {
  name: string;
  startTime: number;
}

test('the first step needs the entry and its language only; each later chunk is fetched before its step shows', async () => {
  const context = await browser.newContext();
  context.setDefaultTimeout(10_000);
  try {
    const page = await context.newPage();
    await page.goto(`${merchant.url}/`);
    const widget = page.locator('recharge-widget');
    await chooseClaroTopUp(widget);

    const { scripts, steps } = await page.evaluate(() => ({
      scripts: performance.getEntriesByType('resource')
        .filter((entry) => /\/(recharge-widget\.js|chunks\/)/.test(entry.name))
        .map((entry) => ({ name: new URL(entry.name).pathname, startTime: entry.startTime })),
      steps: (window as unknown as { shownSteps: Array<{ step: string; at: number }> }).shownSteps,
    }));
    const shownAt = (step: string) => steps.find((s) => s.step === step)?.at ?? assert.fail(`${step} never showed: ${JSON.stringify(steps)}`);
    const fetchedAt = (pattern: RegExp): Fetched => scripts.find((s) => pattern.test(s.name)) ?? assert.fail(`${pattern} never fetched: ${scripts.map((s) => s.name).join(', ')}`);

    const beforeFirstStep = scripts.filter((s) => s.startTime < shownAt('type')).map((s) => s.name.replace(/-[\w-]{8}\.js$/, '.js'));
    assert.deepEqual(beforeFirstStep.sort(), ['/chunks/en.js', '/recharge-widget.js']);
    assert.deepEqual(scripts.filter((s) => /\/chunks\/(pt-BR|es)-/.test(s.name)), [], 'no other language');
    assert.ok(fetchedAt(/\/chunks\/flow-machine-/).startTime < shownAt('dealer'));
    assert.ok(fetchedAt(/\/chunks\/order-steps-/).startTime < shownAt('dealer'));
    assert.ok(fetchedAt(/\/chunks\/card-step-/).startTime < shownAt('card'));
    assert.equal(scripts.filter((s) => /\/chunks\/result-step-/.test(s.name)).length, 0, 'the result only from the review on');
  } finally {
    await context.close();
  }
});
