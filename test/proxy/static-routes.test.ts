/**
 * What a merchant's page loads from the proxy: the widget module and its lazy chunks (cross-origin,
 * cached by ETag), the demo page, the health check; and CORS on the API for allowed origins only.
 */
import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createApp } from '../../proxy/app.ts';
import { createLogger } from '../../proxy/hardening/logger.ts';
import { makeServedFolders, type ServedFolders } from './support/served-folders.ts';
import { listenOnFreePort } from './support/free-port.ts';
import { TEST_MERCHANT } from './support/stack.ts';

describe('static routes and CORS', () => {
  let served: ServedFolders;
  let proxy: { url: string; close(): Promise<void> };

  beforeEach(async () => {
    served = makeServedFolders({ widget: 'export const widget = 1;\n', chunk: ['card-step-abc123.js', 'export const card = 1;\n'], demo: '<!doctype html><title>Loja Demo</title>' });
    const app = createApp({
      // No gateway call happens in these tests; the address is never used.
      config: { caratRechargeUrl: 'http://127.0.0.1:9/e-sitef', merchantId: TEST_MERCHANT.id, merchantKey: TEST_MERCHANT.key, auth: 'authenticity', caratTimeoutMs: 1000, allowedOrigins: ['https://shop.example'] },
      distDir: served.distDir,
      demoDir: served.demoDir,
      logger: createLogger({ level: 'silent' }),
    });
    proxy = await listenOnFreePort(app);
  });
  afterEach(async () => {
    await proxy.close();
    served.remove();
  });

  test('the widget script loads cross-origin as a module, with an ETag', async () => {
    const response = await fetch(`${proxy.url}/recharge-widget.js`, { headers: { origin: 'https://any-merchant.example' } });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'export const widget = 1;\n');
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(response.headers.get('etag') ?? '', /^"[\w-]+"$/);
  });

  test('a matching If-None-Match gets 304 with no body; a new build gets a new ETag', async () => {
    const first = await fetch(`${proxy.url}/recharge-widget.js`);
    const etag = first.headers.get('etag')!;
    const revalidated = await fetch(`${proxy.url}/recharge-widget.js`, { headers: { 'if-none-match': etag } });
    assert.equal(revalidated.status, 304);
    assert.equal(await revalidated.text(), '');
    assert.equal(revalidated.headers.get('etag'), etag);
    assert.equal(revalidated.headers.get('access-control-allow-origin'), '*');

    const script = join(served.distDir, 'recharge-widget.js');
    writeFileSync(script, 'export const widget = 2;\n');
    utimesSync(script, new Date(), new Date(Date.now() + 5000));
    const rebuilt = await fetch(`${proxy.url}/recharge-widget.js`, { headers: { 'if-none-match': etag } });
    assert.equal(rebuilt.status, 200);
    assert.notEqual(rebuilt.headers.get('etag'), etag);
    assert.equal(await rebuilt.text(), 'export const widget = 2;\n');
  });

  test('lazy chunks are served the same way, and nothing outside dist/chunks is', async () => {
    const chunk = await fetch(`${proxy.url}/chunks/card-step-abc123.js`);
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers.get('access-control-allow-origin'), '*');
    assert.equal(chunk.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.ok(chunk.headers.get('etag'));
    for (const path of ['/chunks/missing.js', '/chunks/..%2Frecharge-widget.js', '/chunks/.hidden.js', '/chunks/index.html']) {
      const response = await fetch(proxy.url + path);
      assert.equal(response.status, 404, path);
    }
  });

  test('the demo page is served at /, and /healthz answers 200', async () => {
    const demo = await fetch(`${proxy.url}/`);
    assert.equal(demo.status, 200);
    assert.match(await demo.text(), /Loja Demo/);
    const health = await fetch(`${proxy.url}/healthz`);
    assert.equal(health.status, 200);
  });

  test('the API grants CORS to allowed origins only', async () => {
    const preflight = await fetch(`${proxy.url}/api/recharges`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);

    const stranger = await fetch(`${proxy.url}/api/recharges`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    assert.equal(stranger.headers.get('access-control-allow-origin'), null);

    const allowed = await fetch(`${proxy.url}/api/recharges/unknown`, { headers: { origin: 'https://shop.example' } });
    assert.equal(allowed.status, 404);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(allowed.headers.get('vary') ?? '', /Origin/);
  });

  test('an unknown API route is a JSON 404', async () => {
    const response = await fetch(`${proxy.url}/api/nothing-here`);
    assert.equal(response.status, 404);
    assert.deepEqual((await response.json()).error.code, 'not_found');
  });
});
