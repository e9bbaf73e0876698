/**
 * End to end (issue 9): a card top-up whose confirmation answer is lost and whose status query
 * fails too. The proxy cannot know the outcome, so it answers 202 and the widget says "don't pay
 * again" instead of "nothing was charged"; a reload shows the same; once recovery settles the
 * session, the widget shows the real result. One top-up, one charge.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { demoShopForThisFile } from './demo-shop.ts';
import { CARD_EXPIRY, chooseClaroTopUp, reachStep, sendRecharge, stepText, visitDemo } from './shop-page.ts';

const demo = demoShopForThisFile();

const CONFIRMING = 'We\'re confirming with the operator. Don\'t pay again.';

/** The demo's English widget: a Claro top-up of R$ 15,00 to (21) 98765-4321, card 4111 …, up to the review. */
async function claroTopUpToReview(widget: Locator): Promise<void> {
  await chooseClaroTopUp(widget);
  await widget.getByLabel('Card number').fill('4111 1111 1111 1111');
  await widget.getByLabel('Expiry date').fill(CARD_EXPIRY);
  await widget.getByLabel('Security code').fill('123');
  await widget.getByLabel('Name on card').fill('Maria Silva');
  await widget.getByRole('button', { name: 'Continue' }).click();
  await reachStep(widget, 'Check and confirm');
}

/** The pending screen: its heading, "don't pay again" in the polite live region, and nothing to click. */
async function seesPending(widget: Locator): Promise<void> {
  await reachStep(widget, 'Confirming your recharge');
  await widget.getByRole('status').filter({ hasText: CONFIRMING }).waitFor();
  assert.match(await stepText(widget), /Claro[\s\S]*\(21\) 98765-4321[\s\S]*R\$ 15,00/);
  assert.doesNotMatch(await widget.innerText(), /Nothing was charged/);
  assert.equal(await widget.getByRole('button').count(), 0, 'no way to pay again, nor to open a new session');
}

const keptPending = (page: Page) =>
  page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('recharge-widget:pending:')).length);

test('a lost confirmation: pending (202), the same after a reload, then the real result once settled; one charge', async () => {
  const visit = await visitDemo(demo.browser, demo.shop.url, 'any');
  const faults = demo.shop.sandbox.faults;
  try {
    const { widget, page } = visit;
    let rechargeCalls = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/api\/recharges\/[^/]+\/recharge$/.test(new URL(request.url()).pathname)) rechargeCalls++;
    });
    await claroTopUpToReview(widget);
    // The confirmation takes effect at Carat but its answer is a 502, and every status query fails.
    faults.always({ kind: 'http-error', status: 502, effect: 'after' }, { wrapper: 'confirm_recharge_request' });
    faults.always({ kind: 'http-error', status: 503 }, { method: 'GET', path: '/v3/recharge/' });
    const call = await sendRecharge(visit, widget.getByRole('button', { name: 'Pay R$ 15,00 and top up' }));
    assert.equal(call.httpStatus, 202);
    assert.equal(call.body.status, 'pending');

    await seesPending(widget);
    assert.equal((await demo.shop.session(call.sessionId)).settled, false);
    assert.equal(await keptPending(page), 1);

    await page.reload();
    await widget.scrollIntoViewIfNeeded();
    await seesPending(widget);

    faults.clear();
    await demo.shop.recover();
    // The widget's looks wait longer each time (up to 30 s): the next one comes within a few seconds.
    await widget.getByRole('heading', { name: 'Top-up done', exact: true }).waitFor({ timeout: 20_000 });
    assert.match(await widget.locator('[part~=receipt]').textContent() ?? '', /VALOR: R\$ 15,00/);

    const session = await demo.shop.session(call.sessionId);
    assert.equal(session.settled, true);
    assert.equal(session.result?.status, 'CON');
    assert.deepEqual(await demo.shop.atGateway(call.sessionId), { status: 'CON', paymentStatus: 'CON' });
    assert.deepEqual(demo.shop.pendingAtGateway(), []);
    assert.equal(demo.shop.sandbox.calls.filter((c) => c.wrapper === 'do_recharge_request').length, 1, 'one top-up, one charge');
    assert.equal(rechargeCalls, 1, 'the widget never sent the recharge again');
    assert.equal(await keptPending(page), 0);
    assert.deepEqual(visit.problems, []);
  } finally {
    faults.clear();
    await visit.context.close();
  }
});
