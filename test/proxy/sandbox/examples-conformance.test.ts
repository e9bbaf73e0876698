/**
 * Every documented recharge example (test/fixtures/carat, copied from the Carat reference) is
 * accepted by the sandbox, and each response has the documented shape: the same keys, nesting and
 * string-vs-number types as the example. For a `*.partial.json` example (the vendor page was cut
 * off) only the documented prefix is required; for the others the key sets must be equal.
 *
 * Substitutions, because the examples carry placeholders: a real NIT for the documentation's dummy
 * NIT, the test merchant's key for "XXXXXXXX"-style keys, and — in the paid recharge — the approving
 * test card 4111111111111111 with a future expiry for the example's placeholder card
 * 1111111111111111 (which fails Luhn) expiring 12/22.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AUTH_KEY, inner, harnessForThisFile } from './harness.ts';

const fixture = (name: string): any =>
  JSON.parse(readFileSync(new URL(`../../fixtures/carat/${name}`, import.meta.url), 'utf8'));

const NOTE_KEYS = new Set(['_partial', '_transcribed_from_curl', '_transcribed_from_form_body']);

/** Asserts that `actual` has the shape of `expected`; `exact` also forbids keys the example lacks. */
function assertShape(actual: unknown, expected: unknown, exact: boolean, path = '$'): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array`);
    if (expected.length > 0) assert.ok(actual.length > 0, `${path}: expected a non-empty array`);
    actual.forEach((item, i) => assertShape(item, expected[Math.min(i, expected.length - 1)], exact, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${path}: expected an object`);
    const documented = Object.keys(expected).filter((k) => !NOTE_KEYS.has(k));
    for (const key of documented) {
      assert.ok(key in actual, `${path}.${key}: missing`);
      assertShape((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], exact, `${path}.${key}`);
    }
    if (exact) {
      const extra = Object.keys(actual).filter((k) => !documented.includes(k));
      assert.deepEqual(extra, [], `${path}: keys the example does not have`);
    }
    return;
  }
  assert.equal(typeof actual, typeof expected, `${path}: expected a ${typeof expected}`);
}

function isPartial(example: Record<string, unknown>): boolean {
  return '_partial' in example;
}

const h = harnessForThisFile();

/** A transcribed GET example, with the dummy NIT (and merchant key) replaced. */
async function replayGet(name: string, nit: string) {
  const example = fixture(name);
  const query = new URLSearchParams(example.query);
  if (query.has('nit')) query.set('nit', nit);
  if (query.has('merchantkey')) query.set('merchantkey', AUTH_KEY);
  const path = String(example.path).replace(/^\/e-sitef/, '').replace(/[A-Za-z0-9]{64}/, nit);
  return h.call(example.method, `${path}?${query}`);
}

function checkResponse(reply: { status: number; body: any; text: string }, responseName: string): void {
  assert.equal(reply.status, 200, reply.text);
  const example = fixture(responseName);
  const wrapper = Object.keys(example).find((k) => !NOTE_KEYS.has(k))!;
  assert.equal(inner(reply, wrapper).esitef.code, '0', reply.text);
  assertShape(reply.body, example, !isPartial(example));
}

describe('documented examples', () => {
  it('recharge-create (all parameters, and required only)', async () => {
    for (const name of ['recharge-create.all-params.request.json', 'recharge-create.required-only.request.json']) {
      const body = fixture(name);
      body.begin_recharge_request.merchant_key = AUTH_KEY;
      checkResponse(await h.call('POST', '/v3/recharge', body), 'recharge-create.all-params.response.json');
    }
    const form = h.endpoint.forms.at(-2)!;
    assert.equal(form.get('orderId'), '023748');
    assert.equal(form.get('merchantUSN'), '2398');
  });

  it('list dealers, normal and others', async () => {
    checkResponse(await replayGet('dealers.normal.request.json', (await h.createNit('normal')).nit), 'dealers.normal.response.json');
    checkResponse(await replayGet('dealers.others.request.json', (await h.createNit('others')).nit), 'dealers.others.response.partial.json');
  });

  it('list branch data, normal (ddd "00", dealer "1")', async () => {
    checkResponse(await replayGet('branches.normal.request.json', (await h.createNit('normal')).nit), 'branches.normal.response.partial.json');
  });

  it('do recharge, normal without payment', async () => {
    const { nit } = await h.createNit('normal', 'authenticity', { order_id: '12344231', merchant_usn: '5123' });
    const reply = await h.call('PUT', `/v3/recharge/${nit}`, fixture('recharge-do.normal-without-payment.request.json'));
    checkResponse(reply, 'recharge-do.normal-without-payment.response.json');
    assert.equal(inner(reply, 'do_recharge_response').order_id, '12344231');
  });

  it('do recharge, normal with payment; then confirm; then status', async () => {
    const { nit } = await h.createNit('normal');
    const body = fixture('recharge-do.normal-with-payment.request.json');
    body.do_recharge_request.payment.merchant_key = AUTH_KEY;
    body.do_recharge_request.payment.card.number = '4111111111111111';
    body.do_recharge_request.payment.card.expiry_date = '1239';
    checkResponse(await h.call('PUT', `/v3/recharge/${nit}`, body), 'recharge-do.normal-with-payment.response.json');

    const confirmBody = fixture('recharge-confirm.request.json');
    confirmBody.confirm_recharge_request.merchant_key = AUTH_KEY;
    checkResponse(await h.call('PUT', `/v3/recharge/${nit}`, confirmBody), 'recharge-confirm.response.json');

    const status = await replayGet('recharge-status.request.json', nit);
    checkResponse(status, 'recharge-status.response.partial.json');
    assert.equal(inner(status, 'get_status_recharge_response').status, 'CON');
  });

  it('do recharge, others (dealer 901, branch 98006000000)', async () => {
    const { nit } = await h.createNit('others');
    checkResponse(await h.call('PUT', `/v3/recharge/${nit}`, fixture('recharge-do.others.request.json')), 'recharge-do.others.response.json');
  });

  it('do recharge, invoice (dealer 800, branch 80019000000)', async () => {
    const { nit } = await h.createNit('invoice');
    checkResponse(await h.call('PUT', `/v3/recharge/${nit}`, fixture('recharge-do.invoice.request.json')), 'recharge-do.invoice.response.json');
  });

  it('the shape check itself fails on a missing key, a wrong type or an extra key', () => {
    assert.throws(() => assertShape({ a: { b: '1' } }, { a: { b: '1', c: '2' } }, false), /\$\.a\.c: missing/);
    assert.throws(() => assertShape({ a: 3 }, { a: '3' }, false), /expected a string/);
    assert.throws(() => assertShape({ a: '1', z: '2' }, { a: '1' }, true), /keys the example does not have/);
    assert.doesNotThrow(() => assertShape({ a: '1', z: '2' }, { a: '1' }, false));
  });
});
