/**
 * End to end: a shopper buys a game PIN on the demo page ("PINs de jogos e vale-presente", pt-BR)
 * and sees the PIN once, plainly, with a button that copies it; the purchase ends confirmed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoShopForThisFile } from './demo-shop.ts';
import { pickDealer, reachStep, sendRecharge, stepText, visitDemo } from './shop-page.ts';

const demo = demoShopForThisFile();

test('an E-Prepag game PIN: the PIN is shown once with "Copiar PIN", and the purchase is confirmed', async () => {
  const visit = await visitDemo(demo.browser, demo.shop.url, 'pins-widget', ['clipboard-read', 'clipboard-write']);
  try {
    const { widget, page } = visit;
    await reachStep(widget, 'Escolha um produto');
    await pickDealer(widget, 'E-Prepag');
    await widget.getByLabel('Produto', { exact: true }).selectOption({ label: 'Creditos de Jogo R$ 30' });
    await widget.getByRole('button', { name: 'Continuar' }).click();

    await reachStep(widget, 'Escolha o valor');
    await widget.getByRole('radio', { name: /^R\$ 30,00/ }).check();
    await widget.getByRole('button', { name: 'Continuar' }).click();

    await reachStep(widget, 'Confira e confirme');
    assert.match(await stepText(widget), /E-Prepag[\s\S]*Creditos de Jogo R\$ 30[\s\S]*R\$ 30,00/);
    const call = await sendRecharge(visit, widget.getByRole('button', { name: 'Comprar' }));

    await reachStep(widget, 'Compra feita');
    const pin = (await widget.locator('[part~=pin]').innerText()).trim();
    assert.match(pin, /^\d{4}-\d{4}-\d{4}$/, 'the PIN, plainly');
    assert.match(await stepText(widget), /Seu PIN[\s\S]*Anote ou copie agora: ele aparece só uma vez\./);
    assert.match(await widget.locator('[part~=receipt]').textContent() ?? '', new RegExp(`PIN: ${pin}`));

    await widget.getByRole('button', { name: 'Copiar PIN' }).click();
    await widget.getByRole('status').filter({ hasText: 'PIN copiado.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), pin);

    const session = await demo.shop.session(call.sessionId);
    assert.deepEqual({ status: session.status, dealerCode: session.dealerCode, amountCents: session.amountCents }, { status: 'CON', dealerCode: '901', amountCents: 3000 });
    assert.ok(!JSON.stringify(session).includes(pin), 'the proxy never gives the PIN out again');
    assert.equal((await demo.shop.atGateway(call.sessionId))?.status, 'CON');
    assert.deepEqual(demo.shop.pendingAtGateway(), []);

    // The demo's order grant paid for this one purchase: the widget says the order is complete and
    // offers no "Comprar outro PIN", which would reuse the spent grant (409 grant_used).
    assert.match(await stepText(widget), /Seu pedido está concluído\. Para outra compra, volte à loja\./);
    assert.equal(await widget.getByRole('button', { name: 'Comprar outro PIN' }).count(), 0);
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});
