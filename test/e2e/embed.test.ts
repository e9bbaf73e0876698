/**
 * End to end: the one-script-tag embed on a merchant page of ANOTHER origin, as the issue shows it
 * (`<script type="module" src="https://proxy/recharge-widget.js">` + `<recharge-widget api=…>`),
 * with a second copy of the script (two plugins on one page). The card step's chunk then comes
 * cross-origin too, and every API call goes through CORS with the merchant's origin allowed.
 */
import assert from 'node:assert/strict';
import type { Listening } from '../../proxy/listen.ts';
import { listenOnFreePort } from '../proxy/support/free-port.ts';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openDemoShop, type DemoShop } from './demo-shop.ts';
import { pickDealer, reachStep, sendRecharge, stepText } from './shop-page.ts';

let shop: DemoShop;
let browser: Browser;
/**
 * The merchant's own site: a server of its own on loopback too, since Chromium keeps a page from
 * elsewhere (even one Playwright serves) from calling loopback addresses (Local Network Access).
 */
let merchant: Listening;
let merchantOrigin: string;
before(async () => {
  merchant = await listenOnFreePort((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(merchantPage(new URL(shop.url).origin));
  });
  merchantOrigin = merchant.url;
  shop = await openDemoShop({ allowedOrigins: [merchantOrigin] });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await shop?.close();
  await merchant?.close();
});

function merchantPage(proxy: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another shop</title>
<script type="module" src="${proxy}/recharge-widget.js"></script>
<script type="module" src="${proxy}/recharge-widget.js?plugin=second"></script>
</head><body><main><h1>Another shop</h1>
<recharge-widget api="${proxy}" lang="en" type="normal"></recharge-widget>
</main></body></html>`;
}

test('embedded on another origin, loaded twice: a card top-up completes and is confirmed', async () => {
  const context = await browser.newContext();
  context.setDefaultTimeout(10_000);
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
    await page.goto(`${merchantOrigin}/`);
    const widget = page.locator('recharge-widget');

    await reachStep(widget, 'Choose your operator');
    await pickDealer(widget, 'Oi');
    await widget.getByRole('button', { name: 'Continue' }).click();
    await reachStep(widget, 'Phone number to top up');
    await widget.getByLabel('Phone number', { exact: true }).fill('(31) 99876-5432');
    await widget.getByRole('button', { name: 'Continue' }).click();
    await reachStep(widget, 'Choose the amount');
    await widget.getByRole('radio', { name: /^R\$ 50,00/ }).check();
    await widget.getByRole('button', { name: 'Continue' }).click();

    // The lazily loaded card step, fetched from the proxy's origin.
    await reachStep(widget, 'Card payment');
    await widget.getByLabel('Card number').fill('5555 5555 5555 4444');
    await widget.getByLabel('Expiry date').fill(`01/${String((new Date().getUTCFullYear() + 2) % 100).padStart(2, '0')}`);
    await widget.getByLabel('Security code').fill('321');
    await widget.getByLabel('Name on card').fill('João Souza');
    await widget.getByLabel('Installments').selectOption({ index: 1 });
    await widget.getByRole('button', { name: 'Continue' }).click();
    await reachStep(widget, 'Check and confirm');
    assert.match(await stepText(widget), /Mastercard card ending in 4444, 2x/);

    const call = await sendRecharge({ context, page, widget, problems }, widget.getByRole('button', { name: 'Pay R$ 50,00 and top up' }));
    assert.equal(call.httpStatus, 200);
    await reachStep(widget, 'Top-up done');
    assert.match(await widget.locator('[part~=receipt]').textContent() ?? '', /OPERADORA: Oi[\s\S]*TELEFONE: \(31\) 998765432[\s\S]*VALOR: R\$ 50,00/);

    assert.equal((await shop.session(call.sessionId)).status, 'CON');
    assert.deepEqual(await shop.atGateway(call.sessionId), { status: 'CON', paymentStatus: 'CON' });
    assert.deepEqual(shop.pendingAtGateway(), []);
    assert.deepEqual(problems, [], 'no CORS refusal, no error from the second copy of the script');
  } finally {
    await context.close();
  }
});
