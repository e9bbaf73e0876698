/**
 * Fault injection, through the module API and through the /_sandbox HTTP endpoints: what the
 * client sees, and whether the operation took effect.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { AUTH_KEY, confirm, inner, normalRecharge, harnessForThisFile } from './harness.ts';

const h = harnessForThisFile();
beforeEach(() => h.sandbox.faults.clear());

const put = (nit: string, body: unknown) => h.call('PUT', `/v3/recharge/${nit}`, body);
const statusOf = async (nit: string) =>
  inner(await h.call('GET', `/v3/recharge/${nit}?merchantkey=${AUTH_KEY}`), 'get_status_recharge_response').status as string;
const control = (method: string, path: string, body?: unknown) =>
  fetch(`${h.url}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Polls the status query (not a timer): the hanging call is processed before any later request. */
async function statusAfterHangingCall(nit: string, expected: string): Promise<string> {
  let status = '';
  for (let i = 0; i < 50 && status !== expected; i += 1) status = await statusOf(nit);
  return status;
}

describe('faults through the module API', () => {
  it('timeout (effect after): the do-recharge takes effect (PPC) while its response hangs until close', async () => {
    const { nit } = await h.createNit('normal');
    h.sandbox.faults.next({ kind: 'timeout' }, { wrapper: 'do_recharge_request' });
    const outcome = put(nit, normalRecharge()).then(() => 'answered', () => 'dropped');
    assert.equal(await statusAfterHangingCall(nit, 'PPC'), 'PPC');
    h.sandbox.close();
    assert.equal(await outcome, 'dropped');
  });

  it('timeout (effect before): nothing happens, and close() drops the hanging response', async () => {
    const { nit } = await h.createNit('normal');
    h.sandbox.faults.next({ kind: 'timeout', effect: 'before' }, { wrapper: 'do_recharge_request' });
    const outcome = put(nit, normalRecharge()).then(() => 'answered', () => 'dropped');
    const received = () => h.sandbox.calls.some((c) => c.wrapper === 'do_recharge_request' && c.path.endsWith(nit));
    for (let i = 0; i < 50 && !received(); i += 1) await statusOf(nit);
    h.sandbox.close();
    assert.equal(await outcome, 'dropped');
    assert.equal(h.sandbox.transaction(nit)?.status, 'NOV');
    assert.equal(h.sandbox.calls.filter((c) => c.wrapper === 'do_recharge_request' && c.path.endsWith(nit)).length, 1);
  });

  it('timeout (effect late): nothing happens until delayMs has passed, then the do takes effect though nobody hears the answer', async () => {
    const { nit } = await h.createNit('normal');
    h.sandbox.faults.next({ kind: 'timeout', effect: 'late', delayMs: 300 }, { wrapper: 'do_recharge_request' });
    const controller = new AbortController();
    const outcome = fetch(`${h.url}/e-sitef/v3/recharge/${nit}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(normalRecharge()), signal: controller.signal,
    }).then(() => 'answered', () => 'dropped');
    const received = () => h.sandbox.calls.some((c) => c.wrapper === 'do_recharge_request' && c.path.endsWith(nit));
    for (let i = 0; i < 50 && !received(); i += 1) await statusOf(nit);
    assert.equal(await statusOf(nit), 'NOV', 'not yet');
    controller.abort();
    assert.equal(await outcome, 'dropped');
    // Polled, with a bound: the held call is processed once its delay has passed.
    let status = 'NOV';
    for (let i = 0; i < 200 && status === 'NOV'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await statusOf(nit);
    }
    assert.equal(status, 'PPC');
  });

  it('altered-answer: a readable answer that leaves out the payment block, or misstates the status', async () => {
    const { nit } = await h.createNit('normal');
    h.sandbox.faults.next({ kind: 'altered-answer', status: 'PPC' }, { wrapper: 'confirm_recharge_request' });
    h.sandbox.faults.next({ kind: 'altered-answer', dropPayment: true }, { wrapper: 'do_recharge_request' });
    assert.equal(inner(await put(nit, normalRecharge()), 'do_recharge_response').payment, undefined);
    const confirmed = inner(await put(nit, confirm('true')), 'confirm_recharge_response');
    assert.equal(confirmed.status, 'PPC', 'the answer says PPC');
    assert.equal(h.sandbox.transaction(nit)?.status, 'CON', 'but it took effect');
  });

  it('http-error: 503 with no effect by default; with effect after, the confirmation happened', async () => {
    const { nit } = await h.createNit('normal');
    h.sandbox.faults.next({ kind: 'http-error' }, { wrapper: 'do_recharge_request' });
    assert.equal((await put(nit, normalRecharge())).status, 503);
    assert.equal(h.sandbox.transaction(nit)?.status, 'NOV');
    assert.equal(inner(await put(nit, normalRecharge()), 'do_recharge_response').status, 'PPC');
    h.sandbox.faults.next({ kind: 'http-error', status: 502, effect: 'after' }, { wrapper: 'confirm_recharge_request' });
    assert.equal((await put(nit, confirm('true'))).status, 502);
    assert.equal(h.sandbox.transaction(nit)?.status, 'CON');
  });

  it('malformed-json: HTTP 200 with a body that is not JSON, after the effect by default', async () => {
    const { nit } = await h.createNit('normal');
    h.sandbox.faults.next({ kind: 'malformed-json' }, { method: 'PUT', path: '/v3/recharge/' });
    const reply = await put(nit, normalRecharge());
    assert.equal(reply.status, 200);
    assert.throws(() => JSON.parse(reply.text), SyntaxError);
    assert.equal(h.sandbox.transaction(nit)?.status, 'PPC');
    h.sandbox.faults.next({ kind: 'malformed-json', effect: 'before' }, { wrapper: 'confirm_recharge_request' });
    const before = await put(nit, confirm('true'));
    assert.throws(() => JSON.parse(before.text), SyntaxError);
    assert.equal(h.sandbox.transaction(nit)?.status, 'PPC');
  });

  it('unknown-fields: adds fields at every level and keeps the answer valid', async () => {
    const { nit } = await h.createNit('normal');
    h.sandbox.faults.next({ kind: 'unknown-fields' }, { path: '/rechargedealers' });
    const reply = await h.call('GET', `/v3/rechargedealers?nit=${nit}`);
    const r = inner(reply, 'list_dealers_response');
    assert.equal(r.esitef.code, '0');
    assert.ok('sandbox_unknown_field' in reply.body);
    assert.ok('sandbox_unknown_field' in r);
    assert.ok('sandbox_unknown_field' in r.esitef);
    assert.ok('sandbox_unknown_field' in r.dealers[0]);
    assert.equal(r.dealers.length, 4);
  });

  it('deny: a business denial with no effect', async () => {
    const { nit } = await h.createNit('normal');
    h.sandbox.faults.next({ kind: 'deny' }, { wrapper: 'do_recharge_request' });
    const r = inner(await put(nit, normalRecharge()), 'do_recharge_response');
    assert.notEqual(r.esitef.code, '0');
    assert.equal(h.sandbox.transaction(nit)?.status, 'NOV');
  });

  it('applies next() to `count` matching calls only, always() until clear(), and ignores non-matching calls', async () => {
    const { nit } = await h.createNit('normal');
    h.sandbox.faults.next({ kind: 'deny' }, { path: '/rechargedealers' }, 2);
    const dealers = async () => inner(await h.call('GET', `/v3/rechargedealers?nit=${nit}`), 'list_dealers_response').esitef.code;
    assert.equal(await statusOf(nit), 'NOV');
    assert.deepEqual([await dealers(), await dealers(), await dealers()].map((c) => c === '0'), [false, false, true]);
    h.sandbox.faults.always({ kind: 'http-error', status: 500 }, { method: 'GET', path: /rechargedealers/ });
    assert.equal((await h.call('GET', `/v3/rechargedealers?nit=${nit}`)).status, 500);
    assert.equal((await h.call('GET', `/v3/rechargedealers?nit=${nit}`)).status, 500);
    h.sandbox.faults.clear();
    assert.equal(await dealers(), '0');
  });
});

describe('faults and controls over HTTP (/_sandbox)', () => {
  it('POST /_sandbox/faults then the matching call fails; DELETE clears', async () => {
    const { nit } = await h.createNit('normal');
    const added = await control('POST', '/faults', { fault: { kind: 'http-error', status: 504 }, match: { wrapper: 'do_recharge_request' }, count: 1 });
    assert.equal(added.status, 204);
    assert.equal((await put(nit, normalRecharge())).status, 504);
    assert.equal(h.sandbox.transaction(nit)?.status, 'NOV');
    await control('POST', '/faults', { fault: { kind: 'deny' }, match: { path: '/rechargedealers' }, always: true });
    assert.equal((await control('DELETE', '/faults')).status, 204);
    assert.equal(inner(await h.call('GET', `/v3/rechargedealers?nit=${nit}`), 'list_dealers_response').esitef.code, '0');
  });

  it('timeout over HTTP: the confirmation takes effect though its response hangs', async () => {
    const { nit } = await h.createNit('normal');
    await put(nit, normalRecharge());
    await control('POST', '/faults', { fault: { kind: 'timeout', effect: 'after', delayMs: 600_000 }, match: { wrapper: 'confirm_recharge_request' } });
    const outcome = put(nit, confirm('true')).then(() => 'answered', () => 'dropped');
    let status = '';
    for (let i = 0; i < 50 && status !== 'CON'; i += 1) {
      const list = await (await control('GET', '/transactions')).json() as { transactions: Array<{ nit: string; status: string }> };
      status = list.transactions.find((t) => t.nit === nit)?.status ?? '';
    }
    assert.equal(status, 'CON');
    h.sandbox.close();
    assert.equal(await outcome, 'dropped');
  });

  it('malformed-json, unknown-fields and deny over HTTP', async () => {
    const { nit } = await h.createNit('normal');
    await control('POST', '/faults', { fault: { kind: 'malformed-json', effect: 'before' }, match: { path: '/rechargedealers' } });
    const broken = await h.call('GET', `/v3/rechargedealers?nit=${nit}`);
    assert.equal(broken.status, 200);
    assert.throws(() => JSON.parse(broken.text), SyntaxError);
    await control('POST', '/faults', { fault: { kind: 'unknown-fields' }, match: { path: '/rechargedealers' } });
    assert.ok('sandbox_unknown_field' in inner(await h.call('GET', `/v3/rechargedealers?nit=${nit}`), 'list_dealers_response'));
    await control('POST', '/faults', { fault: { kind: 'deny' }, match: { wrapper: 'do_recharge_request' } });
    assert.notEqual(inner(await put(nit, normalRecharge()), 'do_recharge_response').esitef.code, '0');
    assert.equal(h.sandbox.transaction(nit)?.status, 'NOV');
  });

  it('rejects a bad fault with 400 naming the field', async () => {
    const reply = await control('POST', '/faults', { fault: { kind: 'explode' } });
    assert.equal(reply.status, 400);
    assert.match(((await reply.json()) as { error: string }).error, /^fault/);
  });

  it('lists calls and transactions, and bumps the catalogue', async () => {
    const { nit } = await h.createNit('normal');
    await put(nit, normalRecharge());
    const { calls } = await (await control('GET', '/calls')).json() as { calls: Array<{ method: string; path: string; wrapper?: string }> };
    assert.deepEqual(calls.at(-1), { method: 'PUT', path: `/e-sitef/v3/recharge/${nit}`, wrapper: 'do_recharge_request' });
    assert.ok(calls.some((c) => c.method === 'POST' && c.path === '/e-sitef/v3/recharge' && c.wrapper === 'begin_recharge_request'));
    const { transactions } = await (await control('GET', '/transactions')).json() as { transactions: Array<{ nit: string; status: string }> };
    assert.deepEqual(transactions.find((t) => t.nit === nit), { nit, status: 'PPC' });
    const before = h.sandbox.generalHash();
    const bumped = await (await control('POST', '/catalogue/bump')).json() as { generalHash: string };
    assert.notEqual(bumped.generalHash, before);
    assert.equal(bumped.generalHash, h.sandbox.generalHash());
  });
});
