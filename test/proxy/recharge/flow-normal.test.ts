/** A shopper's phone top-up through the proxy against the sandbox, in both authentication modes. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertNoSecretsReachedBrowser } from '../support/secrets.ts';
import { grantFor, newKey, startStack, type Stack } from '../support/stack.ts';

const VIVO_ANSWER = [{ code: '5', description: 'Joaquim' }];

/** Paid by the card in `extra`, or else granted by the merchant's order grant. */
async function topUp(stack: Stack, extra: Record<string, unknown> = {}, dealerCode = '001') {
  const created = await stack.call('POST', '/api/recharges', { type: 'normal', ...(extra['payment'] ? {} : { grant: grantFor('normal') }) });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id as string;
  const branches = await stack.call('POST', `/api/recharges/${id}/branches`, { dealerCode, ddd: '11' });
  assert.equal(branches.status, 200, branches.text);
  const answers = dealerCode === '001' ? { answers: VIVO_ANSWER } : {};
  const recharge = await stack.call('POST', `/api/recharges/${id}/recharge`,
    { dealerCode, phone: { ddd: '11', number: '987654321' }, amountCents: 1500, ...answers, ...extra }, { 'Idempotency-Key': newKey() });
  return { id, created, branches, recharge };
}

for (const auth of ['authenticity', 'signature'] as const) {
  describe(`normal recharge, ${auth} mode`, () => {
    let stack: Stack;
    beforeEach(async () => {
      stack = await startStack({ auth });
    });
    afterEach(async () => {
      await stack.close();
    });

    test('creates, lists dealers and amounts, tops up and confirms', async () => {
      const { id, created, branches, recharge } = await topUp(stack);
      assert.equal(created.body.type, 'normal');
      assert.deepEqual(created.body.dealers.map((dealer: { name: string }) => dealer.name), ['Vivo', 'Claro', 'Oi', 'Tim']);
      assert.match(id, /^[A-Za-z0-9_-]{22}$/);
      assert.notEqual(id, await stack.nitOf(id));

      const categories = branches.body.categories;
      assert.ok(categories[0].fixedAmounts.some((amount: { amountCents: number }) => amount.amountCents === 1500));
      assert.equal(branches.body.questions[0].id, '5');
      assert.equal(branches.body.paymentMethods.max, 4);

      assert.equal(recharge.status, 200, recharge.text);
      assert.equal(recharge.body.status, 'CON');
      assert.match(recharge.body.receipt.customer, /R\$ 15,00/);
      assert.equal(stack.sandbox.transaction(await stack.nitOf(id))?.status, 'CON');

      const session = await stack.call('GET', `/api/recharges/${id}`);
      assert.equal(session.status, 200);
      assert.deepEqual({ ...session.body, createdAt: undefined }, {
        id, type: 'normal', status: 'CON', createdAt: undefined, dealerCode: '001', amountCents: 1500, settled: true, result: recharge.body,
      });
      assertNoSecretsReachedBrowser(stack);
    });

    test('a card payment is made with the recharge and confirmed with it', async () => {
      const payment = { card: { number: '4111111111111111', expiry: '12/39', securityCode: '123', holder: 'MARIA SILVA' }, installments: 1 };
      const { id, recharge } = await topUp(stack, { payment });
      assert.equal(recharge.body.status, 'CON', recharge.text);
      assert.equal(recharge.body.payment.status, 'CON');
      assert.equal(recharge.body.payment.amountCents, 1500);
      const transaction = stack.sandbox.transaction(await stack.nitOf(id));
      assert.deepEqual([transaction?.status, transaction?.paymentStatus], ['CON', 'CON']);
      assertNoSecretsReachedBrowser(stack);
      assert.ok(!stack.responses.some((response) => response.text.includes('4111111111111111')), 'the card number never comes back');
    });

    test('a denied card ends as NEG with no recharge pending', async () => {
      const payment = { card: { number: '4000000000000002', expiry: '12/39', securityCode: '123' }, installments: 1 };
      const { id, recharge } = await topUp(stack, { payment });
      assert.equal(recharge.status, 200, recharge.text);
      assert.equal(recharge.body.status, 'NEG');
      assert.equal(recharge.body.receipt.customer, '');
      assert.ok(recharge.body.message);
      assert.notEqual(stack.sandbox.transaction(await stack.nitOf(id))?.status, 'PPC');
    });

    test('a TIM top-up (payment methods sent on confirmation) is confirmed', async () => {
      const created = await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
      const id = created.body.id;
      const recharge = await stack.call('POST', `/api/recharges/${id}/recharge`,
        { dealerCode: '004', phone: { ddd: '21', number: '912345678' }, amountCents: 2500 }, { 'Idempotency-Key': newKey() });
      assert.equal(recharge.body.status, 'CON', recharge.text);
      assert.equal(stack.sandbox.transaction(await stack.nitOf(id))?.status, 'CON');
    });

    test('the same Idempotency-Key gives the first answer again without a second recharge', async () => {
      const created = await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
      const id = created.body.id;
      const body = { dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000 };
      const key = newKey();
      const [first, second] = await Promise.all([
        stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key }),
        stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key }),
      ]);
      assert.equal(first.body.status, 'CON', first.text);
      assert.deepEqual(second.body, first.body);
      const calls = stack.caratCalls().length;
      const replay = await stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key });
      assert.deepEqual(replay.body, first.body);
      assert.equal(stack.caratCalls().length, calls);
      assert.equal(stack.caratCalls().filter((call) => call.endsWith('do_recharge_request')).length, 1);

      const another = await stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': newKey() });
      assert.equal(another.status, 409);
      assert.equal(another.body.error.code, 'conflict');
    });
  });
}
