/**
 * The proxy's logs over whole flows with a card, in both authentication modes, against the sandbox:
 * one JSON line per request with its request id, and none of the card number, security code,
 * merchant key, NIT (read from the sandbox's transactions()), private key or JWT anywhere in them —
 * including an approved and a denied card, a forged authenticity notice, a gateway failure and an
 * unexpected error that carries the session record (and so its NIT) as its cause.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import { createMemorySessionStore } from '../../../proxy/store/memory-session-store.ts';
import type { SessionStore } from '../../../proxy/store/session-store.ts';
import { waitForLogLines } from '../support/log-lines.ts';
import { newKey, startStack, TEST_MERCHANT, type BrowserResponse, type Stack } from '../support/stack.ts';

const APPROVED = { number: '4111111111111111', expiry: '11/38', securityCode: '739' };
const DENIED = { number: '4000000000000002', expiry: '11/38', securityCode: '739' };
const FORGED_NIT = 'F0'.repeat(32);
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

/** A memory store whose session reads can be made to fail the way a broken database would, record attached. */
function storeFailingOnDemand(): { store: SessionStore; failNextRead(): void } {
  const inner = createMemorySessionStore();
  let failNext = false;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'get' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return async (id: string) => {
        const record = await inner.get(id);
        if (!failNext) return record;
        failNext = false;
        throw new Error(`session read failed for ${record?.nit}`, { cause: { record } });
      };
    },
  });
  return { store, failNextRead: () => void (failNext = true) };
}

async function flowsWithCards(auth: 'signature' | 'authenticity') {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', secrets: [TEST_MERCHANT.key], destination: { write: (line: string) => void lines.push(line) } });
  const { store, failNextRead } = storeFailingOnDemand();
  const stack: Stack = await startStack({ auth, caratTimeoutMs: 2000, app: { logger, store } });
  const sessionIds: string[] = [];
  const responses: BrowserResponse[] = [];
  const call = async (...args: Parameters<Stack['call']>) => {
    const response = await stack.call(...args);
    responses.push(response);
    return response;
  };
  const topUp = async (card: typeof APPROVED, fault?: () => void) => {
    const created = await call('POST', '/api/recharges', { type: 'normal' });
    assert.equal(created.status, 201, created.text);
    sessionIds.push(created.body.id);
    assert.equal((await call('POST', `/api/recharges/${created.body.id}/branches`, { dealerCode: '003', ddd: '21' })).status, 200);
    fault?.();
    const body = { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500, payment: { card, installments: 1 } };
    return call('POST', `/api/recharges/${created.body.id}/recharge`, body, { 'Idempotency-Key': newKey() });
  };
  try {
    assert.equal((await topUp(APPROVED)).body.status, 'CON');
    assert.equal((await topUp(DENIED)).body.status, 'NEG');
    const undone = await topUp(APPROVED, () => stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'after' }, { wrapper: 'do_recharge_request' }));
    assert.ok(undone.status < 500 || undone.status === 502 || undone.status === 504, undone.text);
    failNextRead();
    const broken = await call('GET', `/api/recharges/${sessionIds[0]}`);
    assert.equal(broken.status, 500);
    assert.deepEqual(broken.body.error.code, 'internal');
    if (auth === 'authenticity') {
      const form = new URLSearchParams({ nit: FORGED_NIT, merchantId: TEST_MERCHANT.id, orderId: 'RW1', merchantUSN: '1', generalHash: '' });
      await fetch(`${stack.proxyUrl}/carat/authenticity`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    }
    const nits = stack.sandbox.transactions().map((transaction) => transaction.nit);
    const summarised = () => {
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      return responses.every((response) => records.some((record) => record['reqId'] === response.headers.get('x-request-id') && typeof record['status'] === 'number'));
    };
    await waitForLogLines(summarised, 'every request of the flow');
    return { lines, nits, sessionIds, responses, privateKey: stack.privateKey };
  } finally {
    await stack.close();
  }
}

for (const auth of ['signature', 'authenticity'] as const) {
  describe(`logs of card top-ups (${auth} mode)`, () => {
    test('one JSON line per request, with its request id, path, status and no query string', async () => {
      const { lines, responses } = await flowsWithCards(auth);
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const response of responses) {
        const requestId = response.headers.get('x-request-id');
        const summary = records.find((record) => record['reqId'] === requestId && typeof record['status'] === 'number');
        assert.ok(summary, `a summary line for request ${requestId}`);
        assert.equal(summary['status'], response.status);
        assert.match(String(summary['path']), /^\/api\/recharges/);
      }
      const failure = records.find((record) => record['msg'] === 'unexpected error');
      assert.ok(failure, 'the unexpected error is logged for us, with its message');
      assert.match(JSON.stringify(failure['err']), /session read failed/);
      if (auth === 'authenticity') assert.ok(records.some((record) => record['msg'] === 'authenticity notice ignored' && record['reason'] === 'unknown'));
    });

    test('no card number, security code, merchant key, NIT, private key or JWT in any line', async () => {
      const { lines, nits, sessionIds, privateKey } = await flowsWithCards(auth);
      assert.equal(nits.length, 3);
      const secrets = [APPROVED.number, DENIED.number, TEST_MERCHANT.key, ...nits, FORGED_NIT];
      if (privateKey) secrets.push(...privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().split('\n').slice(2, 5));
      for (const line of lines) {
        for (const secret of secrets) assert.ok(!line.includes(secret), `a log line carried a secret (${secret.slice(0, 6)}…): ${line.slice(0, 200)}`);
        assert.doesNotMatch(line, JWT_SHAPE);
        // The security code is three digits: look for it only where no random id, time or duration could hold it.
        const { time: _time, reqId: _reqId, durationMs: _durationMs, pid: _pid, ...rest } = JSON.parse(line) as Record<string, unknown>;
        let text = JSON.stringify(rest);
        for (const id of sessionIds) text = text.replaceAll(id, '');
        assert.doesNotMatch(text, new RegExp(`(?<!\\d)${APPROVED.securityCode}(?!\\d)`), `the security code in: ${line.slice(0, 200)}`);
      }
    });
  });
}
