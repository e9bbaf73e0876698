/**
 * Recovery, unit level (in-memory store, sandbox in process): a recharge whose money call lost its
 * answer is settled by the journaled intent, and the retry of that very attempt gets the final
 * answer without another gateway call.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { createApp } from '../../../proxy/app.ts';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import type { RechargeDeps } from '../../../proxy/recharge/recharge-deps.ts';
import { SessionFlows } from '../../../proxy/recharge/session-flows.ts';
import { createRecovery, type Recovery } from '../../../proxy/recovery/recovery-loop.ts';
import type { SessionRecord } from '../../../proxy/store/session-store.ts';
import { newKey, startStack, TEST_MERCHANT, type Stack } from '../support/stack.ts';

const DO = { wrapper: 'do_recharge_request' };
const CONFIRM = { wrapper: 'confirm_recharge_request' };
/** The status query: a GET on /v3/recharge/{nit}/. */
const STATUS_QUERY = { method: 'GET', path: '/v3/recharge/' };
const TOP_UP = { dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000 };
const WITH_CARD = { ...TOP_UP, payment: { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123' }, installments: 1 } };

describe('recovery of unsettled recharges', () => {
  let stack: Stack;
  let deps: RechargeDeps;
  let flows: SessionFlows;
  let recovery: Recovery;
  afterEach(async () => {
    await recovery.stop();
    await stack.close();
  });

  let logLines: string[];

  /** `now`: one clock for the proxy and the sandbox, for the tests that move time on. */
  async function start(now?: () => number): Promise<string> {
    flows = new SessionFlows();
    logLines = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
    // A short gateway timeout, so a hanging sandbox answer counts as lost quickly.
    stack = await startStack({
      auth: 'signature', caratTimeoutMs: 400, ...(now ? { sandbox: { now } } : {}),
      app: { flows, logger, onRechargeDeps: (wired) => (deps = wired), ...(now ? { now } : {}) },
    });
    recovery = createRecovery({ deps, flows });
    const created = await stack.call('POST', '/api/recharges', { type: 'normal' });
    assert.equal(created.status, 201, created.text);
    return created.body.id;
  }
  const recharge = (id: string, key: string, body: object = WITH_CARD) => stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key });
  const caratStatusOf = async (id: string) => stack.sandbox.transaction(await stack.nitOf(id))?.status;
  const unsettledIds = async () => (await stack.store.listUnsettled()).map((session) => session.id);

  test('the intent of each money call, with the attempt\'s key, is in the journal before the call is sent', async () => {
    const id = await start();
    const key = newKey();
    const journaledAtSend: string[] = [];
    const { carat } = deps;
    const lastStep = async () => {
      const step = (await stack.store.get(id))!.steps.at(-1)!;
      journaledAtSend.push(`${step.step} ${step.outcome} ${step.idempotencyKey === key ? 'with key' : 'no key'}`);
    };
    // Seen from Carat's side: what the journal holds at the moment each money call goes out.
    deps.carat = {
      ...carat,
      doRecharge: async (nit, request) => (await lastStep(), carat.doRecharge(nit, request)),
      confirmRecharge: async (nit, options) => (await lastStep(), carat.confirmRecharge(nit, options)),
    };
    const done = await recharge(id, key);
    assert.equal(done.body.status, 'CON', done.text);
    assert.deepEqual(journaledAtSend, ['do pending with key', 'confirm pending with key']);
  });

  test('a do that took effect while every answer was lost is undone, and that attempt\'s retry gets the answer', async () => {
    const id = await start();
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 5000 }, DO);
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    const key = newKey();
    const lost = await recharge(id, key);
    assert.equal(lost.status, 202, lost.text);
    assert.deepEqual(lost.body, { status: 'pending', id, retryAfterMs: lost.body.retryAfterMs });
    assert.equal(await caratStatusOf(id), 'PPC');
    assert.deepEqual(await unsettledIds(), [id]);

    // Carat still unreachable: nothing is decided, the session waits for the next pass.
    stack.sandbox.faults.always({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    assert.deepEqual((await recovery.runOnce()).outcomes, ['unresolved']);
    assert.equal(await caratStatusOf(id), 'PPC');
    stack.sandbox.faults.clear();

    assert.deepEqual((await recovery.runOnce()).outcomes, ['undone']);
    assert.equal(await caratStatusOf(id), 'PPN');
    assert.deepEqual(await unsettledIds(), []);

    const callsBefore = stack.caratCalls().length;
    const retried = await recharge(id, key);
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.body.status, 'PPN');
    assert.match(retried.body.message, /undone/);
    assert.equal(retried.body.payment.status, 'PPN');
    assert.equal(stack.caratCalls().length, callsBefore, 'the answer came from the journal');
  });

  test('a confirmation whose answer was lost is sent again, so the shopper gets the top-up', async () => {
    const id = await start();
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, CONFIRM);
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    const key = newKey();
    const lost = await recharge(id, key);
    assert.equal(lost.status, 202, lost.text);
    assert.equal(await caratStatusOf(id), 'PPC');

    assert.deepEqual((await recovery.runOnce()).outcomes, ['confirmed']);
    assert.equal(await caratStatusOf(id), 'CON');
    const retried = await recharge(id, key);
    assert.equal(retried.body.status, 'CON', retried.text);
    assert.match(retried.body.receipt.customer, /\S/, 'a receipt from the status query');
    assert.equal((await stack.call('GET', `/api/recharges/${id}`)).body.status, 'CON');
  });

  test('a retry of the lost attempt settles it on the spot, without waiting for a pass', async () => {
    const id = await start();
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 5000 }, DO);
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    const key = newKey();
    assert.equal((await recharge(id, key)).status, 202);
    const retried = await recharge(id, key);
    assert.equal(retried.body.status, 'PPN', retried.text);
    assert.equal(await caratStatusOf(id), 'PPN');
    // Only one do-recharge ever went out.
    assert.equal(stack.caratCalls().filter((call) => call.endsWith('do_recharge_request')).length, 1);
  });

  test('a lost do that Carat still reports NOV stays pending (it may yet be processed): never re-sent, and queried with backoff', async () => {
    const id = await start();
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'before', delayMs: 5000 }, DO);
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    const key = newKey();
    assert.equal((await recharge(id, key)).status, 202);
    assert.equal(await caratStatusOf(id), 'NOV');

    assert.deepEqual((await recovery.runOnce()).outcomes, ['unresolved']);
    assert.deepEqual(await unsettledIds(), [id]);
    // Carat said NOV a moment ago: the next query waits for the backoff, so a retry is answered from the journal.
    const queries = stack.caratCalls().filter((call) => call.startsWith('GET /e-sitef/v3/recharge/')).length;
    const retried = await recharge(id, key);
    assert.equal(retried.status, 202, retried.text);
    assert.equal(stack.caratCalls().filter((call) => call.startsWith('GET /e-sitef/v3/recharge/')).length, queries);
    assert.equal(stack.caratCalls().filter((call) => call.endsWith('do_recharge_request')).length, 1, 'the do is never re-sent');
    const session = await stack.call('GET', `/api/recharges/${id}`);
    assert.equal(session.body.settled, false);
    assert.equal(session.body.result, undefined);
  });

  test('the periodic passes settle what went unsettled after the start', async () => {
    const id = await start();
    let reported!: (outcomes: string[]) => void;
    const firstReport = new Promise<string[]>((resolve) => (reported = resolve));
    recovery = createRecovery({ deps, flows, onPass: ({ outcomes }) => reported(outcomes) });
    assert.deepEqual((await recovery.start(20)).outcomes, [], 'nothing to settle at start');

    stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 5000 }, DO);
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    assert.equal((await recharge(id, newKey())).status, 202);
    assert.deepEqual(await firstReport, ['undone']);
    assert.equal(await caratStatusOf(id), 'PPN');
  });

  test('a session a browser flow holds is left to that flow, and recovered once it lets go', async () => {
    const id = await start();
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 5000 }, DO);
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    assert.equal((await recharge(id, newKey())).status, 202);

    let release!: () => void;
    const held = flows.attempt(id, newKey(), () => new Promise<void>((resolve) => (release = resolve)));
    assert.deepEqual((await recovery.runOnce()).outcomes, []);
    assert.equal(await caratStatusOf(id), 'PPC');
    release();
    await held;
    assert.deepEqual((await recovery.runOnce()).outcomes, ['undone']);
    assert.equal(await caratStatusOf(id), 'PPN');
  });

  describe('a session whose NIT Carat does not know (a forgotten sandbox run, a lost journal restored elsewhere)', () => {
    const UNKNOWN_NIT = 'Z'.repeat(64);
    const HOUR_MS = 3_600_000;
    /** A session an earlier run left with a do whose answer never came, `ageMs` ago, under a NIT this sandbox never issued. */
    async function leftOver(ageMs: number): Promise<string> {
      const id = `left-over-${ageMs}`;
      const createdAt = new Date(Date.now() - ageMs).toISOString();
      const record: SessionRecord = {
        id, type: 'normal', nit: UNKNOWN_NIT, status: 'NOV', createdAt, generalHash: '0000000000000000', dealers: [], branchData: {},
        steps: [{ step: 'do', outcome: 'pending', idempotencyKey: 'attempt-left-over', at: createdAt }],
      };
      await stack.store.put(record);
      return id;
    }
    const statusQueries = () => stack.caratCalls().filter((call) => call.startsWith('GET /e-sitef/v3/recharge/')).length;
    const logged = (level: string) => logLines.map((line) => JSON.parse(line)).filter((line) => line.level === level);
    const DAY_MS = 24 * HOUR_MS;

    test('refused for a day, counted from the first refusal, while our own calls work: given up once, with an error naming the session, never queried again', async () => {
      let nowMs = Date.now();
      await start(() => nowMs);
      const id = await leftOver(25 * HOUR_MS);
      // Old as the session is, the first refusal starts the count.
      assert.deepEqual((await recovery.runOnce()).outcomes, ['unresolved']);
      nowMs += DAY_MS;
      assert.deepEqual((await recovery.runOnce()).outcomes, ['abandoned']);
      assert.deepEqual(await unsettledIds(), []);
      assert.ok((await stack.store.get(id))!.abandonedAt, 'marked abandoned in the journal');

      const queried = statusQueries();
      assert.deepEqual((await recovery.runOnce()).outcomes, []);
      assert.equal(statusQueries(), queried, 'no further status query');
      const errors = logged('error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0].sessionId, id);
      assert.match(errors[0].msg, /does not know/);
      assert.ok(!logLines.join('').includes(UNKNOWN_NIT));
    });

    test('refused for less than the bound since the first refusal: left unsettled however old the session', async () => {
      let nowMs = Date.now();
      await start(() => nowMs);
      const id = await leftOver(48 * HOUR_MS);
      assert.deepEqual((await recovery.runOnce()).outcomes, ['unresolved']);
      nowMs += DAY_MS - 1;
      assert.deepEqual((await recovery.runOnce()).outcomes, ['unresolved']);
      assert.deepEqual(await unsettledIds(), [id]);
      assert.equal((await stack.store.get(id))!.abandonedAt, undefined);
      assert.deepEqual(logged('error'), []);
    });

    test('old, but Carat gave no answer of its own (503): nothing is known of the NIT, so it stays unsettled', async () => {
      await start();
      const id = await leftOver(48 * HOUR_MS);
      stack.sandbox.faults.always({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
      assert.deepEqual((await recovery.runOnce()).outcomes, ['unresolved']);
      assert.deepEqual(await unsettledIds(), [id]);
    });
  });

  test('a wrong merchant key during recovery (Carat refuses every call for a day): nothing is given up, and the right key settles it', async () => {
    // The mistaken proxy's clock moves on; the sandbox keeps real time, so the PPC does not expire meanwhile.
    let nowMs = Date.now();
    const id = await start();
    stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 5000 }, DO);
    stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
    assert.equal((await recharge(id, newKey())).status, 202);
    assert.equal(await caratStatusOf(id), 'PPC');

    // The proxy restarted with a mistyped CARAT_MERCHANT_KEY, on the same journal.
    let wrongDeps!: RechargeDeps;
    createApp({
      config: {
        caratRechargeUrl: stack.caratUrl, merchantId: TEST_MERCHANT.id, merchantKey: 'MISTYPEDKEY0000000000000000000000',
        auth: 'signature', privateKey: stack.privateKey!, caratTimeoutMs: 400, allowedOrigins: [],
      },
      store: stack.store, now: () => nowMs, logger: createLogger({ level: 'silent' }), onRechargeDeps: (wired) => (wrongDeps = wired),
    });
    const mistaken = createRecovery({ deps: wrongDeps, flows });
    assert.deepEqual((await mistaken.runOnce()).outcomes, ['unresolved']);
    nowMs += 2 * 24 * 3_600_000;
    assert.deepEqual((await mistaken.runOnce()).outcomes, ['unresolved']);
    assert.deepEqual((await mistaken.runOnce()).outcomes, ['unresolved']);
    assert.deepEqual(await unsettledIds(), [id], 'nothing given up');
    assert.equal((await stack.store.get(id))!.abandonedAt, undefined);

    // The key fixed: the NIT is known after all, and the lost do is undone.
    assert.deepEqual((await recovery.runOnce()).outcomes, ['undone']);
    assert.equal(await caratStatusOf(id), 'PPN');
  });
});
