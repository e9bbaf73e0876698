/**
 * End to end: a merchant page whose origin is not in ALLOWED_ORIGINS. The widget's script and
 * chunks load (they are public, `Access-Control-Allow-Origin: *`), but the browser keeps every API
 * answer from the page: fetch rejects, as when the proxy is down or `api` is wrong. The shopper reads
 * the short message in the page's language with a retry button, and the page gets recharge-error
 * `proxy_unreachable`. (Retrying once the proxy answers: test/widget/recharge-widget/proxy-unreachable.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Listening } from '../../proxy/listen.ts';
import { listenOnFreePort } from '../proxy/support/free-port.ts';
import { launchChromium, openDemoShop, type DemoShop } from './demo-shop.ts';

let shop: DemoShop;
let browser: Browser;
let merchant: Listening;

const ERROR_LOG = `window.rechargeErrors = [];
document.addEventListener('recharge-error', (e) => window.rechargeErrors.push(e.detail));`;

before(async () => {
  merchant = await listenOnFreePort((req, res) => {
    if (req.url === '/error-log.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(ERROR_LOG);
      return;
    }
    const proxy = new URL(shop.url).origin;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Not allowed</title>
<script src="/error-log.js"></script>
<script type="module" src="${proxy}/recharge-widget.js"></script>
</head><body><main><h1>Tienda</h1><recharge-widget api="${proxy}" lang="es" type="normal"></recharge-widget></main></body></html>`);
  });
  shop = await openDemoShop({ allowedOrigins: [] });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await shop?.close();
  await merchant?.close();
});

test('blocked by CORS: the shopper is told in Spanish, with a retry button, and the page gets proxy_unreachable', async () => {
  const context = await browser.newContext();
  context.setDefaultTimeout(10_000);
  try {
    const page = await context.newPage();
    await page.goto(`${merchant.url}/`);
    const widget = page.locator('recharge-widget');
    await widget.getByRole('paragraph').getByText('No pudimos contactar al servidor. Revise su conexión e intente de nuevo.').waitFor();
    await widget.getByRole('button', { name: 'Intentar de nuevo' }).waitFor();
    const errors = await page.evaluate(() => (window as unknown as { rechargeErrors: Array<{ code: string; message: string }> }).rechargeErrors);
    assert.deepEqual(errors.map((e) => e.code), ['proxy_unreachable']);
    assert.equal(errors[0]!.message, 'No pudimos contactar al servidor. Revise su conexión e intente de nuevo.');
    // Trying again while still refused: the same, once more.
    await widget.getByRole('button', { name: 'Intentar de nuevo' }).click();
    await page.waitForFunction(() => (window as unknown as { rechargeErrors: unknown[] }).rechargeErrors.length === 2);
  } finally {
    await context.close();
  }
});
