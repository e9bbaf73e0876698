/** Every /api answer carries Cache-Control: no-store (they hold receipts and PINs), refusals included; the widget script stays cacheable. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { grantFor, newKey, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
before(async () => {
  stack = await startStack({ auth: 'authenticity' });
});
after(async () => {
  await stack.close();
});

test('created, read, recharged, refused, unknown and preflight /api answers are all no-store', async () => {
  const created = await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
  const id = created.body.id as string;
  const answers = [
    created,
    await stack.call('GET', `/api/recharges/${id}`),
    await stack.call('POST', `/api/recharges/${id}/recharge`, { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500 }, { 'Idempotency-Key': newKey() }),
    await stack.call('POST', '/api/recharges', { type: 'bogus' }),
    await stack.call('GET', '/api/nothing-here'),
    await stack.call('OPTIONS', '/api/recharges', undefined, { origin: 'https://shop.example', 'access-control-request-method': 'POST' }),
  ];
  assert.deepEqual(answers.map((answer) => answer.status), [201, 200, 200, 400, 404, 204]);
  for (const answer of answers) assert.equal(answer.headers.get('cache-control'), 'no-store', `HTTP ${answer.status}`);
  assert.notEqual((await fetch(`${stack.proxyUrl}/healthz`)).headers.get('cache-control'), 'no-store');
});
