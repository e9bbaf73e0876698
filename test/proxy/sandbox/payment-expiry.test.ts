/** Payment NIT lifetime with an injected clock, as for recharges: NOV and PPC expire; CON, PPN and NEG do not. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harnessForThisFile } from './harness.ts';
import { DENIED_CARD, paymentCalls } from './payment-calls.ts';

const LIFETIME_MS = 60_000;
let clockMs = Date.UTC(2030, 0, 15, 12, 0, 0);
const h = harnessForThisFile({ now: () => clockMs, nitLifetimeMs: LIFETIME_MS });
const api = paymentCalls(h);

describe('payment expiry', () => {
  it('keeps a NOV payment usable until its lifetime, then reports EXP and refuses the card', async () => {
    const nit = await api.createPayment();
    clockMs += LIFETIME_MS - 1;
    assert.equal(await api.statusOf(nit), 'NOV');
    clockMs += 1;
    assert.equal(await api.statusOf(nit), 'EXP');
    const late = await api.pay(nit);
    assert.equal(late.body.code, '3');
    assert.match(late.body.message, /^nit: transaction expired/);
    assert.equal(late.body.payment.status, 'EXP');
  });

  it('expires a PPC never confirmed: the confirmation comes too late', async () => {
    const nit = await api.createPayment();
    assert.equal((await api.pay(nit)).body.payment.status, 'PPC');
    clockMs += LIFETIME_MS;
    const late = await api.confirm(nit, 'true');
    assert.notEqual(late.body.code, '0');
    assert.equal(late.body.payment.status, 'EXP');
    assert.equal(await api.statusOf(nit), 'EXP');
  });

  it('leaves final statuses alone: CON, PPN and NEG', async () => {
    const confirmed = await api.createPayment();
    await api.pay(confirmed);
    await api.confirm(confirmed, 'true');
    const undone = await api.createPayment();
    await api.pay(undone);
    await api.confirm(undone, 'false');
    const denied = await api.createPayment();
    await api.pay(denied, DENIED_CARD);
    clockMs += LIFETIME_MS * 10;
    assert.deepEqual(
      [await api.statusOf(confirmed), await api.statusOf(undone), await api.statusOf(denied)],
      ['CON', 'PPN', 'NEG'],
    );
  });
});
