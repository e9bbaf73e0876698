/**
 * A flaky gateway: a money call that Carat acted on but answered with an HTTP 4xx. A 4xx on a
 * money call is "unknown", never "nothing happened" (settlement.ts): the status query finds the
 * PPC and it is settled, never left at Carat with nobody to confirm or undo it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needsRecovery } from '../../../proxy/store/journal.ts';
import { newKey, startStack } from '../support/stack.ts';

const DO = { wrapper: 'do_recharge_request' };
// Paid by card: a recharge with neither a card nor a grant never reaches Carat (402).
const TOP_UP = { dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000, payment: { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123' }, installments: 1 } };

for (const status of [400, 409, 429]) {
  test(`a do-recharge that took effect but answered HTTP ${status} leaves no PPC at Carat`, async () => {
    const stack = await startStack({ auth: 'signature', caratTimeoutMs: 400 });
    try {
      const id = (await stack.call('POST', '/api/recharges', { type: 'normal' })).body.id;
      stack.sandbox.faults.next({ kind: 'http-error', status, effect: 'after' }, DO);
      await stack.call('POST', `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': newKey() });
      const nit = await stack.nitOf(id);
      const session = (await stack.store.get(id))!;
      // Either settled now, or left for recovery: never a PPC that nobody will settle.
      const caratStatus = stack.sandbox.transaction(nit)?.status;
      assert.ok(caratStatus !== 'PPC' || needsRecovery(session),
        `Carat holds a PPC (${caratStatus}) and the journal says nothing is open: ${JSON.stringify(session.steps)}`);
    } finally {
      await stack.close();
    }
  });
}
