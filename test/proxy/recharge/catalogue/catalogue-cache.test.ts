/** The general_hash cache: a normal top-up costs 5 Carat calls cold, 3 warm, and 5 again after the tables change. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { grantFor, newKey, startStack, type Stack } from '../../support/stack.ts';

/** One shopper: create, look at Vivo's amounts for DDD 11, top up R$ 15,00. Returns the Carat calls it caused. */
async function shopper(stack: Stack, amountCents = 1500): Promise<{ calls: string[]; amounts: number[] }> {
  const before = stack.caratCalls().length;
  const created = await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
  const id = created.body.id;
  const branches = await stack.call('POST', `/api/recharges/${id}/branches`, { dealerCode: '001', ddd: '11' });
  const recharge = await stack.call('POST', `/api/recharges/${id}/recharge`,
    { dealerCode: '001', phone: { ddd: '11', number: '987654321' }, amountCents, answers: [{ code: '5', description: 'Joaquim' }] },
    { 'Idempotency-Key': newKey() });
  assert.equal(recharge.body.status, 'CON', recharge.text);
  const amounts = branches.body.categories[0].fixedAmounts.map((amount: { amountCents: number }) => amount.amountCents);
  return { calls: stack.caratCalls().slice(before).map((call) => call.replace(/\/[A-Za-z0-9]{20,}/, '/<nit>')), amounts };
}

for (const auth of ['authenticity', 'signature'] as const) {
  describe(`general_hash cache, ${auth} mode`, () => {
    let stack: Stack;
    beforeEach(async () => {
      stack = await startStack({ auth });
    });
    afterEach(async () => {
      await stack.close();
    });

    test('cold: create, dealers, branch data, do, confirm', async () => {
      const { calls } = await shopper(stack);
      assert.deepEqual(calls, [
        'POST /e-sitef/v3/recharge begin_recharge_request',
        'GET /e-sitef/v3/rechargedealers',
        'GET /e-sitef/v3/rechargebranches',
        'PUT /e-sitef/v3/recharge/<nit> do_recharge_request',
        'PUT /e-sitef/v3/recharge/<nit> confirm_recharge_request',
      ]);
    });

    test('warm: the same tables are served from the cache (create, do, confirm)', async () => {
      await shopper(stack);
      const { calls } = await shopper(stack);
      assert.deepEqual(calls, [
        'POST /e-sitef/v3/recharge begin_recharge_request',
        'PUT /e-sitef/v3/recharge/<nit> do_recharge_request',
        'PUT /e-sitef/v3/recharge/<nit> confirm_recharge_request',
      ]);
    });

    test('a new general hash makes the proxy fetch the tables again, with the new amounts', async () => {
      const first = await shopper(stack);
      stack.sandbox.bumpCatalogue();
      const after = await shopper(stack);
      assert.equal(after.calls.length, 5);
      const added = after.amounts.filter((amount) => !first.amounts.includes(amount));
      assert.equal(added.length, 1, 'the bumped catalogue offers one more amount');
      const withNewAmount = await shopper(stack, added[0]);
      assert.equal(withNewAmount.calls.length, 3, 'and the new tables are cached in turn');
    });
  });
}

describe('the general_hash a lookup sends', () => {
  test('zeros when the proxy holds no such table, the held table\'s hash when it holds an older one; never a hash it has no data for', async () => {
    const sent: string[] = [];
    let stack!: Stack;
    stack = await startStack({
      auth: 'signature',
      app: {
        onRechargeDeps: (deps) => {
          const { carat } = deps;
          deps.carat = {
            ...carat,
            listDealers: (nit, hash) => (sent.push(`dealers ${hash}`), carat.listDealers(nit, hash)),
            listBranchData: (nit, selection, hash) => (sent.push(`branches ${hash}`), carat.listBranchData(nit, selection, hash)),
          };
        },
      },
    });
    try {
      const firstHash = stack.sandbox.generalHash();
      await shopper(stack);
      stack.sandbox.bumpCatalogue();
      await shopper(stack);
      const zeros = '0000000000000000';
      // Cold: nothing held. After the bump: the old dealer list is held (its hash goes), the new
      // generation then holds no branch data yet (zeros).
      assert.deepEqual(sent, [`dealers ${zeros}`, `branches ${zeros}`, `dealers ${firstHash}`, `branches ${zeros}`]);
      assert.notEqual(stack.sandbox.generalHash(), firstHash);
    } finally {
      await stack.close();
    }
  });
});
