/**
 * End to end: a shopper on the demo page tops up a phone without paying by card, in the demo's
 * own language (pt-BR), on the granted widget ("Recarga de um pedido já pago": the demo server
 * minted its order grant at page load, as a shop's checkout does once it took the money), and the
 * recharge ends confirmed at the proxy and at the gateway, under the grant's order id.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoShopForThisFile } from './demo-shop.ts';
import { pickDealer, reachStep, sendRecharge, stepText, visitDemo } from './shop-page.ts';

const demo = demoShopForThisFile();

test('a granted Vivo top-up, no card step: operator, number, amount, the operator\'s question, review, receipt', async () => {
  const visit = await visitDemo(demo.browser, demo.shop.url, 'granted');
  try {
    const { widget } = visit;
    const grant = await widget.getAttribute('grant');
    assert.match(grant ?? '', /^[\w-]+\.[\w-]+\.[\w-]+$/, 'the demo server put a fresh order grant on the widget');
    await reachStep(widget, 'Escolha sua operadora');
    await pickDealer(widget, 'Vivo');
    await widget.getByRole('button', { name: 'Continuar' }).click();

    await reachStep(widget, 'Número a recarregar');
    // The demo presets the area code (ddd="11").
    assert.equal(await widget.getByLabel('Número do celular').inputValue(), '(11) ');
    await widget.getByLabel('Número do celular').press('End'); // after the preset "(11) ", as a tap at the field's end
    await widget.getByLabel('Número do celular').pressSequentially('912345678');
    assert.equal(await widget.getByLabel('Número do celular').inputValue(), '(11) 91234-5678', 'the number is masked as it is typed');
    await widget.getByRole('button', { name: 'Continuar' }).click();

    await reachStep(widget, 'Escolha o valor');
    assert.match(await stepText(widget), /R\$ 30,00\s*\+ R\$ 5,00 de bônus/);
    await widget.getByRole('radio', { name: /^R\$ 20,00/ }).check();
    await widget.getByRole('button', { name: 'Continuar' }).click();

    // Vivo asks the documented question (id "5", 5 to 30 characters).
    await reachStep(widget, 'Mais alguns dados');
    const answer = widget.getByLabel('Qual o nome do seu pai?');
    await answer.fill('Zé');
    await widget.getByRole('button', { name: 'Continuar' }).click();
    assert.match(await stepText(widget), /Responda com 5 a 30 caracteres\./);
    await answer.fill('José da Silva');
    await widget.getByRole('button', { name: 'Continuar' }).click();

    // The order grant pays: straight from the question to the review.
    await reachStep(widget, 'Confira e confirme');
    const review = await stepText(widget);
    assert.match(review, /Vivo/);
    assert.match(review, /\(11\) 91234-5678/);
    assert.match(review, /R\$ 20,00/);
    // An impatient double click: one recharge, not two.
    const call = await sendRecharge(visit, widget.getByRole('button', { name: 'Recarregar' }), 'dblclick');
    assert.equal(call.httpStatus, 200);

    await reachStep(widget, 'Recarga feita');
    const receipt = await widget.locator('[part~=receipt]').textContent() ?? '';
    assert.match(receipt, /OPERADORA: Vivo/);
    assert.match(receipt, /TELEFONE: \(11\) 912345678/);
    assert.match(receipt, /VALOR: R\$ 20,00/);
    assert.ok(await widget.getByRole('button', { name: 'Imprimir comprovante' }).isVisible());
    assert.equal(await widget.locator('[part~=pin]').count(), 0, 'a top-up has no PIN to show');

    const session = await demo.shop.session(call.sessionId);
    assert.deepEqual({ status: session.status, dealerCode: session.dealerCode, amountCents: session.amountCents }, { status: 'CON', dealerCode: '001', amountCents: 2000 });
    assert.deepEqual(await demo.shop.atGateway(call.sessionId), { status: 'CON' });
    assert.deepEqual(demo.shop.pendingAtGateway(), []);
    assert.equal(demo.shop.sandbox.calls.filter((c) => c.wrapper === 'do_recharge_request').length, 1, 'the gateway was asked to recharge once');

    assert.match(demo.shop.sandbox.transaction((await demo.shop.nitOf(call.sessionId)))?.orderId ?? '', /^DEMO[0-9A-F]{12}$/, 'Carat got the grant\'s order id');

    // A grant opens one recharge: the same grant again is refused.
    const again = await fetch(new URL('/api/recharges', demo.shop.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'normal', grant }) });
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'grant_used');
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});
