/**
 * End to end (issue 10): on the demo page's English widget a shopper pays a Claro top-up by card
 * and ticks "Repeat every month": the review says what is charged when (nothing today), the result
 * shows the schedule and its manage link. The link opens the proxy's manage page (the widget in
 * manage mode, in Portuguese), which shows the schedule with the phone masked; the shopper cancels
 * it with the keyboard alone, and Carat's schedule is INA. axe-core finds nothing on each screen.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { demoShopForThisFile } from './demo-shop.ts';
import { CARD_EXPIRY, chooseClaroTopUp, reachStep, sendRecharge, stepText, visitDemo } from './shop-page.ts';

const demo = demoShopForThisFile();
// Evaluated through the DevTools protocol: the page's CSP (script-src 'self') refuses a script tag.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the widget (WCAG A/AA rules): no violation. */
async function accessible(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe;
    const result = await axe.run({ include: [['recharge-widget']] }, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] });
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  assert.deepEqual(violations, [], `axe on ${where}`);
}

async function enterCard(widget: Locator): Promise<void> {
  await widget.getByLabel('Card number').fill('4111111111111111');
  await widget.getByLabel('Expiry date').fill(CARD_EXPIRY);
  await widget.getByLabel('Security code').fill('123');
  await widget.getByLabel('Name on card').fill('Maria Silva');
  await widget.getByRole('button', { name: 'Continue' }).click();
  await reachStep(widget, 'Check and confirm');
}

test('a monthly top-up with a start date: set up, seen in manage mode, cancelled with the keyboard', async () => {
  const visit = await visitDemo(demo.browser, demo.shop.url, 'any');
  try {
    const { widget, page } = visit;
    await chooseClaroTopUp(widget);
    await enterCard(widget);
    await widget.getByRole('checkbox', { name: 'Repeat every month' }).check();
    await widget.getByLabel('How many months').selectOption('3');
    const startDate = await widget.getByLabel('First top-up on').inputValue();
    const review = await stepText(widget);
    const first = startDate.split('-').reverse().join('/');
    assert.ok(review.includes(`3 × R$ 15,00, on ${first}`), review);
    assert.match(review, /Nothing is charged today/);
    await accessible(page, 'the review with the repeat choice');

    const call = await sendRecharge(visit, widget.getByRole('button', { name: 'Schedule 3 monthly top-ups' }));
    assert.equal(call.httpStatus, 200);
    await reachStep(widget, 'Monthly top-up scheduled');
    await widget.getByLabel('Link to see or cancel it').waitFor();
    assert.match(await stepText(widget), new RegExp(`3 top-ups of R\\$ 15,00 for \\(21\\) 98765-4321, one a month, the first on ${first}`));
    const link = await widget.getByLabel('Link to see or cancel it').inputValue();
    assert.match(link, /\/schedules\/[A-Za-z0-9_-]{43}$/);
    await accessible(page, 'the scheduled result');
    const [schedule] = demo.shop.sandbox.schedules.schedules();
    assert.equal(schedule?.status, 'ATV');
    assert.equal(schedule?.nextDate, startDate);
    assert.equal(demo.shop.sandbox.transactions().filter((tx) => tx.status === 'CON').length, 0, 'nothing topped up now');

    // The manage page: the widget in manage mode, in Portuguese (the page's language).
    await page.goto(link);
    const manage = page.locator('recharge-widget');
    await manage.getByRole('heading', { name: 'Sua recarga mensal' }).waitFor();
    await manage.getByText('Ativa', { exact: true }).waitFor();
    const shown = await manage.locator('[part~=step]').innerText();
    assert.match(shown, /Ativa/);
    assert.match(shown, /\(21\) \*{5}4321/);
    assert.doesNotMatch(shown, /98765/);
    assert.match(shown, /0 de 3 cobradas/);
    assert.match(shown, /Nenhuma cobrança ainda/);
    await accessible(page, 'manage mode');

    // Keyboard only: the cancel button, then the confirmation's "Yes".
    await manage.getByRole('button', { name: 'Cancelar a recarga mensal' }).focus();
    await page.keyboard.press('Enter');
    await manage.getByText('Cancelar? Não haverá mais cobranças nem recargas.').waitFor();
    await accessible(page, 'the cancel confirmation');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await manage.getByText('A recarga mensal foi cancelada. Não haverá mais cobranças.').first().waitFor();
    assert.match(await manage.locator('[part~=step]').innerText(), /Cancelada/);
    assert.equal(demo.shop.sandbox.schedules.schedule(schedule!.sid)?.status, 'INA');
    await accessible(page, 'the cancelled schedule');
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});
