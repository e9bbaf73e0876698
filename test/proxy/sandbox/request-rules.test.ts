/**
 * The §8 checks: each bad request gets a non-zero esitef.code whose message names the field (or
 * an HTTP error for a body that is not JSON), and messages never repeat a key or a card number.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUTH_KEY, card, confirm, inner, normalRecharge, harnessForThisFile, type Harness } from './harness.ts';

const h = harnessForThisFile();

const put = (nit: string, body: unknown) => h.call('PUT', `/v3/recharge/${nit}`, body);

async function rejected(replyPromise: ReturnType<Harness['call']>, wrapper: string, field: RegExp): Promise<string> {
  const reply = await replyPromise;
  assert.equal(reply.status, 200, reply.text);
  const r = inner(reply, wrapper);
  assert.notEqual(r.esitef.code, '0', reply.text);
  assert.match(r.esitef.code, /^\d{1,4}$/);
  assert.match(r.esitef.message, field);
  return r.esitef.message;
}

describe('§8 rejections', () => {
  it('an unknown NIT', async () => {
    const unknown = 'a'.repeat(64);
    await rejected(h.call('GET', `/v3/rechargedealers?nit=${unknown}`), 'list_dealers_response', /^nit: unknown transaction/);
    await rejected(put(unknown, normalRecharge()), 'do_recharge_response', /^nit: unknown/);
    await rejected(h.call('GET', `/v3/recharge/${unknown}?merchantkey=${AUTH_KEY}`), 'get_status_recharge_response', /^nit: unknown/);
  });

  it('a NIT that is not 64 letters or digits', async () => {
    await rejected(h.call('GET', '/v3/rechargedealers?nit=short'), 'list_dealers_response', /^nit: expected exactly 64 letters or digits/);
    await rejected(h.call('GET', '/v3/rechargedealers'), 'list_dealers_response', /^nit: is required/);
  });

  it('a merchant key other than the one used at creation, without repeating it', async () => {
    const { nit } = await h.createNit('normal');
    await put(nit, normalRecharge());
    const message = await rejected(put(nit, confirm('true', 'SOMEONEELSEKEY123')), 'confirm_recharge_response', /^merchant_key: /);
    assert.ok(!message.includes('SOMEONEELSEKEY123'));
    assert.equal(h.sandbox.transaction(nit)?.status, 'PPC');
    await rejected(h.call('GET', `/v3/recharge/${nit}?merchantkey=SOMEONEELSEKEY123`), 'get_status_recharge_response', /^merchantkey: /);
    await rejected(h.call('GET', `/v3/recharge/${nit}`), 'get_status_recharge_response', /^merchantkey: is required/);
  });

  it('an unknown merchant at creation, without repeating its key', async () => {
    const message = await rejected(h.call('POST', '/v3/recharge', { begin_recharge_request: { merchant_key: 'NOBODY42' } }), 'begin_recharge_response', /^merchant_key: unknown merchant/);
    assert.ok(!message.includes('NOBODY42'));
    await rejected(h.call('POST', '/v3/recharge', { begin_recharge_request: {} }), 'begin_recharge_response', /^merchant_key: is required/);
    await rejected(h.call('POST', '/v3/recharge', { begin_recharge_request: { merchant_key: AUTH_KEY, recharge_type: 'credit' } }), 'begin_recharge_response', /^recharge_type: /);
    await rejected(h.call('POST', '/v3/recharge', { begin_recharge_request: { merchant_key: AUTH_KEY, merchant_usn: '12ab' } }), 'begin_recharge_response', /^merchant_usn: expected up to 12 digits/);
    await rejected(h.call('POST', '/v3/recharge', { begin_recharge_request: { merchant_key: AUTH_KEY, general_hash: 'ABC' } }), 'begin_recharge_response', /^general_hash: expected exactly 16/);
    await rejected(h.call('POST', '/v3/recharge', { recharge: {} }), 'begin_recharge_response', /^begin_recharge_request: is required/);
  });

  it('a payment block on an others recharge', async () => {
    const { nit } = await h.createNit('others');
    const dealer = { code: '901', type_code: '03', branch: { code: '98006000000' } };
    await rejected(put(nit, { do_recharge_request: { dealer, amount: '3000', payment: card() } }), 'do_recharge_response', /^payment: not allowed on an others recharge/);
    assert.equal(h.sandbox.transaction(nit)?.status, 'NOV');
  });

  it('a normal recharge without phone, or with a bad phone', async () => {
    const { nit } = await h.createNit('normal');
    await rejected(put(nit, { do_recharge_request: { dealer: { code: '003' }, amount: '2000' } }), 'do_recharge_response', /^phone: is required/);
    await rejected(put(nit, normalRecharge({ phone: { ddd: '21', number: '9876543210' } })), 'do_recharge_response', /^phone.number: expected up to 9 digits/);
    await rejected(put(nit, normalRecharge({ phone: { ddd: '21' } })), 'do_recharge_response', /^phone.number: is required/);
    await rejected(put(nit, normalRecharge({ phone: { ddd: '05', number: '987654321' } })), 'do_recharge_response', /^phone.ddd: unknown area code/);
    await rejected(put(nit, normalRecharge({ phone: { ddd: 21, number: '987654321' } })), 'do_recharge_response', /^phone.ddd: expected a JSON string/);
  });

  it('an amount or dealer the catalogue does not offer', async () => {
    const { nit } = await h.createNit('normal');
    await rejected(put(nit, normalRecharge({ amount: '99999' })), 'do_recharge_response', /^amount: amount not offered/);
    await rejected(put(nit, normalRecharge({ amount: '2000', amount_key: '3' })), 'do_recharge_response', /^amount_key: /);
    await rejected(put(nit, normalRecharge({ amount: '20.00' })), 'do_recharge_response', /^amount: expected up to 12 digits/);
    await rejected(put(nit, normalRecharge({ dealer: { code: '777' } })), 'do_recharge_response', /^dealer.code: unknown dealer/);
    await rejected(put(nit, normalRecharge({ dealer: {} })), 'do_recharge_response', /^dealer.code: is required/);
    assert.equal(h.sandbox.transaction(nit)?.status, 'NOV');
  });

  it('an others recharge without branch or type code', async () => {
    const { nit } = await h.createNit('others');
    await rejected(put(nit, { do_recharge_request: { dealer: { code: '901', type_code: '03' }, amount: '3000' } }), 'do_recharge_response', /^dealer.branch.code: is required/);
    await rejected(put(nit, { do_recharge_request: { dealer: { code: '901', branch: { code: '98006000000' } }, amount: '3000' } }), 'do_recharge_response', /^dealer.type_code: is required/);
    await rejected(h.call('PUT', `/v3/rechargebranches/${nit}`, { dealer: { code: '901', type_code: '03' } }), 'list_branch_data_response', /^dealer.branch.code: is required/);
    await rejected(h.call('PUT', `/v3/rechargebranches/${nit}`, { dealer: { code: '901', type_code: '02', branch: { code: '98006000000' } } }), 'list_branch_data_response', /^dealer.type_code: does not match/);
  });

  it('an invoice recharge without its invoice fields', async () => {
    const { nit } = await h.createNit('invoice');
    const dealer = { code: '800', branch: { code: '80019000000' } };
    await rejected(put(nit, { do_recharge_request: { dealer, amount: '6339' } }), 'do_recharge_response', /^invoice: is required/);
    const invoice = { bar_code: '8'.repeat(44), description: 'Conta', expiry_date: '21082030', reference_data: '082030', echo: '12340000000' };
    for (const missing of ['bar_code', 'description', 'expiry_date', 'reference_data', 'echo'] as const) {
      const partial: Record<string, string> = { ...invoice };
      delete partial[missing];
      await rejected(put(nit, { do_recharge_request: { dealer, amount: '6339', invoice: partial } }), 'do_recharge_response', new RegExp(`^invoice\\.${missing}: is required`));
    }
  });

  it('missing answers when questions were issued', async () => {
    const { nit } = await h.createNit('normal');
    const branches = inner(await h.call('GET', `/v3/rechargebranches?nit=${nit}&ddd=11&dealercode=001`), 'list_branch_data_response');
    const question = branches.questions[0];
    assert.equal(question.id, '5');
    const vivo = normalRecharge({ dealer: { code: '001' }, phone: { ddd: '11', number: '987654321' }, amount: '3000' });
    await rejected(put(nit, vivo), 'do_recharge_response', /^answers: question 5 was issued/);
    await rejected(put(nit, { do_recharge_request: { ...vivo.do_recharge_request, answers: [{ code: '5', description: 'Jo' }] } }), 'do_recharge_response', /^answers\[0\]\.description: expected 5 to 30 characters/);
    const ok = inner(await put(nit, { do_recharge_request: { ...vivo.do_recharge_request, answers: [{ code: '5', description: 'Joaquim' }] } }), 'do_recharge_response');
    assert.equal(ok.status, 'PPC');
  });

  it('branch data with a missing or bad query parameter', async () => {
    const { nit } = await h.createNit('normal');
    await rejected(h.call('GET', `/v3/rechargebranches?nit=${nit}&dealercode=001`), 'list_branch_data_response', /^ddd: is required/);
    await rejected(h.call('GET', `/v3/rechargebranches?nit=${nit}&ddd=1&dealercode=001`), 'list_branch_data_response', /^ddd: expected exactly 2 digits/);
    await rejected(h.call('GET', `/v3/rechargebranches?nit=${nit}&ddd=11`), 'list_branch_data_response', /^dealercode: is required/);
    await rejected(h.call('GET', `/v3/rechargebranches?nit=${nit}&ddd=11&dealercode=001&generalhash=xyz`), 'list_branch_data_response', /^generalhash: /);
    await rejected(h.call('PUT', `/v3/rechargebranches/${nit}`, { dealer: { code: '001' } }), 'list_branch_data_response', /^recharge_type: a normal recharge lists branch data with GET/);
  });

  it('a PUT whose wrapper is neither do nor confirm', async () => {
    const { nit } = await h.createNit('normal');
    await rejected(put(nit, { undo_recharge_request: {} }), 'do_recharge_response', /do_recharge_request or confirm_recharge_request/);
    await rejected(put(nit, { confirm_recharge_request: { confirm: 'yes', merchant_key: AUTH_KEY } }), 'confirm_recharge_response', /^confirm: expected "true" or "false"/);
  });
});

describe('HTTP-level errors', () => {
  it('answers 400 to malformed JSON, 415 to a non-JSON body, 404 to an unknown route', async () => {
    const { nit } = await h.createNit('normal');
    assert.equal((await h.call('PUT', `/v3/recharge/${nit}`, undefined, { rawBody: '{"do_recharge_request":' })).status, 400);
    assert.equal((await h.call('PUT', `/v3/recharge/${nit}`, undefined, { rawBody: 'confirm=true', contentType: 'application/x-www-form-urlencoded' })).status, 415);
    assert.equal((await h.call('GET', '/v3/nothing')).status, 404);
    assert.equal((await h.call('DELETE', `/v3/recharge/${nit}`)).status, 404);
  });
});

describe('leniency', () => {
  it('ignores unknown request fields at every level', async () => {
    const { nit } = await h.createNit('normal');
    const body = normalRecharge({ brand_new_field: 'x', phone: { ddd: '21', number: '987654321', extension: '12' }, dealer: { code: '003', mood: 'happy' } });
    const r = inner(await put(nit, { ...body, sibling_of_wrapper: { a: 1 } }), 'do_recharge_response');
    assert.equal(r.esitef.code, '0');
    const c = inner(await put(nit, { confirm_recharge_request: { confirm: 'true', merchant_key: AUTH_KEY, note: 'n' } }), 'confirm_recharge_response');
    assert.equal(c.status, 'CON');
  });

  it('accepts the dealer code unpadded ("1" is "001") and the status URL with or without the slash', async () => {
    const { nit } = await h.createNit('normal');
    const branches = inner(await h.call('GET', `/v3/rechargebranches?nit=${nit}&ddd=11&dealercode=1`), 'list_branch_data_response');
    assert.equal(branches.esitef.code, '0');
    assert.equal(branches.questions[0].id, '5');
    const withSlash = inner(await h.call('GET', `/v3/recharge/${nit}/?merchantkey=${AUTH_KEY}`), 'get_status_recharge_response');
    const without = inner(await h.call('GET', `/v3/recharge/${nit}?merchantkey=${AUTH_KEY}`), 'get_status_recharge_response');
    assert.equal(withSlash.status, 'NOV');
    assert.equal(without.status, 'NOV');
  });
});
