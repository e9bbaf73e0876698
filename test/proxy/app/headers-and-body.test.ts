/**
 * What every browser sees from the real proxy: helmet's headers, the widget script still loadable
 * from any merchant's page, CORS on the API for ALLOWED_ORIGINS only, a request id on every answer,
 * and the body size limit as a clear 413.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_ABUSE_LIMITS } from '../../../proxy/config.ts';
import { makeServedFolders, type ServedFolders } from '../support/served-folders.ts';
import { grantFor, newKey, startStack, type Stack } from '../support/stack.ts';

const SHOP = 'https://shop.example'; // in the stack's ALLOWED_ORIGINS
const STRANGER = 'https://evil.example';

describe('headers and body limit through the proxy', () => {
  let stack: Stack;
  let served: ServedFolders;
  before(async () => {
    served = makeServedFolders();
    const limits = { ...DEFAULT_ABUSE_LIMITS, bodyLimitBytes: 2048 };
    stack = await startStack({ auth: 'signature', app: { distDir: served.distDir, demoDir: served.demoDir, limits } });
  });
  after(async () => {
    await stack.close();
    served.remove();
  });

  test('the widget script and its chunks load from another origin: ACAO *, CORP cross-origin, and helmet otherwise', async () => {
    for (const path of ['/recharge-widget.js', '/chunks/card-step-abc.js']) {
      const response = await stack.call('GET', path, undefined, { origin: 'https://any-merchant.example' });
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
      assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin', path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
    }
  });

  test('the API and the demo page carry helmet headers with CORP same-origin', async () => {
    const session = await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
    for (const response of [session, await stack.call('GET', '/'), await stack.call('GET', '/api/recharges/xyz')]) {
      const headers = response.headers;
      assert.equal(headers.get('cross-origin-resource-policy'), 'same-origin');
      assert.match(headers.get('content-security-policy') ?? '', /default-src 'self'/);
      assert.equal(headers.get('x-content-type-options'), 'nosniff');
      assert.equal(headers.get('x-frame-options'), 'SAMEORIGIN');
      assert.match(headers.get('strict-transport-security') ?? '', /max-age=/);
      assert.equal(headers.get('x-powered-by'), null);
      assert.match(headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    }
  });

  test('CORS: an allowed origin gets its grant and a preflight; another origin gets neither, and a preflight says why', async () => {
    const preflight = await stack.call('OPTIONS', '/api/recharges/abc/recharge', undefined, {
      origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key',
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), SHOP);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);

    const created = await stack.call('POST', '/api/recharges', { type: 'normal' }, { origin: SHOP });
    assert.equal(created.headers.get('access-control-allow-origin'), SHOP);
    assert.match(created.headers.get('access-control-expose-headers') ?? '', /Retry-After/);

    const refused = await stack.call('OPTIONS', '/api/recharges', undefined, { origin: STRANGER, 'access-control-request-method': 'POST' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.field, 'Origin');
    assert.match(refused.body.error.message, /ALLOWED_ORIGINS/);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    const lookalike = await stack.call('GET', '/api/recharges/xyz', undefined, { origin: `${SHOP}.evil.test` });
    assert.equal(lookalike.headers.get('access-control-allow-origin'), null);
  });

  test('a body over BODY_LIMIT gets 413 payload_too_large, before it reaches Carat', async () => {
    const id = (await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') })).body.id;
    const callsBefore = stack.caratCalls().length;
    const answers = [{ code: 'X', description: 'y'.repeat(3000) }];
    for (const [path, headers] of [['/api/recharges', {}], [`/api/recharges/${id}/recharge`, { 'Idempotency-Key': newKey() }]] as const) {
      const response = await stack.call('POST', path, { type: 'normal', answers }, headers);
      assert.equal(response.status, 413, path);
      assert.equal(response.body.error.code, 'payload_too_large');
      assert.equal(response.body.error.field, 'body');
      assert.match(response.body.error.message, /^body: is too large \(at most \d+ bytes\)\.$/);
    }
    const justUnder = await stack.call('POST', '/api/recharges', { type: 'normal', note: 'z'.repeat(1900) });
    assert.equal(justUnder.status, 400, 'under the limit the body is read, and its unknown field named');
    assert.equal(justUnder.body.error.field, 'note');
    assert.equal(stack.caratCalls().length, callsBefore);
  });

  test('a sane incoming X-Request-Id is kept, anything else replaced', async () => {
    const kept = await stack.call('GET', '/healthz', undefined, { 'x-request-id': 'lb-7f3a.42' });
    assert.equal(kept.headers.get('x-request-id'), 'lb-7f3a.42');
    const replaced = await stack.call('GET', '/healthz', undefined, { 'x-request-id': 'a'.repeat(64) });
    assert.match(replaced.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });
});
