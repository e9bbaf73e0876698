/**
 * Authenticity mode's form POST (§3.2) through the real proxy and sandbox: the creation gets the NIT
 * that Carat posted for it, while strangers, forgeries and replays are answered 200 and change
 * nothing. A relay between the sandbox and the proxy records each real notice, so the test can
 * replay it, or slip a forged one in while a creation waits. (The guard's own rules are unit-tested
 * in carat/authenticity-guard.test.ts.)
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import express from 'express';
import { listenOnFreePort } from './support/free-port.ts';
import { grantFor, startStack, TEST_MERCHANT, type Stack } from './support/stack.ts';

type Form = Record<string, string>;

describe('authenticity notices through the proxy', () => {
  let stack: Stack;
  let relay: { url: string; close(): Promise<void> };
  const forms: Form[] = [];
  /** Runs with each real notice before it is passed on to the proxy. */
  let beforeForwarding: (form: Form) => Promise<void> = async () => {};

  const postToProxy = async (form: Form | string, contentType = 'application/x-www-form-urlencoded') => {
    const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    const response = await fetch(`${stack.proxyUrl}/carat/authenticity`, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, text: await response.text() };
  };

  beforeEach(async () => {
    forms.length = 0;
    beforeForwarding = async () => {};
    stack = await startStack({ auth: 'authenticity' });
    const app = express();
    app.post('/relay', express.urlencoded({ extended: false }), async (req, res) => {
      const form = { ...(req.body as Form) };
      forms.push(form);
      await beforeForwarding(form);
      const answer = await postToProxy(form);
      res.status(answer.status).send(answer.text);
    });
    relay = await listenOnFreePort(app);
    stack.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'authenticity', authenticityUrl: `${relay.url}/relay` });
  });
  afterEach(async () => {
    await relay.close();
    await stack.close();
  });

  const create = async () => {
    const created = await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
    assert.equal(created.status, 201, created.text);
    return created.body.id as string;
  };

  test('each creation gets the NIT Carat posted for it', async () => {
    const first = await create();
    const second = await create();
    assert.equal(forms.length, 2);
    assert.equal(await stack.nitOf(first), forms[0]!.nit);
    assert.equal(await stack.nitOf(second), forms[1]!.nit);
    assert.deepEqual(stack.sandbox.transactions().map((transaction) => transaction.nit), [forms[0]!.nit, forms[1]!.nit]);
  });

  test('a replayed notice, aimed at a creation that is waiting, is ignored: the creation keeps its own NIT', async () => {
    await create();
    const consumed = forms[0]!;
    const answers: Array<{ status: number; text: string }> = [];
    beforeForwarding = async (form) => {
      if (form === consumed) return;
      // While the second creation waits: the old notice as it was, then its NIT under the new USN and order id.
      answers.push(await postToProxy(consumed));
      answers.push(await postToProxy({ ...form, nit: consumed.nit! }));
    };
    const second = await create();
    assert.deepEqual(answers, [{ status: 200, text: 'OK' }, { status: 200, text: 'OK' }], 'Carat must never be told to retry');
    assert.equal(await stack.nitOf(second), forms[1]!.nit);
    assert.notEqual(forms[1]!.nit, consumed.nit);
  });

  test('a forged notice without the right order id is ignored; the real one still completes the creation', async () => {
    beforeForwarding = async (form) => {
      await postToProxy({ ...form, nit: 'F'.repeat(64), orderId: 'RW0000000000000000' });
      await postToProxy({ ...form, nit: 'F'.repeat(64), merchantId: 'someoneelse' });
    };
    const id = await create();
    assert.equal(await stack.nitOf(id), forms[0]!.nit);
  });

  test('strangers get the same 200 OK whatever they send, and no creation appears', async () => {
    const bodies: Array<[string, string?]> = [
      [new URLSearchParams({ nit: 'N'.repeat(64), merchantId: TEST_MERCHANT.id, orderId: 'RW1', merchantUSN: '1', generalHash: '' }).toString()],
      ['merchantId=shop42&orderId=1&merchantUSN=1'],
      [JSON.stringify({ nit: 'N'.repeat(64) }), 'application/json'],
      ['%%%', 'application/x-www-form-urlencoded'],
    ];
    for (const [body, contentType] of bodies) assert.deepEqual(await postToProxy(body, contentType), { status: 200, text: 'OK' });
    const session = await stack.store.get('N'.repeat(22));
    assert.equal(session, undefined);
    assert.deepEqual(stack.sandbox.calls, [], 'a notice never makes the proxy call Carat');
  });
});
