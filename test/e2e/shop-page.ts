/**
 * A shopper's visit to the demo page in a fresh browser context: the page, the widget they use
 * (found by its id on the demo page), and the page's recharge calls, whose paths name the proxy
 * session the shopper's recharge went into: a test follows it without reading the widget's internals.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export interface RechargeCall {
  /** The proxy session id, from the call's path /api/recharges/:id/recharge. */
  sessionId: string;
  httpStatus: number;
  body: { status?: string; message?: string; error?: { code: string; message: string } };
}

export interface Visit {
  context: BrowserContext;
  page: Page;
  /** The <recharge-widget> the shopper uses; role and label queries pierce its shadow root. */
  widget: Locator;
  /**
   * What went wrong on the page besides what the widget showed: uncaught errors, console errors
   * and HTTP errors. A flow that works leaves it empty.
   */
  problems: string[];
}

const RECHARGE_PATH = /^\/api\/recharges\/([^/]+)\/recharge$/;

export async function visitDemo(browser: Browser, url: string, widgetId: string, permissions: string[] = []): Promise<Visit> {
  const context = await browser.newContext({ locale: 'pt-BR', permissions });
  // Steps are quick against a local sandbox: fail in seconds rather than Playwright's 30.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  await page.goto(url);
  const widget = page.locator(`recharge-widget#${widgetId}`);
  // The shopper scrolls to the widget they use: a widget opens its Carat session only when it comes
  // near the viewport, and waiting for its first step does not scroll by itself.
  await widget.scrollIntoViewIfNeeded();
  return { context, page, widget, problems };
}

/** Clicks the button that sends the recharge and returns that call once its answer has arrived. */
export async function sendRecharge(visit: Visit, button: Locator, how: 'click' | 'dblclick' = 'click'): Promise<RechargeCall> {
  const answered = visit.page.waitForResponse((r) => RECHARGE_PATH.test(new URL(r.url()).pathname) && r.request().method() === 'POST');
  await (how === 'dblclick' ? button.dblclick() : button.click());
  const response = await answered;
  const sessionId = decodeURIComponent(RECHARGE_PATH.exec(new URL(response.url()).pathname)![1]!);
  return { sessionId, httpStatus: response.status(), body: await response.json() };
}

/** Waits until the widget shows the step with this heading (its level depends on the demo). */
export async function reachStep(widget: Locator, heading: string): Promise<void> {
  await widget.getByRole('heading', { name: heading, exact: true }).waitFor();
}

/** Ticks a dealer's chip (operator, provider or company): the chips are one radio group, each named by its dealer. */
export async function pickDealer(widget: Locator, name: string): Promise<void> {
  await widget.getByRole('radio', { name, exact: true }).check();
}

/** The text of the step on screen (the part below the step heading). */
export async function stepText(widget: Locator): Promise<string> {
  return widget.locator('[part~=step]').innerText();
}

/** December, three years from now: a card that has not expired whenever the test runs. */
export const CARD_EXPIRY = `12/${String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0')}`;

/** The demo's English widget: Mobile top-up → Claro → (21) 98765-4321 → R$ 15,00, up to the card step. */
export async function chooseClaroTopUp(widget: Locator): Promise<void> {
  await reachStep(widget, 'What would you like to pay?');
  await widget.getByRole('radio', { name: 'Mobile top-up' }).check();
  await widget.getByRole('button', { name: 'Continue' }).click();
  await chooseClaroFromOperator(widget);
}

/** The same from the operator step (a widget whose type the page preset). */
export async function chooseClaroFromOperator(widget: Locator): Promise<void> {
  await reachStep(widget, 'Choose your operator');
  await pickDealer(widget, 'Claro');
  await widget.getByRole('button', { name: 'Continue' }).click();
  await reachStep(widget, 'Phone number to top up');
  await widget.getByLabel('Phone number', { exact: true }).fill('(21) 98765-4321');
  await widget.getByRole('button', { name: 'Continue' }).click();
  await reachStep(widget, 'Choose the amount');
  await widget.getByRole('radio', { name: /^R\$ 15,00/ }).check();
  await widget.getByRole('button', { name: 'Continue' }).click();
  await reachStep(widget, 'Card payment');
}
