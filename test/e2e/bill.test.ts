/**
 * End to end: a shopper pays a bill on the demo page ("Pagar uma conta", pt-BR): the bar code,
 * then the holder, amount and due date the gateway found for it, then the payment, confirmed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lookUpInvoice } from '../../proxy/sandbox/invoice-lookup.ts';
import { demoShopForThisFile } from './demo-shop.ts';
import { pickDealer, reachStep, sendRecharge, stepText, visitDemo } from './shop-page.ts';
import { barcodeGroups } from '../../widget/barcode.ts';

const demo = demoShopForThisFile();

/** The demo page's own example: a utility bill of R$ 123,45 (its value is printed in the code). */
const BAR_CODE = '83660000001234567890123456789012345678901234';

test('a bill: bar code, then holder, amount and due date from the gateway, paid and confirmed', async () => {
  // What the sandbox (the gateway here) finds for this bar code today.
  const bill = lookUpInvoice(BAR_CODE, Date.now());
  const dueDate = `${bill.expiryDate.slice(6, 8)}/${bill.expiryDate.slice(4, 6)}/${bill.expiryDate.slice(0, 4)}`;
  const visit = await visitDemo(demo.browser, demo.shop.url, 'bills');
  try {
    const { widget } = visit;
    await reachStep(widget, 'Escolha a empresa');
    await pickDealer(widget, 'Contas e Assinaturas');
    await widget.getByLabel('Serviço').selectOption({ label: 'Boleto de Assinatura' });
    await widget.getByRole('button', { name: 'Continuar' }).click();

    await reachStep(widget, 'Código de barras da conta');
    const barCode = widget.getByLabel('Código de barras', { exact: true });
    await barCode.fill('8366000000123');
    await widget.getByRole('button', { name: 'Continuar' }).click();
    assert.match(await stepText(widget), /Informe o código de barras: de 44 a 48 dígitos\./);
    await barCode.fill(BAR_CODE);
    await widget.getByRole('button', { name: 'Continuar' }).click();

    await reachStep(widget, 'Confira e confirme');
    const review = await stepText(widget);
    // The bar code in groups, as printed on the bill (widget/barcode.ts).
    for (const shown of [bill.holderName, dueDate, 'R$ 123,45', barcodeGroups(BAR_CODE).join(' ')]) assert.ok(review.includes(shown), `the review shows ${shown}:\n${review}`);
    const call = await sendRecharge(visit, widget.getByRole('button', { name: 'Pagar conta' }));

    await reachStep(widget, 'Conta paga');
    assert.match(await widget.locator('[part~=receipt]').textContent() ?? '', /VALOR: R\$ 123,45/);
    const session = await demo.shop.session(call.sessionId);
    assert.deepEqual({ status: session.status, dealerCode: session.dealerCode, amountCents: session.amountCents }, { status: 'CON', dealerCode: '800', amountCents: 12345 });
    assert.equal((await demo.shop.atGateway(call.sessionId))?.status, 'CON');
    assert.deepEqual(demo.shop.pendingAtGateway(), []);
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});
