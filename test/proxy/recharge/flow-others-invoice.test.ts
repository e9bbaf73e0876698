/** PIN products, the TV resubmit and bill payment through the proxy, in both authentication modes. */
import type { RechargeType } from '../../../proxy/browser-api.ts';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertNoSecretsReachedBrowser } from '../support/secrets.ts';
import { grantFor, newKey, startStack, type Stack } from '../support/stack.ts';

/** A utility bill (starts with 8) whose digits 5–15 print its value: R$ 123,45. */
const BAR_CODE = `8460${'00000012345'}${'1'.repeat(29)}`;

async function create(stack: Stack, type: string): Promise<{ id: string; dealers: any[] }> {
  const created = await stack.call('POST', '/api/recharges', { type, grant: grantFor(type as RechargeType) });
  assert.equal(created.status, 201, created.text);
  return created.body;
}

for (const auth of ['authenticity', 'signature'] as const) {
  describe(`others and invoice recharges, ${auth} mode`, () => {
    let stack: Stack;
    beforeEach(async () => {
      stack = await startStack({ auth });
    });
    afterEach(async () => {
      await stack.close();
    });

    test('a game PIN is bought and its PIN shown once, in the receipt', async () => {
      const { id, dealers } = await create(stack, 'others');
      const vex = dealers.find((dealer) => dealer.code === '905');
      assert.deepEqual(vex, { code: '905', name: 'Vex-PIN', typeCode: '02', typeName: 'PIN TELEFONE', branches: [{ code: '97200000000', name: 'Vex-PIN' }] });
      const product = { dealerCode: '905', typeCode: '02', branchCode: '97200000000' };
      const branches = await stack.call('POST', `/api/recharges/${id}/branches`, product);
      assert.equal(branches.status, 200, branches.text);
      assert.deepEqual(branches.body.categories[0].fixedAmounts.map((amount: { amountCents: number }) => amount.amountCents), [1000, 2000]);

      const recharge = await stack.call('POST', `/api/recharges/${id}/recharge`, { ...product, amountCents: 2000 }, { 'Idempotency-Key': newKey() });
      assert.equal(recharge.body.status, 'CON', recharge.text);
      assert.match(recharge.body.receipt.customer, /PIN: [\d-]+/);
      assert.equal(stack.sandbox.transaction(await stack.nitOf(id))?.status, 'CON');
      const session = await stack.call('GET', `/api/recharges/${id}`);
      assert.doesNotMatch(session.text, /PIN/);
      assertNoSecretsReachedBrowser(stack);
    });

    test('a gift card asks its confirmation question, and is issued once answered', async () => {
      const { id } = await create(stack, 'others');
      const product = { dealerCode: '903', typeCode: '04', branchCode: '99001000000' };
      const branches = await stack.call('POST', `/api/recharges/${id}/branches`, product);
      const question = branches.body.questions[0];
      assert.deepEqual([question.id, question.minLength, question.maxLength], ['10', 3, 3]);
      const unanswered = await stack.call('POST', `/api/recharges/${id}/recharge`, { ...product, amountCents: 5000 }, { 'Idempotency-Key': newKey() });
      assert.equal(unanswered.status, 400);
      assert.equal(unanswered.body.error.field, 'answers');
      const recharge = await stack.call('POST', `/api/recharges/${id}/recharge`,
        { ...product, amountCents: 5000, answers: [{ code: '10', description: 'SIM' }] }, { 'Idempotency-Key': newKey() });
      assert.equal(recharge.body.status, 'CON', recharge.text);
    });

    test('a TV recharge asks for a package (AGU) and completes when one is chosen', async () => {
      const { id } = await create(stack, 'others');
      const product = { dealerCode: '910', typeCode: '05', branchCode: '91000000000', amountCents: 4990 };
      const first = await stack.call('POST', `/api/recharges/${id}/recharge`, product, { 'Idempotency-Key': newKey() });
      assert.equal(first.status, 200, first.text);
      assert.equal(first.body.status, 'AGU');
      assert.ok(first.body.tvPackageCodes.length > 0);
      assert.equal(stack.sandbox.transaction(await stack.nitOf(id))?.status, 'AGU');

      // Sent again without a package, it asks again (how a shopper recovers from a lost answer).
      const askedAgain = await stack.call('POST', `/api/recharges/${id}/recharge`, product, { 'Idempotency-Key': newKey() });
      assert.equal(askedAgain.body.status, 'AGU', askedAgain.text);
      assert.deepEqual(askedAgain.body.tvPackageCodes, first.body.tvPackageCodes);

      const chosen = { ...product, answers: [{ code: '126', description: first.body.tvPackageCodes[0] }] };
      const second = await stack.call('POST', `/api/recharges/${id}/recharge`, chosen, { 'Idempotency-Key': newKey() });
      assert.equal(second.body.status, 'CON', second.text);
      assert.equal(stack.sandbox.transaction(await stack.nitOf(id))?.status, 'CON');
    });

    test('a bill is found by its bar code and paid for its exact amount', async () => {
      const { id, dealers } = await create(stack, 'invoice');
      assert.deepEqual(dealers[0].branches[0], { code: '80019000000', name: 'Boleto de Assinatura' });
      const biller = { dealerCode: '800', branchCode: '80019000000' };
      const asked = await stack.call('POST', `/api/recharges/${id}/branches`, biller);
      assert.equal(asked.status, 200, asked.text);
      assert.equal(asked.body.questions[0].id, 'BARCODE');

      const found = await stack.call('POST', `/api/recharges/${id}/branches`, { ...biller, answers: [{ code: 'BARCODE', description: BAR_CODE }] });
      assert.equal(found.status, 200, found.text);
      const bill = found.body.invoice;
      assert.equal(bill.barCode, BAR_CODE);
      assert.equal(bill.amountCents, 12345);
      assert.match(bill.dueDate, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(bill.holderName);

      const wrongAmount = await stack.call('POST', `/api/recharges/${id}/recharge`,
        { ...biller, amountCents: 12000, invoice: { barCode: BAR_CODE } }, { 'Idempotency-Key': newKey() });
      assert.equal(wrongAmount.status, 400);
      assert.equal(wrongAmount.body.error.field, 'amountCents');

      const paid = await stack.call('POST', `/api/recharges/${id}/recharge`,
        { ...biller, amountCents: 12345, invoice: { barCode: BAR_CODE } }, { 'Idempotency-Key': newKey() });
      assert.equal(paid.body.status, 'CON', paid.text);
      assert.equal(stack.sandbox.transaction(await stack.nitOf(id))?.status, 'CON');
      assertNoSecretsReachedBrowser(stack);
    });
  });
}
