import { test } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { RateLimiter, addressKey, rateLimit, byClientIp } from '../../../proxy/hardening/rate-limit.ts';
import { listen, manualClock } from './listen.ts';

test('a key passes `limit` times per window, then is refused until the window closes', () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 3, windowMs: 60_000, now: clock.now });
  const rows: Array<[advanceMs: number, allowed: boolean, remaining: number, retryAfterMs: number]> = [
    [0, true, 2, 0],
    [1_000, true, 1, 0],
    [1_000, true, 0, 0],
    [1_000, false, 0, 57_000],
    [56_999, false, 0, 1],
    [1, true, 2, 0], // 60 s after the first request: a fresh window
  ];
  for (const [advanceMs, allowed, remaining, retryAfterMs] of rows) {
    clock.advance(advanceMs);
    assert.deepEqual(limiter.hit('203.0.113.7'), { allowed, remaining, retryAfterMs });
  }
});

test('keys are counted apart', () => {
  const limiter = new RateLimiter({ limit: 1, windowMs: 60_000, now: manualClock().now });
  assert.equal(limiter.hit('a').allowed, true);
  assert.equal(limiter.hit('a').allowed, false);
  assert.equal(limiter.hit('b').allowed, true);
});

test('expired windows are forgotten, and live keys never exceed maxKeys', () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 5, windowMs: 60_000, maxKeys: 100, now: clock.now });
  for (let i = 0; i < 1_000; i += 1) limiter.hit(`198.51.100.${i}`);
  assert.equal(limiter.trackedKeys, 100);
  clock.advance(60_000);
  limiter.hit('192.0.2.1');
  assert.equal(limiter.trackedKeys, 1);
});

test('when full, the oldest window is dropped (that key fails open, nobody is locked out)', () => {
  const limiter = new RateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 3, now: manualClock().now });
  limiter.hit('first');
  assert.equal(limiter.hit('first').allowed, false);
  for (const key of ['k1', 'k2', 'k3']) assert.equal(limiter.hit(key).allowed, true);
  assert.equal(limiter.hit('first').allowed, true);
});

test('the middleware answers 429 rate_limited with Retry-After, and lets requests through after the window', async (t) => {
  const clock = manualClock();
  const app = express();
  app.post(
    '/api/recharges',
    rateLimit({ name: 'recharge creations per IP', limit: 2, windowMs: 60_000, key: byClientIp, now: clock.now }),
    (_req, res) => void res.status(201).json({ ok: true }),
  );
  const server = await listen(app);
  t.after(() => server.close());
  const create = () => fetch(`${server.url}/api/recharges`, { method: 'POST' });

  assert.equal((await create()).status, 201);
  clock.advance(15_500);
  assert.equal((await create()).status, 201);
  const refused = await create();
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('retry-after'), '45'); // 44.5 s left, rounded up
  const body = (await refused.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'rate_limited');
  assert.match(body.error.message, /recharge creations per IP.*at most 2 a minute.*45 s/);
  assert.deepEqual(Object.keys(body), ['error']);

  clock.advance(44_500);
  assert.equal((await create()).status, 201);
});

test('a request whose key is undefined is not counted', async (t) => {
  const app = express();
  app.use(express.json());
  app.post(
    '/pay',
    rateLimit({
      name: 'card payments per IP',
      limit: 1,
      windowMs: 60_000,
      key: (req) => ((req.body as { payment?: unknown }).payment ? byClientIp(req) : undefined),
      now: manualClock().now,
    }),
    (_req, res) => void res.json({ ok: true }),
  );
  const server = await listen(app);
  t.after(() => server.close());
  const post = (body: object) =>
    fetch(`${server.url}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  for (let i = 0; i < 3; i += 1) assert.equal((await post({ amountCents: 1500 })).status, 200);
  assert.equal((await post({ payment: {} })).status, 200);
  assert.equal((await post({ payment: {} })).status, 429);
  assert.equal((await post({ amountCents: 1500 })).status, 200);
});

test('addresses are keyed per IPv4 address and per IPv6 /64 (rotating within a /64 does not help)', () => {
  const rows: Array<[string, string]> = [
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:abcd:12:1:2:3:4', '2001:db8:abcd:12::/64'],
    ['2001:0db8:abcd:0012:ffff::1', '2001:db8:abcd:12::/64'],
    ['2001:DB8:ABCD:12::99', '2001:db8:abcd:12::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ];
  for (const [address, key] of rows) assert.equal(addressKey(address), key, address);
});
