/**
 * The rate limits as express-rate-limit runs them for us: our 429 body with Retry-After, the window,
 * requests without a card not counted, sessions and IPv6 /64s counted apart. Date is mocked, so a
 * window passes without waiting for it.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { pino } from 'pino';
import { DEFAULT_ABUSE_LIMITS } from '../../../proxy/config.ts';
import { createAbuseGuards } from '../../../proxy/hardening/abuse-guards.ts';
import { listenOnFreePort } from '../support/free-port.ts';

const quiet = pino({ level: 'silent' });

async function guardedApp(t: TestContext, limits: Partial<typeof DEFAULT_ABUSE_LIMITS>, trustProxy: number | false = false) {
  const guards = createAbuseGuards({ ...DEFAULT_ABUSE_LIMITS, ...limits }, quiet);
  const app = express();
  app.set('trust proxy', trustProxy);
  app.use(express.json());
  app.post('/api/recharges', guards.creationsPerIp, (_req, res) => void res.status(201).json({ ok: true }));
  app.post('/api/recharges/:id/recharge', guards.paymentsPerIp, guards.paymentsPerSession, (_req, res) => void res.json({ ok: true }));
  const server = await listenOnFreePort(app);
  t.after(() => server.close());
  const post = (path: string, body: object = {}, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { post };
}

test('past the limit: 429 rate_limited with Retry-After and our error body; a new window lets requests through', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  const { post } = await guardedApp(t, { creationsPerMinutePerIp: 2 });
  assert.equal((await post('/api/recharges')).status, 201);
  t.mock.timers.tick(15_500);
  assert.equal((await post('/api/recharges')).status, 201);
  const refused = await post('/api/recharges');
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('retry-after'), '45'); // 44.5 s left, rounded up
  assert.equal(refused.headers.get('ratelimit-limit'), null, 'no RateLimit-* headers');
  assert.equal(refused.headers.get('x-ratelimit-limit'), null);
  const body = (await refused.json()) as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, 'rate_limited');
  assert.match(body.error.message, /recharge creations per IP.*at most 2 a minute.*45 s/);

  t.mock.timers.tick(44_500);
  assert.equal((await post('/api/recharges')).status, 201);
});

test('payment limits count only requests carrying a card, per IP and per recharge', async (t) => {
  const { post } = await guardedApp(t, { paymentsPerMinutePerIp: 3, paymentsPerMinutePerSession: 2 });
  const pay = (session: string, body: object) => post(`/api/recharges/${session}/recharge`, body);
  for (let i = 0; i < 5; i += 1) assert.equal((await pay('s1', { amountCents: 1500 })).status, 200);
  assert.equal((await pay('s1', { payment: {} })).status, 200);
  assert.equal((await pay('s1', { payment: {} })).status, 200);
  const perSession = await pay('s1', { payment: {} });
  assert.equal(perSession.status, 429);
  assert.match(((await perSession.json()) as { error: { message: string } }).error.message, /card payments per recharge/);
  // Another recharge has its own allowance, until the address's runs out.
  assert.equal((await pay('s2', { payment: {} })).status, 429, 'the per-IP count includes the refused one');
  assert.equal((await pay('s2', { amountCents: 1500 })).status, 200);
});

test('IPv6 clients are counted per /64: rotating addresses inside one does not help, another /64 is apart', async (t) => {
  const { post } = await guardedApp(t, { creationsPerMinutePerIp: 2 }, 1);
  const from = (address: string) => post('/api/recharges', {}, { 'x-forwarded-for': address });
  assert.equal((await from('2001:db8:abcd:12::1')).status, 201);
  assert.equal((await from('2001:db8:abcd:12:ffff::2')).status, 201);
  assert.equal((await from('2001:db8:abcd:12:1:2:3:4')).status, 429);
  assert.equal((await from('2001:db8:abcd:13::1')).status, 201);
  assert.equal((await from('203.0.113.7')).status, 201);
  assert.equal((await from('::ffff:203.0.113.7')).status, 201, 'an IPv4-mapped address is its IPv4 address');
  assert.equal((await from('203.0.113.7')).status, 429);
});
