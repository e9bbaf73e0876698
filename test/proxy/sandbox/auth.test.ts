/** Both authentication modes: RS256 signature and the authenticity form POST. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { startSandbox } from '../../../proxy/sandbox/server.ts';
import { DEMO_MERCHANT } from '../../../proxy/sandbox/app.ts';
import { AUTH_KEY, SIG_KEY, confirm, inner, merchantKeys, normalRecharge, harnessForThisFile } from './harness.ts';

const h = harnessForThisFile({ authenticityTimeoutMs: 300 });

const begin = (merchantKey: string, extra: Record<string, string> = {}) => ({
  begin_recharge_request: { merchant_key: merchantKey, ...extra },
});
const code = (reply: { body: any }, wrapper: string) => reply.body[wrapper].esitef.code;

describe('signature mode', () => {
  it('returns the NIT, merchant id, echoes and general hash in the creation response, and sends no form POST', async () => {
    const formsBefore = h.endpoint.forms.length;
    const reply = await h.call('POST', '/v3/recharge', begin(SIG_KEY, { order_id: 'A1', merchant_usn: '77' }), { token: h.sign({ merchant_id: 'shopsig' }) });
    const r = inner(reply, 'begin_recharge_response');
    assert.equal(r.esitef.code, '0');
    assert.match(r.nit, /^[A-Za-z0-9]{64}$/);
    assert.equal(r.merchant_id, 'shopsig');
    assert.equal(r.order_id, 'A1');
    assert.equal(r.merchant_usn, '77');
    assert.equal(r.general_hash, h.sandbox.generalHash());
    assert.equal(h.endpoint.forms.length, formsBefore);
  });

  it('requires the header on every later call for a signature-created NIT', async () => {
    const { nit, token } = await h.createNit('normal', 'signature');
    const dealers = await h.call('GET', `/v3/rechargedealers?nit=${nit}`);
    assert.notEqual(code(dealers, 'list_dealers_response'), '0');
    assert.match(dealers.body.list_dealers_response.esitef.message, /Authorization required/);
    const status = await h.call('GET', `/v3/recharge/${nit}?merchantkey=${SIG_KEY}`);
    assert.notEqual(code(status, 'get_status_recharge_response'), '0');
    const done = await h.call('PUT', `/v3/recharge/${nit}`, normalRecharge(), {});
    assert.notEqual(code(done, 'do_recharge_response'), '0');
    assert.equal(h.sandbox.transaction(nit)?.status, 'NOV');

    assert.equal(code(await h.call('GET', `/v3/rechargedealers?nit=${nit}`, undefined, { token }), 'list_dealers_response'), '0');
    assert.equal(code(await h.call('PUT', `/v3/recharge/${nit}`, normalRecharge(), { token }), 'do_recharge_response'), '0');
    assert.equal(code(await h.call('PUT', `/v3/recharge/${nit}`, confirm('true', SIG_KEY), { token }), 'confirm_recharge_response'), '0');
    assert.equal(h.sandbox.transaction(nit)?.status, 'CON');
  });

  it('rejects a token signed with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = jwt.sign({ merchant_id: 'shopsig' }, other, { algorithm: 'RS256' });
    const reply = await h.call('POST', '/v3/recharge', begin(SIG_KEY), { token: forged });
    assert.notEqual(code(reply, 'begin_recharge_response'), '0');
    assert.equal(reply.body.begin_recharge_response.nit, undefined);
    assert.match(reply.body.begin_recharge_response.esitef.message, /^Authorization: /);
  });

  it('rejects an expired token', async () => {
    const expired = jwt.sign({ merchant_id: 'shopsig', exp: Math.floor(Date.now() / 1000) - 60 }, merchantKeys().privateKeyPem, { algorithm: 'RS256' });
    const reply = await h.call('POST', '/v3/recharge', begin(SIG_KEY), { token: expired });
    assert.notEqual(code(reply, 'begin_recharge_response'), '0');
    assert.match(reply.body.begin_recharge_response.esitef.message, /expired/);
  });

  it('rejects a token whose merchant_id or nit claim does not match, and accepts extra claims', async () => {
    const wrongMerchant = await h.call('POST', '/v3/recharge', begin(SIG_KEY), { token: h.sign({ merchant_id: 'someone' }) });
    assert.notEqual(code(wrongMerchant, 'begin_recharge_response'), '0');
    const a = await h.createNit('normal', 'signature');
    const b = await h.createNit('normal', 'signature');
    const crossed = await h.call('GET', `/v3/rechargedealers?nit=${a.nit}`, undefined, { token: b.token });
    assert.notEqual(code(crossed, 'list_dealers_response'), '0');
    assert.match(crossed.body.list_dealers_response.esitef.message, /nit claim/);
    const extra = await h.call('GET', `/v3/rechargedealers?nit=${a.nit}`, undefined, { token: h.sign({ merchant_id: 'shopsig', nit: a.nit, jti: 'x1', scope: 'recharge' }) });
    assert.equal(code(extra, 'list_dealers_response'), '0');
  });

  it('refuses a signature merchant that does not sign, and an authenticity merchant that does', async () => {
    const unsigned = await h.call('POST', '/v3/recharge', begin(SIG_KEY));
    assert.notEqual(code(unsigned, 'begin_recharge_response'), '0');
    assert.match(unsigned.body.begin_recharge_response.esitef.message, /Authorization required/);
    const signed = await h.call('POST', '/v3/recharge', begin(AUTH_KEY), { token: h.sign({ merchant_id: 'shopauth' }) });
    assert.notEqual(code(signed, 'begin_recharge_response'), '0');
  });
});

describe('authenticity mode', () => {
  it('form-POSTs nit, merchantId, orderId, merchantUSN and generalHash before answering without a NIT', async () => {
    const reply = await h.call('POST', '/v3/recharge', begin(AUTH_KEY, { order_id: 'ORD9', merchant_usn: '123' }));
    const r = inner(reply, 'begin_recharge_response');
    assert.deepEqual(r, { esitef: { message: 'OK. Transaction successful.', code: '0' } });
    const form = h.endpoint.forms.at(-1)!;
    assert.equal(h.endpoint.contentTypes.at(-1), 'application/x-www-form-urlencoded');
    assert.match(form.get('nit')!, /^[A-Za-z0-9]{64}$/);
    assert.equal(form.get('merchantId'), 'shopauth');
    assert.equal(form.get('orderId'), 'ORD9');
    assert.equal(form.get('merchantUSN'), '123');
    assert.equal(form.get('generalHash'), h.sandbox.generalHash());
    assert.equal(h.sandbox.transaction(form.get('nit')!)?.status, 'NOV');
  });

  it('fails the creation when the authenticity URL does not answer 200', async () => {
    h.endpoint.status = 500;
    try {
      const reply = await h.call('POST', '/v3/recharge', begin(AUTH_KEY));
      assert.notEqual(code(reply, 'begin_recharge_response'), '0');
      assert.match(reply.body.begin_recharge_response.esitef.message, /authenticity.*HTTP 500/);
      const nit = h.endpoint.lastNit();
      assert.equal(h.sandbox.transaction(nit)?.status, 'INV');
      const later = await h.call('GET', `/v3/rechargedealers?nit=${nit}`);
      assert.notEqual(code(later, 'list_dealers_response'), '0');
    } finally {
      h.endpoint.status = 200;
    }
  });

  it('fails the creation when the authenticity URL never answers', async () => {
    h.endpoint.silent = true;
    try {
      const reply = await h.call('POST', '/v3/recharge', begin(AUTH_KEY));
      assert.notEqual(code(reply, 'begin_recharge_response'), '0');
      assert.match(reply.body.begin_recharge_response.esitef.message, /did not answer in time/);
    } finally {
      h.endpoint.silent = false;
    }
  });

  it('fails the creation when the authenticity URL cannot be reached', async () => {
    const closed = await startSandbox({ merchants: [{ id: 'gone', key: 'GONE1', auth: 'authenticity', authenticityUrl: 'http://127.0.0.1:1/nowhere' }] });
    try {
      const reply = await fetch(`${closed.url}/e-sitef/v3/recharge`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(begin('GONE1')),
      });
      const body = await reply.json() as any;
      assert.equal(reply.status, 200);
      assert.notEqual(body.begin_recharge_response.esitef.code, '0');
    } finally {
      await closed.close();
    }
  });

  it('serves the demo merchant by default, and registerMerchant replaces a merchant with the same key', async () => {
    const running = await startSandbox();
    try {
      const post = (token?: string) => fetch(`${running.url}/e-sitef/v3/recharge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(begin(DEMO_MERCHANT.key)),
      }).then((r) => r.json() as Promise<any>);
      // A signed creation tells, without any form POST, that the demo merchant exists in authenticity mode.
      const signed = await post(h.sign({ merchant_id: 'demo' }));
      assert.match(signed.begin_recharge_response.esitef.message, /registered for authenticity mode/);
      running.sandbox.registerMerchant({ ...DEMO_MERCHANT, authenticityUrl: h.endpoint.url });
      const created = await post();
      assert.equal(created.begin_recharge_response.esitef.code, '0');
      assert.equal(h.endpoint.forms.at(-1)?.get('merchantId'), 'demo');
    } finally {
      await running.close();
    }
  });
});
