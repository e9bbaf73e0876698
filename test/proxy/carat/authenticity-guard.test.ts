import { test } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import {
  AuthenticityCancelled,
  AuthenticityGuard,
  AuthenticityTimeout,
  type IgnoredReason,
} from '../../../proxy/carat/authenticity-guard.ts';
import { authenticityEndpoint } from '../../../proxy/carat/authenticity-endpoint.ts';
import { listenOnFreePort } from '../support/free-port.ts';

const nitOf = (c: string) => c.repeat(64);
const form = (merchantUSN: string, orderId: string, nit = nitOf('A')) => ({
  nit,
  merchantId: 'demo',
  orderId,
  merchantUSN,
  generalHash: 'H1H2H3H4H5H6H7H8',
});

/** A guard whose timers fire only when the test says so. */
function harness() {
  const timers: Array<{ fire: () => void; ms: number; cancelled: boolean }> = [];
  const ignored: IgnoredReason[] = [];
  const guard = new AuthenticityGuard({
    merchantId: 'demo',
    timeoutMs: 15_000,
    onIgnored: (reason) => void ignored.push(reason),
    schedule: (fire, ms) => {
      const timer = { fire, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  return { guard, timers, ignored };
}

test('a creation waiting for its USN and order id gets the NIT and the general hash', async () => {
  const { guard, timers } = harness();
  const notice = guard.expect('12345678901', 'RW0011223344556677');
  assert.equal(guard.waiting, 1);
  assert.equal(guard.deliver({ ...form('12345678901', 'RW0011223344556677'), somethingNew: 'x' }), 'accepted');
  assert.deepEqual(await notice, {
    nit: nitOf('A'),
    merchantId: 'demo',
    orderId: 'RW0011223344556677',
    merchantUsn: '12345678901',
    generalHash: 'H1H2H3H4H5H6H7H8',
  });
  assert.equal(guard.waiting, 0);
  assert.equal(timers[0]!.cancelled, true);
});

test('URLSearchParams are accepted as the form', async () => {
  const { guard } = harness();
  const notice = guard.expect('1', 'RW1');
  assert.equal(guard.deliver(new URLSearchParams(form('1', 'RW1'))), 'accepted');
  assert.equal((await notice).nit, nitOf('A'));
});

test('no POST in time: a clear gateway_timeout, and a late POST is ignored', async () => {
  const { guard, timers, ignored } = harness();
  const notice = guard.expect('222', 'RW2');
  assert.equal(timers[0]!.ms, 15_000);
  timers[0]!.fire();
  await assert.rejects(notice, (error: unknown) => {
    assert.ok(error instanceof AuthenticityTimeout);
    assert.equal(error.httpStatus, 504);
    assert.deepEqual(error.toBody(), {
      error: { code: 'gateway_timeout', message: 'The payment gateway did not confirm the new recharge within 15 s. Please try again.' },
    });
    return true;
  });
  assert.equal(guard.deliver(form('222', 'RW2')), 'ignored');
  assert.deepEqual(ignored, ['unknown']);
});

test('a timeout nobody awaits yet is not an unhandled rejection', async () => {
  const { guard, timers } = harness();
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => void unhandled.push(reason);
  process.on('unhandledRejection', listener);
  try {
    const notice = guard.expect('333', 'RW3'); // the creation call is still running…
    timers[0]!.fire();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
    await assert.rejects(notice, AuthenticityTimeout); // …and its caller still sees the timeout
  } finally {
    process.off('unhandledRejection', listener);
  }
});

test('replays, strangers, other merchants and malformed forms are ignored; the real notice still gets through', async () => {
  const { guard, ignored } = harness();
  const first = guard.expect('100', 'RWA');
  assert.equal(guard.deliver(form('100', 'RWA', nitOf('B'))), 'accepted');
  await first;

  const second = guard.expect('200', 'RWB');
  const rows: Array<[unknown, IgnoredReason]> = [
    [form('100', 'RWA', nitOf('B')), 'replay'], // the same POST again
    [form('200', 'RWB', nitOf('B')), 'replay'], // a consumed NIT aimed at a live creation
    [form('100', 'RWA', nitOf('C')), 'replay'], // a consumed USN with a new NIT
    [form('999', 'RWB', nitOf('C')), 'unknown'],
    [form('200', 'RWX', nitOf('C')), 'order_mismatch'], // a guessed USN without the order id
    [{ ...form('200', 'RWB', nitOf('C')), merchantId: 'other' }, 'other_merchant'],
    [{ ...form('200', 'RWB'), nit: 'A'.repeat(63) }, 'malformed'],
    [{ ...form('200', 'RWB'), merchantUSN: '12a' }, 'malformed'],
    [{ ...form('200', 'RWB'), orderId: ['RWB', 'RWB'] }, 'malformed'],
    [{ nit: nitOf('C') }, 'malformed'],
    [undefined, 'malformed'],
    ['nit=AAAA', 'malformed'],
  ];
  for (const [body, reason] of rows) {
    ignored.length = 0;
    assert.equal(guard.deliver(body), 'ignored', reason);
    assert.deepEqual(ignored, [reason]);
  }
  assert.equal(guard.waiting, 1);
  assert.equal(guard.deliver(form('200', 'RWB', nitOf('C'))), 'accepted');
  assert.equal((await second).nit, nitOf('C'));
});

test('cancel() ends the wait at once; a late notice is ignored', async () => {
  const { guard, timers } = harness();
  const notice = guard.expect('444', 'RW4');
  guard.cancel('444');
  await assert.rejects(notice, AuthenticityCancelled);
  assert.equal(timers[0]!.cancelled, true);
  assert.equal(guard.deliver(form('444', 'RW4')), 'ignored');
  assert.throws(() => {
    guard.expect('555', 'RW5');
    guard.expect('555', 'RW6');
  }, /already waiting/);
});

test('the endpoint answers every POST with the same 200 OK, and only the awaited one is delivered', async (t) => {
  const { guard, ignored } = harness();
  const app = express();
  app.post('/carat/authenticity', authenticityEndpoint(guard));
  const server = await listenOnFreePort(app);
  t.after(() => server.close());
  const post = (body: string, contentType = 'application/x-www-form-urlencoded') =>
    fetch(`${server.url}/carat/authenticity`, { method: 'POST', headers: { 'content-type': contentType }, body });

  const notice = guard.expect('987654321', 'RW77');
  const bodies: Array<[string, string?]> = [
    [new URLSearchParams(form('987654321', 'RW77', nitOf('D'))).toString()],
    [new URLSearchParams(form('987654321', 'RW77', nitOf('D'))).toString()], // replay
    [new URLSearchParams(form('123', 'RW1', nitOf('E'))).toString()], // unknown
    ['nit=%ZZ&&&'], // malformed
    [`nit=${'A'.repeat(10_000)}`], // too large
    [JSON.stringify(form('987654321', 'RW77')), 'application/json'],
  ];
  for (const [body, contentType] of bodies) {
    const res = await post(body, contentType);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'OK');
  }
  assert.equal((await notice).nit, nitOf('D'));
  // The oversized form is turned away before the guard; the undecodable and the JSON one reach it as
  // malformed forms.
  assert.deepEqual(ignored, ['replay', 'unknown', 'malformed', 'malformed']);
});

test('once the creation call has answered, the wait is cut to the grace period', async () => {
  const timers: Array<{ fire: () => void; ms: number; cancelled: boolean }> = [];
  const guard = new AuthenticityGuard({
    merchantId: 'demo',
    timeoutMs: 20_000,
    graceMs: 500,
    schedule: (fire, ms) => {
      const timer = { fire, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  const late = guard.expect('666', 'RW6');
  guard.creationAnswered('666');
  assert.deepEqual(timers.map((timer) => [timer.ms, timer.cancelled]), [[20_000, true], [500, false]]);
  timers[1]!.fire();
  await assert.rejects(late, AuthenticityTimeout);
  assert.equal(guard.waiting, 0);

  const onTime = guard.expect('777', 'RW7');
  guard.creationAnswered('777');
  assert.equal(guard.deliver(form('777', 'RW7', nitOf('G'))), 'accepted');
  assert.equal((await onTime).nit, nitOf('G'));
  assert.equal(timers[3]!.cancelled, true);
  guard.creationAnswered('nobody'); // nothing waits: nothing happens
});
