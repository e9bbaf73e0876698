/** NIT lifetime with an injected clock: NOV, PPC and AGU expire; CON, PPN and NEG do not. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUTH_KEY, card, confirm, inner, normalRecharge, harnessForThisFile } from './harness.ts';

const LIFETIME_MS = 60_000;
let clockMs = Date.UTC(2030, 0, 15, 12, 0, 0);
const h = harnessForThisFile({ now: () => clockMs, nitLifetimeMs: LIFETIME_MS });

const put = (nit: string, body: unknown) => h.call('PUT', `/v3/recharge/${nit}`, body);
const statusOf = async (nit: string) =>
  inner(await h.call('GET', `/v3/recharge/${nit}?merchantkey=${AUTH_KEY}`), 'get_status_recharge_response');

describe('expiry', () => {
  it('keeps a NOV transaction usable until its lifetime, then turns it EXP and refuses further calls', async () => {
    const { nit } = await h.createNit('normal');
    clockMs += LIFETIME_MS - 1;
    assert.equal(h.sandbox.transaction(nit)?.status, 'NOV');
    clockMs += 1;
    assert.equal(h.sandbox.transaction(nit)?.status, 'EXP');
    const dealers = inner(await h.call('GET', `/v3/rechargedealers?nit=${nit}`), 'list_dealers_response');
    assert.notEqual(dealers.esitef.code, '0');
    assert.match(dealers.esitef.message, /^nit: transaction expired/);
    assert.equal(dealers.status, 'EXP');
    const done = inner(await put(nit, normalRecharge()), 'do_recharge_response');
    assert.notEqual(done.esitef.code, '0');
    // The query still answers, reporting EXP.
    assert.equal((await statusOf(nit)).status, 'EXP');
  });

  it('expires a PPC that was never confirmed, with its payment', async () => {
    const { nit } = await h.createNit('normal');
    await put(nit, normalRecharge({ payment: card() }));
    assert.equal(h.sandbox.transaction(nit)?.paymentStatus, 'PPC');
    clockMs += LIFETIME_MS;
    const late = inner(await put(nit, confirm('true')), 'confirm_recharge_response');
    assert.notEqual(late.esitef.code, '0');
    assert.equal(h.sandbox.transaction(nit)?.status, 'EXP');
    assert.equal(h.sandbox.transaction(nit)?.paymentStatus, 'EXP');
  });

  it('expires a TV transaction left waiting in AGU', async () => {
    const { nit } = await h.createNit('others');
    const dealer = { code: '910', type_code: '05', branch: { code: '91000000000' } };
    await put(nit, { do_recharge_request: { dealer, amount: '4990' } });
    assert.equal(h.sandbox.transaction(nit)?.status, 'AGU');
    clockMs += LIFETIME_MS;
    assert.equal(h.sandbox.transaction(nit)?.status, 'EXP');
  });

  it('never expires CON, PPN or NEG', async () => {
    const confirmed = await h.createNit('normal');
    await put(confirmed.nit, normalRecharge());
    await put(confirmed.nit, confirm('true'));
    const undone = await h.createNit('normal');
    await put(undone.nit, normalRecharge());
    await put(undone.nit, confirm('false'));
    const denied = await h.createNit('normal');
    await put(denied.nit, normalRecharge({ payment: card('4000000000000002') }));
    clockMs += LIFETIME_MS * 10;
    assert.equal((await statusOf(confirmed.nit)).status, 'CON');
    assert.equal((await statusOf(undone.nit)).status, 'PPN');
    assert.equal((await statusOf(denied.nit)).status, 'NEG');
    const listed = new Map(h.sandbox.transactions().map((t) => [t.nit, t.status]));
    assert.equal(listed.get(confirmed.nit), 'CON');
  });

  it('rejects a JWT that expired by the sandbox clock', async () => {
    // Tokens carry real time; align the sandbox clock with it for this case.
    clockMs = Date.now();
    const { nit } = await h.createNit('normal', 'signature');
    const shortLived = h.sign({ merchant_id: 'shopsig', nit }, 10);
    const fresh = inner(await h.call('GET', `/v3/rechargedealers?nit=${nit}`, undefined, { token: shortLived }), 'list_dealers_response');
    assert.equal(fresh.esitef.code, '0');
    clockMs += 30_000;
    const r = inner(await h.call('GET', `/v3/rechargedealers?nit=${nit}`, undefined, { token: shortLived }), 'list_dealers_response');
    assert.notEqual(r.esitef.code, '0');
    assert.match(r.esitef.message, /^Authorization: token expired/);
  });
});
