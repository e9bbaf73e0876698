/**
 * One answer per Idempotency-Key on the recharge route: concurrent duplicates (a double click)
 * cause one do-recharge and all get the same answer; a replay, also after a restart on the same
 * journal, gets the first answer without any gateway call.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createApp } from '../../../proxy/app.ts';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import { createSqliteSessionStore } from '../../../proxy/store/sqlite-session-store.ts';
import { listenOnFreePort } from '../support/free-port.ts';
import { grantFor, newKey, startStack, TEST_MERCHANT } from '../support/stack.ts';

const TOP_UP = { dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000 };
const doCalls = (calls: string[]) => calls.filter((call) => call.endsWith('do_recharge_request')).length;

const dataDir = mkdtempSync(join(tmpdir(), 'idempotency-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('Idempotency-Key on the recharge route', () => {
  test('concurrent duplicates cause one do-recharge, and each gets the same answer', async () => {
    const stack = await startStack({ auth: 'signature' });
    try {
      const id = (await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') })).body.id;
      const key = newKey();
      const answers = await Promise.all(Array.from({ length: 5 }, () =>
        stack.call('POST', `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key })));
      for (const answer of answers) {
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(answer.body, answers[0]!.body);
      }
      assert.equal(answers[0]!.body.status, 'CON');
      assert.equal(doCalls(stack.caratCalls()), 1);
    } finally {
      await stack.close();
    }
  });

  test('a replay after a restart on the same journal gets the first answer without a gateway call', async () => {
    const firstStore = createSqliteSessionStore({ dataDir });
    const stack = await startStack({ auth: 'signature', store: firstStore });
    const id = (await stack.call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') })).body.id;
    const key = newKey();
    const first = await stack.call('POST', `/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
    assert.equal(first.body.status, 'CON', first.text);
    await firstStore.close();

    // A new process in all but name: a fresh app and store over the same DATA_DIR.
    const restartedStore = createSqliteSessionStore({ dataDir });
    const restarted = await listenOnFreePort(createApp({
      config: {
        caratRechargeUrl: stack.caratUrl, merchantId: TEST_MERCHANT.id, merchantKey: TEST_MERCHANT.key,
        auth: 'signature', privateKey: stack.privateKey!, caratTimeoutMs: 5000, allowedOrigins: [],
      },
      store: restartedStore,
      logger: createLogger({ level: 'silent' }),
    }));
    try {
      const callsBefore = stack.caratCalls().length;
      const replayed = await fetch(`${restarted.url}/api/recharges/${id}/recharge`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': key }, body: JSON.stringify(TOP_UP),
      });
      assert.equal(replayed.status, 200);
      assert.deepEqual(await replayed.json(), first.body);
      assert.equal(stack.caratCalls().length, callsBefore);

      // A new attempt on the finished session is refused as such, not re-sent to Carat.
      const another = await fetch(`${restarted.url}/api/recharges/${id}/recharge`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': newKey() }, body: JSON.stringify(TOP_UP),
      });
      assert.equal(another.status, 409);
      assert.equal(doCalls(stack.caratCalls()), 1);
    } finally {
      await restarted.close();
      await restartedStore.close();
      await stack.close();
    }
  });
});
