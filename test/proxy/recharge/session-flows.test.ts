/**
 * One flow per session: a duplicate attempt joins the running one (422 when its request differs),
 * another attempt is refused (409), an attempt waits for recovery on its session, and recovery never waits for an attempt.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiFailure } from '../../../proxy/api-failure.ts';
import { SessionFlows } from '../../../proxy/recharge/session-flows.ts';

function gate<T>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe('SessionFlows', () => {
  test('a duplicate of the running attempt joins it: one run, the same answer', async () => {
    const flows = new SessionFlows();
    const answer = gate<string>();
    let runs = 0;
    const work = () => (runs++, answer.promise);
    const first = flows.attempt('s1', 'key-aaaaaaaa', work);
    const duplicate = flows.attempt('s1', 'key-aaaaaaaa', work);
    answer.open('CON');
    assert.deepEqual(await Promise.all([first, duplicate]), ['CON', 'CON']);
    assert.equal(runs, 1);
    assert.equal(flows.size, 0);
  });

  test('a duplicate of the running attempt with another request is refused with 422 and does not join it', async () => {
    const flows = new SessionFlows();
    const answer = gate<string>();
    let runs = 0;
    const first = flows.attempt('s1', 'key-aaaaaaaa', () => (runs++, answer.promise), 'hash-of-first');
    await assert.rejects(flows.attempt('s1', 'key-aaaaaaaa', async () => (runs++, 'other'), 'hash-of-other'), (error: unknown) =>
      error instanceof ApiFailure && error.httpStatus === 422 && error.field === 'Idempotency-Key');
    const same = flows.attempt('s1', 'key-aaaaaaaa', async () => (runs++, 'same'), 'hash-of-first');
    answer.open('CON');
    assert.deepEqual(await Promise.all([first, same]), ['CON', 'CON']);
    assert.equal(runs, 1);
  });

  test('another attempt on a busy session is refused with 409; other sessions are not affected', async () => {
    const flows = new SessionFlows();
    const answer = gate<string>();
    const first = flows.attempt('s1', 'key-aaaaaaaa', () => answer.promise);
    await assert.rejects(flows.attempt('s1', 'key-bbbbbbbb', async () => 'second'), (error: unknown) =>
      error instanceof ApiFailure && error.httpStatus === 409);
    assert.equal(await flows.attempt('s2', 'key-bbbbbbbb', async () => 'other session'), 'other session');
    answer.open('CON');
    assert.equal(await first, 'CON');
  });

  test('an attempt waits for recovery on its session, then runs', async () => {
    const flows = new SessionFlows();
    const recovered = gate<string>();
    const order: string[] = [];
    const recovery = flows.recover('s1', async () => {
      const outcome = await recovered.promise;
      order.push('recovery');
      return outcome;
    });
    const attempt = flows.attempt('s1', 'key-aaaaaaaa', async () => (order.push('attempt'), 'CON'));
    recovered.open('undone');
    assert.equal(await recovery, 'undone');
    assert.equal(await attempt, 'CON');
    assert.deepEqual(order, ['recovery', 'attempt']);
  });

  test('recovery skips a session an attempt holds, and drain waits for every flow', async () => {
    const flows = new SessionFlows();
    const answer = gate<string>();
    const attempt = flows.attempt('s1', 'key-aaaaaaaa', () => answer.promise);
    let ran = false;
    assert.equal(await flows.recover('s1', async () => (ran = true)), undefined);
    assert.equal(ran, false);
    let drained = false;
    const draining = flows.drain().then(() => (drained = true));
    await Promise.resolve();
    assert.equal(drained, false);
    answer.open('CON');
    await draining;
    assert.equal(await attempt, 'CON');
  });
});
