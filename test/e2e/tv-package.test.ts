/**
 * End to end: a prepaid TV top-up on the demo page (the PIN widget, pt-BR). The gateway answers the
 * first recharge with AGU and its package codes; the shopper picks one and the resubmit completes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { TV_PACKAGE_CODES } from '../../proxy/sandbox/catalogue-data.ts';
import { launchChromium, openDemoShop, type DemoShop } from './demo-shop.ts';
import { reachStep, sendRecharge, stepText, visitDemo } from './shop-page.ts';

let shop: DemoShop;
let browser: Browser;
before(async () => {
  shop = await openDemoShop();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await shop?.close();
});

test('TV Pre-Pago: the package the gateway offers is chosen, and the top-up is confirmed', async () => {
  const visit = await visitDemo(browser, shop.url, 'pins-widget');
  try {
    const { widget } = visit;
    await reachStep(widget, 'Escolha um produto');
    await widget.getByLabel('Fornecedor').selectOption({ label: 'TV Pre-Pago' });
    await widget.getByLabel('Produto', { exact: true }).selectOption({ label: 'TV Pre-Pago' });
    await widget.getByRole('button', { name: 'Continuar' }).click();
    await reachStep(widget, 'Escolha o valor');
    await widget.getByRole('radio', { name: /^R\$ 89,90/ }).check();
    await widget.getByRole('button', { name: 'Continuar' }).click();
    await reachStep(widget, 'Confira e confirme');
    const asked = await sendRecharge(visit, widget.getByRole('button', { name: 'Comprar' }));
    assert.equal(asked.body.status, 'AGU');

    await reachStep(widget, 'Escolha seu pacote de TV');
    for (const code of TV_PACKAGE_CODES) assert.ok(await widget.getByRole('radio', { name: code }).isVisible(), `package ${code} offered`);
    await widget.getByRole('button', { name: 'Continuar' }).click();
    assert.match(await stepText(widget), /Escolha um pacote\./, 'no package chosen: said at the step');
    await widget.getByRole('radio', { name: 'PKT-FILMES' }).check();
    const done = await sendRecharge(visit, widget.getByRole('button', { name: 'Continuar' }));

    await reachStep(widget, 'Compra feita');
    assert.match(await widget.locator('[part~=receipt]').innerText(), /OPERADORA: TV Pre-Pago[\s\S]*VALOR: R\$ 89,90/);
    assert.equal(done.sessionId, asked.sessionId, 'the resubmit goes to the same transaction');
    assert.equal((await shop.session(done.sessionId)).status, 'CON');
    assert.equal((await shop.atGateway(done.sessionId))?.status, 'CON');
    assert.deepEqual(shop.pendingAtGateway(), []);
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});
