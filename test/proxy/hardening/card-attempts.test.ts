import { test } from 'node:test';
import assert from 'node:assert/strict';
import express, { type ErrorRequestHandler } from 'express';
import { CardAttempts, CardAttemptsExceeded } from '../../../proxy/hardening/card-attempts.ts';
import { ApiFailure } from '../../../proxy/api-failure.ts';
import { listenOnFreePort } from '../support/free-port.ts';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
}

function sendAttempt(attempts: CardAttempts, sessionId: string): void {
  const attempt = attempts.begin(sessionId);
  attempt.reachedGateway();
  attempt.end();
}

test('the cap counts attempts that reached the gateway, then refuses with 429 rate_limited', () => {
  const attempts = new CardAttempts({ maxAttempts: 3 });
  for (let i = 0; i < 3; i += 1) sendAttempt(attempts, 's1');
  assert.equal(attempts.sent('s1'), 3);
  assert.throws(() => attempts.begin('s1'), (error: unknown) => {
    assert.ok(error instanceof CardAttemptsExceeded);
    assert.equal(error.httpStatus, 429);
    assert.deepEqual(error.toBody(), {
      error: {
        code: 'rate_limited',
        message: 'Too many card attempts for this recharge (at most 3). Start a new recharge to try again.',
      },
    });
    return true;
  });
  sendAttempt(attempts, 's2'); // another session is not affected
  assert.equal(attempts.sent('s2'), 1);
});

test('attempts stopped before the gateway give their slot back', () => {
  const attempts = new CardAttempts({ maxAttempts: 2 });
  for (let i = 0; i < 10; i += 1) attempts.begin('s1').end();
  sendAttempt(attempts, 's1');
  sendAttempt(attempts, 's1');
  assert.throws(() => attempts.begin('s1'), CardAttemptsExceeded);
});

test('concurrent attempts on one session cannot slip past the cap', () => {
  const attempts = new CardAttempts({ maxAttempts: 2 });
  const first = attempts.begin('s1');
  const second = attempts.begin('s1');
  assert.throws(() => attempts.begin('s1'), CardAttemptsExceeded);
  second.end(); // failed validation: never sent
  const third = attempts.begin('s1');
  first.reachedGateway();
  third.reachedGateway();
  first.end();
  third.end();
  third.end(); // ending twice changes nothing
  assert.equal(attempts.sent('s1'), 2);
  assert.throws(() => attempts.begin('s1'), CardAttemptsExceeded);
});

test('a session idle longer than rememberMs is forgotten; memory stays bounded', () => {
  const clock = manualClock();
  const attempts = new CardAttempts({ maxAttempts: 1, rememberMs: 3_600_000, maxSessions: 50, now: clock.now });
  sendAttempt(attempts, 'old');
  for (let i = 0; i < 500; i += 1) sendAttempt(attempts, `s${i}`);
  assert.equal(attempts.trackedSessions, 50);
  clock.advance(3_600_000);
  sendAttempt(attempts, 'fresh');
  assert.equal(attempts.trackedSessions, 1);
});

test('through a route: three declined cards, then the shopper is told to start again; typos do not count', async (t) => {
  const attempts = new CardAttempts({ maxAttempts: 3 });
  const app = express();
  app.use(express.json());
  app.post('/api/recharges/:id/recharge', (req, res) => {
    const attempt = attempts.begin(req.params.id);
    try {
      const { expiry } = req.body as { expiry: string };
      if (!/^\d{2}\/\d{2}$/.test(expiry)) throw new ApiFailure('invalid_request', 'payment.card.expiry: use MM/YY', 'payment.card.expiry');
      attempt.reachedGateway(); // the simulated gateway declines every card
      res.json({ status: 'NEG' });
    } finally {
      attempt.end();
    }
  });
  const errors: ErrorRequestHandler = (error, _req, res, _next) => {
    if (!(error instanceof ApiFailure)) throw error;
    res.status(error.httpStatus).json(error.toBody());
  };
  app.use(errors);
  const server = await listenOnFreePort(app);
  t.after(() => server.close());
  const pay = (expiry: string) =>
    fetch(`${server.url}/api/recharges/abc/recharge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ expiry }),
    });

  for (let i = 0; i < 5; i += 1) assert.equal((await pay('1228')).status, 400);
  for (let i = 0; i < 3; i += 1) assert.equal((await pay('12/28')).status, 200);
  const refused = await pay('12/28');
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('retry-after'), null);
  const body = (await refused.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'rate_limited');
  assert.match(body.error.message, /Start a new recharge/);
});
