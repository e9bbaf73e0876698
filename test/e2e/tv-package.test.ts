/**
 * End to end: a prepaid TV top-up on the demo page (the PIN widget, pt-BR). The gateway answers the
 * first recharge with AGU and its package codes; the shopper picks one and the resubmit completes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TV_PACKAGE_CODES } from '../../proxy/sandbox/catalogue-data.ts';
import { demoShopForThisFile } from './demo-shop.ts';
import { pickDealer, reachStep, sendRecharge, stepText, visitDemo } from './shop-page.ts';

const demo = demoShopForThisFile();

test('TV Pre-Pago: the package the gateway offers is chosen, and the top-up is confirmed', async () => {
  const visit = await visitDemo(demo.browser, demo.shop.url, 'pins-widget');
  try {
    const { widget } = visit;
    await reachStep(widget, 'Escolha um produto');
    await pickDealer(widget, 'TV Pre-Pago');
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
    assert.match(await widget.locator('[part~=receipt]').textContent() ?? '', /OPERADORA: TV Pre-Pago[\s\S]*VALOR: R\$ 89,90/);
    assert.equal(done.sessionId, asked.sessionId, 'the resubmit goes to the same transaction');
    assert.equal((await demo.shop.session(done.sessionId)).status, 'CON');
    assert.equal((await demo.shop.atGateway(done.sessionId))?.status, 'CON');
    assert.deepEqual(demo.shop.pendingAtGateway(), []);
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});
