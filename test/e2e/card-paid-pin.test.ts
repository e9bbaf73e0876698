/**
 * End to end: a game PIN bought by card on the demo page's English widget (no grant, the shopper
 * picks the type): the card step, "Pay R$ 30,00 and buy", the PIN shown once. At the sandbox the
 * card payment (REST Payment) and the recharge are both confirmed, and nothing is left pending.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoShopForThisFile } from './demo-shop.ts';
import { CARD_EXPIRY, pickDealer, reachStep, sendRecharge, stepText, visitDemo } from './shop-page.ts';

const demo = demoShopForThisFile();

test('a game PIN paid by card: card step, the PIN shown, payment and recharge confirmed at the gateway', async () => {
  const visit = await visitDemo(demo.browser, demo.shop.url, 'any');
  try {
    const { widget } = visit;
    await widget.getByRole('radio', { name: 'Game and gift card PIN' }).check();
    await widget.getByRole('button', { name: 'Continue' }).click();
    await reachStep(widget, 'Choose a product');
    await pickDealer(widget, 'E-Prepag');
    await widget.getByLabel('Product', { exact: true }).selectOption({ label: 'Creditos de Jogo R$ 30' });
    await widget.getByRole('button', { name: 'Continue' }).click();
    await reachStep(widget, 'Choose the amount');
    await widget.getByRole('radio', { name: /^R\$ 30,00/ }).check();
    await widget.getByRole('button', { name: 'Continue' }).click();

    await reachStep(widget, 'Card payment');
    await widget.getByLabel('Card number').pressSequentially('4111111111111111');
    await widget.getByLabel('Expiry date').fill(CARD_EXPIRY);
    await widget.getByLabel('Security code').fill('123');
    await widget.getByLabel('Name on card').fill('Maria Silva');
    await widget.getByRole('button', { name: 'Continue' }).click();
    await reachStep(widget, 'Check and confirm');
    assert.match(await stepText(widget), /E-Prepag[\s\S]*R\$ 30,00[\s\S]*Visa card ending in 1111/);
    const call = await sendRecharge(visit, widget.getByRole('button', { name: 'Pay R$ 30,00 and buy' }));

    await reachStep(widget, 'Purchase done');
    const pin = (await widget.locator('[part~=pin]').innerText()).trim();
    assert.match(pin, /^\d{4}-\d{4}-\d{4}$/, 'the PIN, plainly');
    assert.doesNotMatch(await widget.innerText(), /4111 ?1111 ?1111/);

    assert.equal((await demo.shop.session(call.sessionId)).status, 'CON');
    assert.equal((await demo.shop.atGateway(call.sessionId))?.status, 'CON', 'the recharge, confirmed');
    assert.deepEqual(demo.shop.sandbox.payments().map((payment) => [payment.status, payment.amountCents]), [['CON', 3000]], 'the card payment, confirmed');
    assert.deepEqual(demo.shop.pendingAtGateway(), []);
    // Paid by card, not by a grant: the shopper may buy another.
    assert.ok(await widget.getByRole('button', { name: 'Buy another PIN' }).isVisible());
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});
