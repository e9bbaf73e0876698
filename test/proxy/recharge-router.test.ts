/**
 * The proxy mounted in a merchant's Express app (proxy/recharge-router.ts) under /recharge, next to
 * the merchant's own routes, against the Carat sandbox: a granted top-up and a card top-up complete
 * through the prefix (Carat's authenticity notice reaching /recharge/carat/authenticity), the
 * merchant's routes answer as before (no helmet headers, its own body parser and 404), the options
 * are the environment variables by name, and close() stops the router and frees DATA_DIR.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import express from 'express';
import { ConfigError } from '../../proxy/config.ts';
import { createLogger } from '../../proxy/hardening/logger.ts';
import { createRechargeRouter, type RechargeRouter } from '../../proxy/index.ts';
import type { Listening } from '../../proxy/listen.ts';
import { startSandbox, type RunningSandbox } from '../../proxy/sandbox/server.ts';
import { JOURNAL_FILE } from '../../proxy/store/sqlite-session-store.ts';
import { listenOnFreePort } from './support/free-port.ts';
import { grantFor, newKey, TEST_GRANT_SECRET, TEST_MERCHANT } from './support/stack.ts';

const TOP_UP = { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 2000 };
const CARD = { card: { number: '4111111111111111', expiry: '12/40', securityCode: '123' }, installments: 1 };
const quiet = { logger: createLogger({ level: 'silent' }) };

describe('createRechargeRouter mounted in a merchant app', () => {
  let dataDir: string;
  let sandbox: RunningSandbox;
  let shop: Listening;
  let router: RechargeRouter;

  const settings = () => ({
    CARAT_RECHARGE_URL: `${sandbox.url}/e-sitef`,
    CARAT_MERCHANT_ID: TEST_MERCHANT.id,
    CARAT_MERCHANT_KEY: TEST_MERCHANT.key,
    CARAT_AUTH: 'authenticity',
    CARAT_TIMEOUT_MS: 5000,
    DATA_DIR: dataDir,
    ORDER_GRANT_SECRET: TEST_GRANT_SECRET,
    RECOVERY_INTERVAL_MS: 60_000,
  });

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recharge-router-'));
    sandbox = await startSandbox();
    router = createRechargeRouter(settings(), quiet);
    const app = express();
    // The merchant's own middleware and routes, before and after the mount.
    app.use(express.json());
    app.get('/', (_req, res) => {
      res.type('html').send('<h1>Loja</h1>');
    });
    app.post('/cart', (req, res) => {
      res.json({ cart: req.body });
    });
    app.use('/recharge', router);
    app.get('/about', (_req, res) => {
      res.send('about us');
    });
    shop = await listenOnFreePort(app);
    sandbox.sandbox.registerMerchant({
      id: TEST_MERCHANT.id,
      key: TEST_MERCHANT.key,
      auth: 'authenticity',
      authenticityUrl: `${shop.url}/recharge/carat/authenticity`,
    });
  });

  afterEach(async () => {
    await shop.close();
    await router.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(shop.url + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text.startsWith('{') ? JSON.parse(text) : undefined };
  };

  test('a granted top-up completes under /recharge', async () => {
    const created = await call('POST', '/recharge/api/recharges', { type: 'normal', grant: grantFor('normal', { maxAmountCents: 2000 }) });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.get('cache-control'), 'no-store');
    const done = await call('POST', `/recharge/api/recharges/${created.body.id}/recharge`, TOP_UP, { 'Idempotency-Key': newKey() });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, 'CON');
    const session = await call('GET', `/recharge/api/recharges/${created.body.id}`);
    assert.equal(session.status, 200, session.text);
    // Journaled in DATA_DIR, as the standalone server does.
    assert.ok(existsSync(join(dataDir, JOURNAL_FILE)));
  });

  test('a card top-up completes under /recharge', async () => {
    const created = await call('POST', '/recharge/api/recharges', { type: 'normal' });
    assert.equal(created.status, 201, created.text);
    const done = await call('POST', `/recharge/api/recharges/${created.body.id}/recharge`, { ...TOP_UP, payment: CARD }, { 'Idempotency-Key': newKey() });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, 'CON');
    assert.doesNotMatch(done.text, /4111111111111111/);
  });

  test('the router answers its own paths: health, JSON 404 and security headers under the prefix only', async () => {
    const health = await call('GET', '/recharge/healthz');
    assert.deepEqual(health.body, { status: 'ok' });
    assert.match(health.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(health.headers.get('x-content-type-options'), 'nosniff');
    const missing = await call('GET', '/recharge/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
    // No demo page in a merchant's app.
    assert.equal((await call('GET', '/recharge/')).status, 404);
  });

  test('the merchant routes are untouched: their bodies, parser, headers and 404', async () => {
    const home = await call('GET', '/');
    assert.equal(home.status, 200);
    assert.equal(home.text, '<h1>Loja</h1>');
    assert.equal(home.headers.get('content-security-policy'), null);
    assert.equal(home.headers.get('cross-origin-resource-policy'), null);
    const cart = await call('POST', '/cart', { sku: 'A1', qty: 2 });
    assert.deepEqual(cart.body, { cart: { sku: 'A1', qty: 2 } });
    const about = await call('GET', '/about');
    assert.equal(about.text, 'about us');
    const missing = await call('GET', '/nowhere');
    assert.equal(missing.status, 404);
    assert.equal(missing.body, undefined, 'Express\'s own 404 page, not the proxy\'s JSON');
  });

  test('after the merchant\'s own JSON parser: an unreadable or oversized body under the prefix is answered as standalone', async () => {
    const send = (path: string, body: string) => fetch(shop.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const malformed = await send('/recharge/api/recharges', '{"type":"others","payment":{"card":{"number":"4111111111111111"');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.headers.get('cache-control'), 'no-store');
    const text = await malformed.text();
    assert.deepEqual(JSON.parse(text), { error: { code: 'invalid_request', message: 'body: is not valid JSON', field: 'body' } });
    assert.doesNotMatch(text, /SyntaxError|node_modules|4111111111111111/);
    // BODY_LIMIT (16kb by default), not the merchant parser's 100kb.
    const large = await send('/recharge/api/recharges', JSON.stringify({ type: 'normal', pad: 'x'.repeat(20_000) }));
    assert.equal(large.status, 413);
    assert.equal((await large.json()).error.code, 'payload_too_large');
    // The merchant's own routes keep the merchant's error handling.
    const cart = await send('/cart', '{"sku":');
    assert.equal(cart.status, 400);
    assert.doesNotMatch(await cart.text(), /invalid_request/);
  });

  test('close() refuses new calls under the prefix, leaves the merchant routes, and frees DATA_DIR', async () => {
    await router.close();
    const refused = await call('POST', '/recharge/api/recharges', { type: 'normal' });
    assert.equal(refused.status, 502);
    assert.equal(refused.body.error.code, 'gateway_unavailable');
    assert.equal((await call('GET', '/')).status, 200);
    // The lock is released: a new router may take the same journal.
    const again = createRechargeRouter(settings(), quiet);
    await again.close();
  });

  test('a second router on the same DATA_DIR is refused while the first runs', () => {
    assert.throws(() => createRechargeRouter(settings(), quiet), /DATA_DIR|in use|lock/i);
  });
});

describe('createRechargeRouter options', () => {
  const base = { CARAT_MERCHANT_ID: 'shop42', CARAT_MERCHANT_KEY: 'KEY42', CARAT_AUTH: 'authenticity' } as const;

  test('an unknown name is refused, naming it', () => {
    assert.throws(
      () => createRechargeRouter({ ...base, CARAT_RECHARGE_URL: 'https://carat.example/e-sitef', caratMerchantId: 'x' } as never, quiet),
      (error: unknown) => error instanceof ConfigError && error.variable === 'caratMerchantId',
    );
  });

  test('a malformed value is refused as the standalone server refuses it', () => {
    assert.throws(
      () => createRechargeRouter({ ...base, CARAT_RECHARGE_URL: 'http://carat.example/e-sitef' }, quiet),
      (error: unknown) => error instanceof ConfigError && error.variable === 'CARAT_RECHARGE_URL',
    );
    assert.throws(
      () => createRechargeRouter({ ...base, CARAT_RECHARGE_URL: 'https://carat.example/e-sitef', CARD_ATTEMPTS_PER_SESSION: 99 }, quiet),
      (error: unknown) => error instanceof ConfigError && error.variable === 'CARD_ATTEMPTS_PER_SESSION',
    );
  });

  test('the built-in sandbox is refused: it needs the URL the router answers on', () => {
    assert.throws(
      () => createRechargeRouter({ ...base, CARAT_RECHARGE_URL: 'sandbox' }, quiet),
      (error: unknown) => error instanceof ConfigError && error.variable === 'CARAT_RECHARGE_URL',
    );
  });
});
