/**
 * `npm run screenshots`: every step a shopper sees, at 360 px in pt-BR, against the local stack (a
 * Carat sandbox and the proxy, demo-shop.ts) in the machine's Chromium, written to
 * docs/screenshots/ for the README's shopper section. Not a test: it asserts nothing but that each
 * step comes. The page is a bare merchant page with the widget in its default look; the PIN and
 * the bill are paid by an order grant, taken from the demo page as the shop's server mints it.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator } from 'playwright-core';
import { launchChromium, openDemoShop, type DemoShop } from './demo-shop.ts';
import { CARD_EXPIRY, pickDealer, reachStep } from './shop-page.ts';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PAGE = 'screenshot-page.html';
const BAR_CODE = '83660000001234567890123456789012345678901234';

/** A fresh order grant for a widget of the demo page (single use: the demo server mints one per load). */
async function demoGrant(shop: DemoShop, widgetId: string): Promise<string> {
  const html = await (await fetch(shop.url)).text();
  const tag = new RegExp(`<recharge-widget id="${widgetId}"[^>]*?grant="([^"]+)"`).exec(html);
  if (!tag) throw new Error(`the demo page has no grant for #${widgetId}`);
  return tag[1]!;
}

function merchantPage(attributes: string): string {
  return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<style>body { margin: 0; padding: 12px; font-family: system-ui, sans-serif; background: #fff; }
recharge-widget { --recharge-font-family: system-ui, sans-serif; }
recharge-widget:not(:defined) { display: block; min-height: 20rem; }</style>
<script type="module" src="/recharge-widget.js"></script></head>
<body><recharge-widget ${attributes}></recharge-widget></body></html>`;
}

/** Opens the bare merchant page with one widget, at a phone's size; returns the widget and a shooter. */
async function visit(browser: Browser, shop: DemoShop, attributes: string) {
  const context = await browser.newContext({ locale: 'pt-BR', viewport: { width: 360, height: 740 }, permissions: ['clipboard-read', 'clipboard-write'] });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.route(`${shop.url}${PAGE}`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: merchantPage(attributes) }));
  await page.goto(`${shop.url}${PAGE}`);
  const widget = page.locator('recharge-widget');
  const shoot = async (name: string) => {
    // No caret blinking or hover in the picture; what is focused keeps its ring (the shopper sees it).
    await page.mouse.move(0, 0);
    await widget.screenshot({ path: `${OUT}${name}.png`, animations: 'disabled', caret: 'hide', scale: 'css' });
    console.log(`docs/screenshots/${name}.png`);
  };
  return { context, widget, shoot };
}

const go = (widget: Locator, name = 'Continuar') => widget.getByRole('button', { name, exact: true }).click();

async function cardTopUp(browser: Browser, shop: DemoShop): Promise<void> {
  const { context, widget, shoot } = await visit(browser, shop, '');
  try {
    await reachStep(widget, 'O que você quer pagar?');
    await shoot('01-tipo');
    await go(widget);
    await reachStep(widget, 'Escolha sua operadora');
    await shoot('02-operadora');
    await pickDealer(widget, 'Vivo');
    await go(widget);
    await reachStep(widget, 'Número a recarregar');
    await widget.getByLabel('Número do celular').fill('(11) 98765-4321');
    await shoot('03-numero');
    await go(widget);
    await reachStep(widget, 'Escolha o valor');
    await widget.getByRole('radio', { name: /^R\$ 30,00/ }).check();
    await shoot('04-valor');
    await go(widget);
    await reachStep(widget, 'Mais alguns dados');
    await widget.getByLabel('Qual o nome do seu pai?').fill('José da Silva');
    await shoot('05-pergunta');
    await go(widget);
    await reachStep(widget, 'Pagamento com cartão');
    await widget.getByLabel('Número do cartão').fill('4000 0000 0000 0002'); // the sandbox's declined card
    await widget.getByLabel('Validade').fill(CARD_EXPIRY);
    await widget.getByLabel('CVV').fill('123');
    await widget.getByLabel('Nome impresso no cartão').fill('Maria Silva');
    await shoot('06-cartao');
    await go(widget);
    await reachStep(widget, 'Confira e confirme');
    await shoot('07-confira');
    await go(widget, 'Pagar R$ 30,00 e recarregar');
    await reachStep(widget, 'Não aprovado');
    await shoot('08-nao-aprovado');
    await go(widget, 'Usar outro cartão');
    await reachStep(widget, 'Pagamento com cartão');
    await widget.getByLabel('Número do cartão').fill('4111 1111 1111 1111');
    await widget.getByLabel('Validade').fill(CARD_EXPIRY);
    await widget.getByLabel('CVV').fill('123');
    await widget.getByLabel('Nome impresso no cartão').fill('Maria Silva');
    await go(widget);
    await reachStep(widget, 'Confira e confirme');
    await go(widget, 'Pagar R$ 30,00 e recarregar');
    await reachStep(widget, 'Recarga feita');
    await shoot('09-recarga-feita');
  } finally {
    await context.close();
  }
}

async function pin(browser: Browser, shop: DemoShop): Promise<void> {
  const { context, widget, shoot } = await visit(browser, shop, `type="others" grant="${await demoGrant(shop, 'pins-widget')}"`);
  try {
    await reachStep(widget, 'Escolha um produto');
    await pickDealer(widget, 'Vale Presente');
    await widget.getByLabel('Produto', { exact: true }).selectOption({ label: 'Vale Presente R$ 50' });
    await shoot('10-produto');
    await go(widget);
    await reachStep(widget, 'Escolha o valor');
    await go(widget); // one price: chosen for the shopper
    await reachStep(widget, 'Mais alguns dados');
    await widget.getByRole('checkbox').check(); // Carat's "Digite SIM" question, as a checkbox
    await shoot('11-confirmacao');
    await go(widget);
    await reachStep(widget, 'Confira e confirme');
    await go(widget, 'Comprar');
    await reachStep(widget, 'Compra feita');
    await shoot('12-pin');
  } finally {
    await context.close();
  }
}

async function bill(browser: Browser, shop: DemoShop): Promise<void> {
  const { context, widget, shoot } = await visit(browser, shop, `type="invoice" grant="${await demoGrant(shop, 'bills')}"`);
  try {
    await reachStep(widget, 'Escolha a empresa');
    await widget.getByLabel('Serviço').selectOption({ label: 'Boleto de Assinatura' }); // the only company is chosen
    await go(widget);
    await reachStep(widget, 'Código de barras da conta');
    await widget.getByLabel('Código de barras', { exact: true }).fill(BAR_CODE);
    await shoot('13-codigo-de-barras');
    await go(widget);
    await reachStep(widget, 'Confira e confirme');
    await shoot('14-conta');
    // The confirmation takes effect at Carat but its answer is lost, and every status query fails:
    // the outcome is unknown, so the widget says "don't pay again".
    shop.sandbox.faults.always({ kind: 'http-error', status: 502, effect: 'after' }, { wrapper: 'confirm_recharge_request' });
    shop.sandbox.faults.always({ kind: 'http-error', status: 503 }, { method: 'GET', path: '/v3/recharge/' });
    await go(widget, 'Pagar conta');
    await reachStep(widget, 'Confirmando sua recarga');
    await widget.getByRole('status').filter({ hasText: 'Não pague de novo.' }).waitFor();
    await shoot('15-pendente');
  } finally {
    shop.sandbox.faults.clear();
    await context.close();
  }
}

async function tvPackage(browser: Browser, shop: DemoShop): Promise<void> {
  const { context, widget, shoot } = await visit(browser, shop, `type="others" grant="${await demoGrant(shop, 'pins-widget')}"`);
  try {
    await reachStep(widget, 'Escolha um produto');
    await pickDealer(widget, 'TV Pre-Pago');
    await widget.getByLabel('Produto', { exact: true }).selectOption({ label: 'TV Pre-Pago' });
    await go(widget);
    await reachStep(widget, 'Escolha o valor');
    await widget.getByRole('radio', { name: /^R\$ 89,90/ }).check();
    await go(widget);
    await reachStep(widget, 'Confira e confirme');
    await go(widget, 'Comprar');
    await reachStep(widget, 'Escolha seu pacote de TV');
    await widget.getByRole('radio', { name: 'PKT-FILMES' }).check();
    await shoot('16-pacote-tv');
  } finally {
    await context.close();
  }
}

/** A PIN bought by card (no order grant): its card step. */
async function pinByCard(browser: Browser, shop: DemoShop): Promise<void> {
  const { context, widget, shoot } = await visit(browser, shop, 'type="others"');
  try {
    await reachStep(widget, 'Escolha um produto');
    await pickDealer(widget, 'E-Prepag');
    await widget.getByLabel('Produto', { exact: true }).selectOption({ label: 'Creditos de Jogo R$ 30' });
    await go(widget);
    await reachStep(widget, 'Escolha o valor');
    await widget.getByRole('radio', { name: /^R\$ 30,00/ }).check();
    await go(widget);
    await reachStep(widget, 'Pagamento com cartão');
    await widget.getByLabel('Número do cartão').fill('4111 1111 1111 1111');
    await widget.getByLabel('Validade').fill(CARD_EXPIRY);
    await widget.getByLabel('CVV').fill('123');
    await widget.getByLabel('Nome impresso no cartão').fill('Maria Silva');
    await shoot('17-pin-cartao');
  } finally {
    await context.close();
  }
}

/** "Outro valor", then a monthly top-up: the review's repeat choice, the schedule, its manage view. */
async function monthlyTopUp(browser: Browser, shop: DemoShop): Promise<void> {
  const { context, widget, shoot } = await visit(browser, shop, '');
  try {
    await reachStep(widget, 'O que você quer pagar?');
    await go(widget);
    await reachStep(widget, 'Escolha sua operadora');
    await pickDealer(widget, 'Oi');
    await go(widget);
    await reachStep(widget, 'Número a recarregar');
    await widget.getByLabel('Número do celular').fill('(11) 98765-4321');
    await go(widget);
    await reachStep(widget, 'Escolha o valor');
    await widget.getByRole('radio', { name: 'Outro valor' }).check();
    await widget.getByLabel(/^Valor de R\$/).fill('25,00');
    await shoot('18-outro-valor');
    await go(widget);
    await reachStep(widget, 'Pagamento com cartão');
    await widget.getByLabel('Número do cartão').fill('4111 1111 1111 1111');
    await widget.getByLabel('Validade').fill(CARD_EXPIRY);
    await widget.getByLabel('CVV').fill('123');
    await widget.getByLabel('Nome impresso no cartão').fill('Maria Silva');
    await go(widget);
    await reachStep(widget, 'Confira e confirme');
    await widget.getByRole('checkbox', { name: 'Repetir todo mês' }).check();
    await widget.getByLabel('Quantos meses').selectOption('3');
    await shoot('19-mensal-confira');
    await go(widget, 'Agendar 3 recargas mensais');
    await reachStep(widget, 'Recarga mensal agendada');
    const link = widget.getByLabel('Link para ver ou cancelar');
    await link.waitFor();
    await shoot('20-mensal-agendada');
    await widget.page().goto(await link.inputValue());
    await widget.getByRole('heading', { name: 'Sua recarga mensal' }).waitFor();
    await widget.getByText('Ativa', { exact: true }).waitFor();
    await shoot('21-mensal-gerenciar');
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const shop = await openDemoShop();
  const browser = await launchChromium();
  try {
    await cardTopUp(browser, shop);
    await pin(browser, shop);
    await bill(browser, shop);
    await tvPackage(browser, shop);
    await pinByCard(browser, shop);
    await monthlyTopUp(browser, shop);
  } finally {
    await browser.close();
    await shop.close();
  }
}

await main();
