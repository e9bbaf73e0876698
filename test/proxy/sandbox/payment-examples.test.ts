/**
 * The documented REST Payment examples (§4, test/fixtures/carat/payment-*) are accepted by the
 * sandbox and answered in the documented shape, key for key (none of them is partial).
 * Substitutions: the test merchant's id and key for the "xxxxxxxxxxx" headers, and a real NIT for
 * the documentation's dummy one.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assertExampleShape } from '../support/example-shape.ts';
import { harnessForThisFile } from './harness.ts';
import { APPROVED_CARD, paymentCalls } from './payment-calls.ts';

const fixture = (name: string): any =>
  JSON.parse(readFileSync(new URL(`../../fixtures/carat/${name}`, import.meta.url), 'utf8'));

const h = harnessForThisFile();
const api = paymentCalls(h);

describe('documented payment examples', () => {
  it('payment-create: the spot-sale request gives a NOV NIT in the documented shape (both documented answers)', async () => {
    const reply = await api.call('POST', '/v1/transactions', fixture('payment-create.request.json'));
    assert.equal(reply.status, 200);
    assert.equal(reply.body.code, '0', reply.text);
    assertExampleShape(reply.body, fixture('payment-create.response.json'), true);
    assertExampleShape(reply.body, fixture('payment-create.auto-confirm.response.json'), true);
    assert.deepEqual(
      { ...reply.body.payment, nit: '<nit>' },
      { status: 'NOV', nit: '<nit>', order_id: '12042142155', merchant_usn: '12042142155', amount: '1' },
    );
    assert.match(reply.body.payment.nit, /^[A-Za-z0-9]{64}$/);
  });

  it('payment-confirm: the transcribed PUT confirms a late-confirmation payment, answered as documented', async () => {
    const nit = await api.createPayment();
    assert.equal((await api.pay(nit, APPROVED_CARD)).body.payment.status, 'PPC');
    const example = fixture('payment-confirm.request.json');
    const path = String(example.path).replace(/^\/e-sitef\/api/, '').replace(/[A-Za-z0-9]{64}$/, nit);
    assert.notEqual(path, example.path);
    const reply = await api.call(example.method, `${path}?${new URLSearchParams(example.query)}`);
    assert.equal(reply.status, 200);
    assertExampleShape(reply.body, fixture('payment-confirm.response.json'), true);
    assert.deepEqual(reply.body, fixture('payment-confirm.response.json'));
  });

  it('the shape check itself fails on a missing key, a wrong type or an extra key', () => {
    assert.throws(() => assertExampleShape({ a: { b: '1' } }, { a: { b: '1', c: '2' } }, false), /\$\.a\.c: missing/);
    assert.throws(() => assertExampleShape({ a: 3 }, { a: '3' }, false), /expected a string/);
    assert.throws(() => assertExampleShape({ a: '1', z: '2' }, { a: '1' }, true), /keys the example does not have/);
  });
});
