import { test } from 'node:test';
import assert from 'node:assert/strict';
import express, { type ErrorRequestHandler } from 'express';
import { ApiFailure } from '../../../proxy/api-failure.ts';
import {
  InFlight,
  fingerprintRequest,
  readIdempotencyKey,
  requireIdempotencyKey,
} from '../../../proxy/hardening/idempotency.ts';
import { listen } from './listen.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

test('Idempotency-Key format: 8–128 characters of [A-Za-z0-9_-]', () => {
  const rows: Array<[string | undefined, string | undefined]> = [
    ['abcdEFGH', undefined],
    ['0b7c2f6e-1d5a-4c8e-9f3a-2b6d8e1c4a7f', undefined],
    ['A1_-b2c3', undefined],
    ['k'.repeat(128), undefined],
    [undefined, 'missing_idempotency_key'],
    ['', 'missing_idempotency_key'],
    ['abcdefg', 'invalid_request'],
    ['k'.repeat(129), 'invalid_request'],
    ['abcd efgh', 'invalid_request'],
    ['abcd+efgh/ij=', 'invalid_request'],
    ['abcdefgh, abcdefgh', 'invalid_request'],
    ['chavé-12345', 'invalid_request'],
  ];
  for (const [value, code] of rows) {
    if (code === undefined) {
      assert.equal(readIdempotencyKey(value), value);
      continue;
    }
    assert.throws(() => readIdempotencyKey(value), (error: unknown) => {
      assert.ok(error instanceof ApiFailure);
      assert.equal(error.code, code, String(value));
      assert.equal(error.httpStatus, 400);
      assert.equal(error.field, 'Idempotency-Key');
      assert.match(error.message, /^Idempotency-Key: /);
      if (value) assert.ok(!error.message.includes(value), 'the value is not echoed');
      return true;
    });
  }
});

test('20 concurrent calls with one key: fn runs once and all get the same value', async () => {
  const inFlight = new InFlight();
  const gate = deferred<{ status: string }>();
  let calls = 0;
  const fn = () => {
    calls += 1;
    return gate.promise;
  };
  const results = Array.from({ length: 20 }, () => inFlight.run('s1:key-0001', fn));
  assert.equal(inFlight.size, 1);
  gate.resolve({ status: 'CON' });
  const values = await Promise.all(results);
  assert.equal(calls, 1);
  for (const value of values) assert.equal(value, values[0]);
  assert.deepEqual(values[0], { status: 'CON' });
  assert.equal(inFlight.size, 0);
});

test('an error is shared by every caller of that run, including a synchronous throw', async () => {
  const inFlight = new InFlight();
  const failure = new Error('gateway down');
  const gate = deferred<never>();
  let calls = 0;
  const results = Array.from({ length: 20 }, () => inFlight.run('k', () => ((calls += 1), gate.promise)));
  gate.reject(failure);
  const outcomes = await Promise.allSettled(results);
  assert.equal(calls, 1);
  for (const outcome of outcomes) assert.deepEqual(outcome, { status: 'rejected', reason: failure });

  const thrown = new Error('bad input');
  const sync = [inFlight.run('k2', () => { throw thrown; }), inFlight.run('k2', () => Promise.resolve('second'))];
  for (const outcome of await Promise.allSettled(sync)) assert.deepEqual(outcome, { status: 'rejected', reason: thrown });
});

test('after a run settles the key is free: a later call runs again (finished results come from the journal)', async () => {
  const inFlight = new InFlight();
  let calls = 0;
  const fn = async () => (calls += 1);
  assert.equal(await inFlight.run('k', fn), 1);
  assert.equal(await inFlight.run('k', fn), 2);
  assert.deepEqual(await Promise.all([inFlight.run('a', fn), inFlight.run('b', fn)]), [3, 4]); // keys apart
});

test('a duplicate key with a different request fingerprint gets 409 conflict, not the other answer', async () => {
  const inFlight = new InFlight();
  const gate = deferred<string>();
  const first = inFlight.run('k', () => gate.promise, fingerprintRequest({ amountCents: 1500, dealerCode: '1' }, 'mk'));
  const same = inFlight.run('k', () => Promise.resolve('never'), fingerprintRequest({ dealerCode: '1', amountCents: 1500 }, 'mk'));
  const other = inFlight.run('k', () => Promise.resolve('never'), fingerprintRequest({ dealerCode: '1', amountCents: 3000 }, 'mk'));
  await assert.rejects(other, (error: unknown) => error instanceof ApiFailure && error.code === 'conflict' && error.httpStatus === 409);
  gate.resolve('done');
  assert.deepEqual(await Promise.all([first, same]), ['done', 'done']);
});

test('fingerprints do not contain the card number and depend on the key', () => {
  const body = { payment: { card: { number: '4111111111111111' } } };
  const print = fingerprintRequest(body, 'merchant-key');
  assert.ok(!print.includes('4111'));
  assert.notEqual(print, fingerprintRequest(body, 'another-key'));
  assert.equal(print, fingerprintRequest(JSON.parse(JSON.stringify(body)), 'merchant-key'));
});

test('a double click over HTTP: one gateway call, every request gets the same 200', async (t) => {
  const inFlight = new InFlight();
  let arrived = 0;
  let gatewayCalls = 0;
  const allArrived = deferred<void>();
  const app = express();
  app.post('/api/recharges/:id/recharge', requireIdempotencyKey, async (req, res) => {
    arrived += 1;
    if (arrived === 20) allArrived.resolve();
    const result = await inFlight.run(`${req.params.id}:${res.locals['idempotencyKey']}`, async () => {
      gatewayCalls += 1;
      await allArrived.promise; // the gateway answers only once every duplicate is waiting
      return { status: 'CON', receipt: { customer: 'ok', merchant: 'ok' } };
    });
    res.json(result);
  });
  const errors: ErrorRequestHandler = (error, _req, res, _next) => {
    if (!(error instanceof ApiFailure)) throw error;
    res.status(error.httpStatus).json(error.toBody());
  };
  app.use(errors);
  const server = await listen(app);
  t.after(() => server.close());
  const pay = (key?: string) =>
    fetch(`${server.url}/api/recharges/s1/recharge`, { method: 'POST', headers: key ? { 'idempotency-key': key } : {} });

  const responses = await Promise.all(Array.from({ length: 20 }, () => pay('click-7f3a9c01')));
  assert.equal(gatewayCalls, 1);
  const bodies = await Promise.all(responses.map((res) => res.text()));
  for (const [index, res] of responses.entries()) assert.equal(res.status, 200, bodies[index]);
  assert.equal(new Set(bodies).size, 1);

  const missing = await pay();
  assert.equal(missing.status, 400);
  assert.deepEqual(((await missing.json()) as { error: { code: string; field: string } }).error.field, 'Idempotency-Key');
});
