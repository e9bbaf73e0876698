/**
 * End to end (issue 10): on the demo page's English widget a shopper pays a Claro top-up by card
 * and ticks "Repeat every month": the review says what is charged when (nothing today), the result
 * shows the schedule and its manage link. The link opens the proxy's manage page (the widget in
 * manage mode, in Portuguese), which shows the schedule with the phone masked; the shopper cancels
 * it with the keyboard alone, and Carat's schedule is INA. Starting now instead: the first top-up is
 * made at once (its receipt on the result, beside the schedule and its link) and Carat makes the
 * rest. axe-core finds nothing on each screen.
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

test('a monthly top-up starting now: topped up today with its receipt, the schedule and its link, recharge-complete', async () => {
  const visit = await visitDemo(demo.browser, demo.shop.url, 'any');
  try {
    const { widget, page } = visit;
    await page.evaluate(() => {
      const seen: unknown[] = [];
      (window as unknown as { completed: unknown[] }).completed = seen;
      document.addEventListener('recharge-complete', (event) => seen.push((event as CustomEvent).detail));
    });
    const toppedBefore = demo.shop.sandbox.transactions().filter((tx) => tx.status === 'CON').length;
    await chooseClaroTopUp(widget);
    await enterCard(widget);
    await widget.getByRole('checkbox', { name: 'Repeat every month' }).check();
    await widget.getByLabel('How many months').selectOption('3');
    // Keyboard only: the "when to start" radios.
    await widget.getByRole('radio', { name: 'Now: the first top-up today' }).focus();
    await page.keyboard.press('Space');
    await widget.getByLabel('First top-up on').waitFor({ state: 'detached' });
    const review = await stepText(widget);
    assert.match(review, /3 × R\$ 15,00: today, then on \d{2}\/\d{2}\/\d{4}, \d{2}\/\d{2}\/\d{4}/);
    assert.match(review, /Today your card is charged R\$ 15,00 and the phone is topped up at once/);
    assert.match(review, /Total to pay\s+R\$ 15,00/);
    await accessible(page, 'the review with "now"');

    const call = await sendRecharge(visit, widget.getByRole('button', { name: 'Top up now and schedule 2 more' }));
    assert.equal(call.httpStatus, 200);
    assert.equal(call.body.status, 'CON');
    await reachStep(widget, 'Topped up, and monthly top-up scheduled');
    const link = widget.getByLabel('Link to see or cancel it');
    await link.waitFor();
    assert.match(await link.inputValue(), /\/schedules\/[A-Za-z0-9_-]{43}$/);
    const done = await stepText(widget);
    assert.match(done, /\(21\) 98765-4321 was topped up with R\$ 15,00 now\. 2 more top-ups of R\$ 15,00, one a month, the next on \d{2}\/\d{2}\/\d{4}\./);
    await widget.getByText('Show receipt').click();
    assert.match(await widget.locator('[part~=receipt]').innerText(), /\S/);
    await accessible(page, 'the result with the receipt and the schedule');

    assert.equal(demo.shop.sandbox.transactions().filter((tx) => tx.status === 'CON').length, toppedBefore + 1, 'topped up now');
    const schedule = demo.shop.sandbox.schedules.schedules().at(-1);
    assert.equal(schedule?.status, 'ATV');
    assert.equal(schedule?.numberOfTimes, 2, 'Carat makes the other two');
    const completed = await page.evaluate(() => (window as unknown as { completed: Array<Record<string, unknown>> }).completed);
    assert.equal(completed.length, 1);
    assert.deepEqual({ ...completed[0], id: undefined }, {
      id: undefined, type: 'normal', status: 'CON', dealerCode: completed[0]!.dealerCode, amountCents: 1500,
      schedule: { status: 'active', every: 'month', times: 3, nextDate: schedule?.nextDate },
    });
    assert.deepEqual(visit.problems, []);
  } finally {
    await visit.context.close();
  }
});
