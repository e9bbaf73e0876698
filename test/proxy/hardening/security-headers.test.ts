import { test } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { corsPolicy, securityHeaders } from '../../../proxy/hardening/security-headers.ts';
import type { Listening } from '../../../proxy/listen.ts';
import { listenOnFreePort } from '../support/free-port.ts';

const SHOP = 'https://shop.example';

async function start(t: { after(fn: () => Promise<void>): void }, https = false): Promise<Listening> {
  const app = express();
  app.use(securityHeaders({ https }));
  app.use(corsPolicy({ allowedOrigins: [SHOP, 'http://127.0.0.1:5173'] }));
  app.get('/', (_req, res) => void res.type('html').send('<!doctype html><title>Demo</title>'));
  app.get(['/recharge-widget.js', '/chunks/card-step.js'], (_req, res) => void res.type('js').send('export {};'));
  app.get('/api/recharges/:id', (_req, res) => void res.json({ id: 'abc' }));
  app.post('/api/recharges', (_req, res) => void res.status(201).json({ id: 'abc' }));
  app.use((_req, res) => void res.status(404).json({ error: { code: 'not_found', message: 'No such path.' } }));
  const server = await listenOnFreePort(app);
  t.after(() => server.close());
  return server;
}

test('helmet headers on the demo page and the API; CORP cross-origin only on the widget script routes', async (t) => {
  const server = await start(t);
  const rows: Array<[path: string, corp: string]> = [
    ['/', 'same-origin'],
    ['/api/recharges/abc', 'same-origin'],
    ['/recharge-widget.js', 'cross-origin'],
    ['/chunks/card-step.js', 'cross-origin'],
    ['/recharge-widget.js.map', 'same-origin'],
    ['/chunks', 'same-origin'],
  ];
  for (const [path, corp] of rows) {
    const res = await fetch(server.url + path);
    const headers = res.headers;
    assert.equal(headers.get('cross-origin-resource-policy'), corp, path);
    assert.match(headers.get('content-security-policy') ?? '', /default-src 'self'.*script-src 'self'/, path);
    assert.doesNotMatch(headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/, path);
    assert.equal(headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(headers.get('x-frame-options'), 'SAMEORIGIN', path);
    assert.match(headers.get('strict-transport-security') ?? '', /max-age=\d+/, path);
    assert.equal(headers.get('cross-origin-opener-policy'), 'same-origin', path);
    assert.equal(headers.get('x-powered-by'), null, path);
  }
});

test('over https the CSP also upgrades insecure requests', async (t) => {
  const server = await start(t, true);
  const res = await fetch(`${server.url}/`);
  assert.match(res.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
});

test('the widget script may be loaded as a module script from any origin', async (t) => {
  const server = await start(t);
  for (const origin of ['https://any-merchant.example', SHOP]) {
    const res = await fetch(`${server.url}/recharge-widget.js`, { headers: { origin } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
  }
});

test('API calls: only exactly listed origins get Access-Control-Allow-Origin, always with Vary: Origin', async (t) => {
  const server = await start(t);
  const rows: Array<[origin: string | undefined, allowOrigin: string | null]> = [
    [SHOP, SHOP],
    ['http://127.0.0.1:5173', 'http://127.0.0.1:5173'],
    ['https://shop.example.evil.test', null],
    ['https://evil.test', null],
    ['http://shop.example', null],
    ['https://SHOP.example', null],
    ['https://shop.example/', null],
    ['null', null],
    [undefined, null],
  ];
  for (const [origin, allowOrigin] of rows) {
    const res = await fetch(`${server.url}/api/recharges/abc`, { headers: origin ? { origin } : {} });
    assert.equal(res.status, 200, String(origin));
    assert.equal(res.headers.get('access-control-allow-origin'), allowOrigin, String(origin));
    assert.match(res.headers.get('vary') ?? '', /Origin/, String(origin));
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
    if (allowOrigin) assert.equal(res.headers.get('access-control-expose-headers'), 'Retry-After, X-Request-Id');
  }
});

test('preflight: an allowed origin may POST JSON with an Idempotency-Key; another is told why not', async (t) => {
  const server = await start(t);
  const preflight = (origin: string) =>
    fetch(`${server.url}/api/recharges`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
    });

  const allowed = await preflight(SHOP);
  assert.equal(allowed.status, 204);
  assert.equal(allowed.headers.get('access-control-allow-origin'), SHOP);
  assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /POST/);
  assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
  assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);
  assert.equal(allowed.headers.get('access-control-max-age'), '600');
  assert.match(allowed.headers.get('vary') ?? '', /Origin.*Access-Control-Request-Method.*Access-Control-Request-Headers/);

  const refused = await preflight('https://evil.test');
  assert.equal(refused.status, 400);
  assert.equal(refused.headers.get('access-control-allow-origin'), null);
  const body = (await refused.json()) as { error: { code: string; message: string; field: string } };
  assert.equal(body.error.code, 'invalid_request');
  assert.equal(body.error.field, 'Origin');
  assert.match(body.error.message, /https:\/\/evil\.test may not call this API.*ALLOWED_ORIGINS/);
  assert.doesNotMatch(body.error.message, /shop\.example/);

  const script = await fetch(`${server.url}/recharge-widget.js`, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.test', 'access-control-request-method': 'GET' },
  });
  assert.equal(script.status, 204);
  assert.equal(script.headers.get('access-control-allow-origin'), '*');
});
