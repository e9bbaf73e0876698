/**
 * End to end: a shopper pays a top-up by card on the demo page's English widget (lang="en",
 * no grant, so the card step; the shopper picks the type): an approved card, and a denied one that says so
 * plainly and lets the shopper go on with another card. The sandbox's documented test cards
 * decide: 4111 1111 1111 1111 approves, 4000 0000 0000 0002 is denied.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator } from 'playwright-core';
import { demoShopForThisFile } from './demo-shop.ts';
import { CARD_EXPIRY, chooseClaroTopUp, pickDealer, reachStep, sendRecharge, stepText, visitDemo } from './shop-page.ts';

const demo = demoShopForThisFile();

async function enterCard(widget: Locator, number: string): Promise<void> {
  await widget.getByLabel('Card number').pressSequentially(number.replaceAll(' ', ''));
  assert.equal(await widget.getByLabel('Card number').inputValue(), number, 'the number is grouped as it is typed');
  await widget.getByLabel('Expiry date').fill(CARD_EXPIRY);
  await widget.getByLabel('Security code').fill('123');
  await widget.getByLabel('Name on card').fill('Maria Silva');
  await widget.getByRole('button', { name: 'Continue' }).click();
  await reachStep(widget, 'Check and confirm');
}

test('an approved card: the review names the card by its last digits, the top-up is paid and confirmed', async () => {
  const visit = await visitDemo(demo.browser, demo.shop.url, 'any');
  try {
    const { widget } = visit;
    await chooseClaroTopUp(widget);
    await widget.getByLabel('Card number').fill('4111');
    assert.match(await stepText(widget), /Card brand: Visa/);
    await widget.getByLabel('Card number').clear();
    await enterCard(widget, '4111 1111 1111 1111');
    const review = await stepText(widget);
    assert.match(review, /Visa card ending in 1111, 1x/);
    assert.doesNotMatch(review, /4111 ?1111 ?1111/, 'the review shows the last four digits only');

    const call = await sendRecharge(visit, widget.getByRole('button', { name: 'Pay R$ 15,00 and top up' }));
    await reachStep(widget, 'Top-up done');
    const receipt = await widget.locator('[part~=receipt]').textContent() ?? '';
    assert.match(receipt, /OPERADORA: Claro/);
    assert.match(receipt, /VALOR: R\$ 15,00/);
    assert.doesNotMatch(receipt, /4111111111111111/);

    assert.equal((await demo.shop.session(call.sessionId)).status, 'CON');
    assert.deepEqual(await demo.shop.atGateway(call.sessionId), { status: 'CON', paymentStatus: 'CON' }, 'top-up and card payment confirmed');
    assert.deepEqual(demo.shop.pendingAtGateway(), []);
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});

test('a denied card: "Not approved", nothing charged, and another card completes the top-up', async () => {
  const visit = await visitDemo(demo.browser, demo.shop.url, 'any');
  try {
    const { widget } = visit;
    await chooseClaroTopUp(widget);
    await enterCard(widget, '4000 0000 0000 0002');
    const denied = await sendRecharge(visit, widget.getByRole('button', { name: 'Pay R$ 15,00 and top up' }));

    await reachStep(widget, 'Not approved');
    const message = 'Your bank declined the card. Nothing was charged. Try another card.';
    assert.ok((await stepText(widget)).includes(message), 'the denial, in plain words');
    assert.doesNotMatch(await stepText(widget), /The recharge was denied/, 'the proxy\'s message for merchants is not shown');
    // Announced too, not only drawn: a screen reader user hears it from the live region.
    await widget.getByRole('alert').filter({ hasText: message }).waitFor({ state: 'attached' });
    for (const way of ['Use another card', 'Choose another operator', 'Start again']) {
      assert.ok(await widget.getByRole('button', { name: way }).isEnabled(), `a way forward: ${way}`);
    }
    assert.equal((await demo.shop.session(denied.sessionId)).status, 'NEG');
    assert.deepEqual(await demo.shop.atGateway(denied.sessionId), { status: 'NEG', paymentStatus: 'NEG' });
    assert.deepEqual(demo.shop.pendingAtGateway(), []);

    // The way forward keeps the operator, number and amount and asks for the card again.
    await widget.getByRole('button', { name: 'Use another card' }).click();
    await reachStep(widget, 'Card payment');
    assert.equal(await widget.getByLabel('Card number').inputValue(), '', 'the refused card is not kept');
    await enterCard(widget, '4111 1111 1111 1111');
    assert.match(await stepText(widget), /Claro[\s\S]*\(21\) 98765-4321[\s\S]*R\$ 15,00/);
    const paid = await sendRecharge(visit, widget.getByRole('button', { name: 'Pay R$ 15,00 and top up' }));
    await reachStep(widget, 'Top-up done');

    assert.notEqual(paid.sessionId, denied.sessionId, 'the second attempt runs in a new Carat transaction');
    assert.equal((await demo.shop.session(paid.sessionId)).status, 'CON');
    assert.deepEqual(await demo.shop.atGateway(paid.sessionId), { status: 'CON', paymentStatus: 'CON' });
    assert.equal((await demo.shop.session(denied.sessionId)).status, 'NEG', 'the denied attempt stays denied');
    assert.deepEqual(demo.shop.pendingAtGateway(), []);
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});

test('a denied card in the Portuguese widget: the step speaks Portuguese only, without the proxy\'s English', async () => {
  const visit = await visitDemo(demo.browser, demo.shop.url, 'topup');
  try {
    const { widget } = visit;
    await reachStep(widget, 'Escolha sua operadora');
    await pickDealer(widget, 'Claro');
    await widget.getByRole('button', { name: 'Continuar' }).click();
    await reachStep(widget, 'Número a recarregar');
    await widget.getByLabel('Número do celular').fill('(11) 98765-4321');
    await widget.getByRole('button', { name: 'Continuar' }).click();
    await reachStep(widget, 'Escolha o valor');
    await widget.getByRole('radio', { name: /^R\$ 15,00/ }).check();
    await widget.getByRole('button', { name: 'Continuar' }).click();
    await reachStep(widget, 'Pagamento com cartão');
    await widget.getByLabel('Número do cartão').fill('4000 0000 0000 0002');
    await widget.getByLabel('Validade').fill(CARD_EXPIRY);
    await widget.getByLabel('CVV').fill('123');
    await widget.getByLabel('Nome impresso no cartão').fill('Maria Silva');
    await widget.getByRole('button', { name: 'Continuar', exact: true }).click();
    await reachStep(widget, 'Confira e confirme');
    const denied = await sendRecharge(visit, widget.getByRole('button', { name: 'Pagar R$ 15,00 e recarregar' }));

    await reachStep(widget, 'Não aprovado');
    const text = await stepText(widget);
    assert.ok(text.includes('Seu banco recusou o cartão. Nada foi cobrado. Tente outro cartão.'), text);
    assert.doesNotMatch(text, /The recharge was denied/);
    assert.doesNotMatch(text, /Transacao negada/, 'Carat\'s own words are for the merchant too');
    assert.equal((await demo.shop.session(denied.sessionId)).status, 'NEG');
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});
