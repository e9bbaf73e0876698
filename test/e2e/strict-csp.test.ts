/**
 * End to end under the strict Content-Security-Policy of the README's embedding guide, on a
 * merchant page of another origin:
 *   default-src 'self'; script-src 'self' <proxy>; style-src 'self'; connect-src <proxy>
 * The page's own script (a file: no inline script may run) listens for securitypolicyviolation on
 * the document before the widget's module loads; a card top-up (the lazily loaded card step
 * included) completes with none. At the end the test sets an inline style attribute itself, to show
 * that the listener does see a violation when there is one.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Listening } from '../../proxy/listen.ts';
import { listenOnFreePort } from '../proxy/support/free-port.ts';
import { launchChromium, openDemoShop, type DemoShop } from './demo-shop.ts';
import { CARD_EXPIRY, chooseClaroFromOperator, reachStep, sendRecharge } from './shop-page.ts';

/** Records every violation where the test can read it; loaded as a file, as script-src 'self' requires. */
const WATCHER = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
}, true);`;

let shop: DemoShop;
let browser: Browser;
let merchant: Listening;
let proxyOrigin: string;

const policy = (proxy: string) => `default-src 'self'; script-src 'self' ${proxy}; style-src 'self'; connect-src ${proxy}`;

function merchantPage(proxy: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A strict shop</title>
<script src="/csp-watch.js"></script>
<script type="module" src="${proxy}/recharge-widget.js"></script>
</head><body><main><h1>A strict shop</h1>
<recharge-widget api="${proxy}" lang="en" type="normal"></recharge-widget>
</main></body></html>`;
}

before(async () => {
  merchant = await listenOnFreePort((req, res) => {
    if (req.url === '/csp-watch.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(WATCHER);
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('content-security-policy', policy(proxyOrigin));
    res.end(merchantPage(proxyOrigin));
  });
  shop = await openDemoShop({ allowedOrigins: [merchant.url] });
  proxyOrigin = new URL(shop.url).origin;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await shop?.close();
  await merchant?.close();
});

test('under a strict CSP: a card top-up completes with no securitypolicyviolation', async () => {
  const context = await browser.newContext();
  context.setDefaultTimeout(10_000);
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
    await page.goto(`${merchant.url}/`);
    const widget = page.locator('recharge-widget');
    const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    assert.deepEqual(await violations(), [], 'the watcher runs (it would be undefined if the CSP blocked it)');

    await chooseClaroFromOperator(widget);
    await widget.getByLabel('Card number').fill('4111 1111 1111 1111');
    await widget.getByLabel('Expiry date').fill(CARD_EXPIRY);
    await widget.getByLabel('Security code').fill('123');
    await widget.getByLabel('Name on card').fill('Ana Lima');
    await widget.getByRole('button', { name: 'Continue' }).click();
    await reachStep(widget, 'Check and confirm');
    const call = await sendRecharge({ context, page, widget, problems }, widget.getByRole('button', { name: /^Pay R\$ 15,00/ }));
    assert.equal(call.httpStatus, 200);
    await reachStep(widget, 'Top-up done');
    assert.equal((await shop.session(call.sessionId)).status, 'CON');

    assert.deepEqual(await violations(), [], 'no securitypolicyviolation during the whole top-up');
    assert.deepEqual(problems, []);

    // The control: an inline style attribute is a violation, and the listener sees it.
    await page.evaluate(() => document.querySelector('h1')!.setAttribute('style', 'color: red'));
    await page.waitForFunction(() => (window as unknown as { cspViolations: string[] }).cspViolations.length > 0);
    assert.match((await violations())[0]!, /^style-src/);
  } finally {
    await context.close();
  }
});
