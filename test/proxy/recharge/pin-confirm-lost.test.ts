/**
 * A PIN sold unseen (issue 9, settlement.ts rule 5), through the real app against the sandbox: the
 * do answer with the PIN arrived, the confirm's answer was lost and the status query failed (202).
 * Carat did confirm, so the settled answer to the same Idempotency-Key carries the PIN the proxy
 * kept from the do answer (by the browser's retry or by recovery), never GET; after
 * RECEIPT_RETENTION_MS it is withheld and the journal file no longer holds it. Both stores.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import type { RechargeDeps } from '../../../proxy/recharge/recharge-deps.ts';
import { SessionFlows } from '../../../proxy/recharge/session-flows.ts';
import { createRecovery } from '../../../proxy/recovery/recovery-loop.ts';
import { createMemorySessionStore } from '../../../proxy/store/memory-session-store.ts';
import type { SessionStore } from '../../../proxy/store/session-store.ts';
import { createSqliteSessionStore, JOURNAL_FILE } from '../../../proxy/store/sqlite-session-store.ts';
import { assertNoSecretsReachedBrowser } from '../support/secrets.ts';
import { grantFor, newKey, startStack, type Stack } from '../support/stack.ts';

const RETENTION = 15 * 60_000;
const PIN = { dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 2000 };
const CONFIRM = { wrapper: 'confirm_recharge_request' };
const STATUS_QUERY = { method: 'GET', path: '/v3/recharge/' };
const PRINTED_PIN = /PIN: \d/;

const dataDir = mkdtempSync(join(tmpdir(), 'pin-confirm-lost-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const journalBytes = () => ['', '-wal'].map((suffix) => readFileSync(join(dataDir, JOURNAL_FILE + suffix)).toString('latin1')).join('');

for (const kind of ['memory', 'sqlite'] as const) {
  describe(`a PIN whose confirm answer was lost, Carat having confirmed (${kind} store)`, () => {
    let nowMs = Date.now();
    let stack: Stack;
    let store: SessionStore;
    let deps: RechargeDeps;
    let flows: SessionFlows;
    afterEach(async () => {
      assertNoSecretsReachedBrowser(stack, { flowRan: false });
      await stack.close();
      await store.close();
    });

    /** A PIN bought with its confirm taken by Carat but its answer lost, and the status query failing: 202. */
    async function pendingPin(): Promise<{ id: string; key: string; again: () => ReturnType<Stack['call']> }> {
      nowMs = Date.now();
      const now = () => nowMs;
      store = kind === 'memory'
        ? createMemorySessionStore({ now, receiptRetentionMs: RETENTION })
        : createSqliteSessionStore({ dataDir, startAfresh: true, now, receiptRetentionMs: RETENTION });
      flows = new SessionFlows();
      stack = await startStack({ auth: 'signature', caratTimeoutMs: 400, store, app: { now, flows, onRechargeDeps: (wired) => (deps = wired) } });
      const id = (await stack.call('POST', '/api/recharges', { type: 'others', grant: grantFor('others') })).body.id as string;
      assert.equal((await stack.call('POST', `/api/recharges/${id}/branches`, { dealerCode: PIN.dealerCode, typeCode: PIN.typeCode, branchCode: PIN.branchCode })).status, 200);
      stack.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: 2000 }, CONFIRM);
      stack.sandbox.faults.next({ kind: 'http-error', status: 503, effect: 'before' }, STATUS_QUERY);
      const key = newKey();
      const first = await stack.call('POST', `/api/recharges/${id}/recharge`, PIN, { 'Idempotency-Key': key });
      assert.equal(first.status, 202, first.text);
      assert.doesNotMatch(first.text, PRINTED_PIN);
      assert.equal((await stack.sandbox.transaction(await stack.nitOf(id)))?.status, 'CON', 'Carat confirmed');
      return { id, key, again: () => stack.call('POST', `/api/recharges/${id}/recharge`, PIN, { 'Idempotency-Key': key }) };
    }

    test('the retry of the same key gets CON with the PIN; GET and another key never do', async () => {
      const { id, again } = await pendingPin();
      const final = await again();
      assert.equal(final.status, 200, final.text);
      assert.equal(final.body.status, 'CON');
      assert.match(final.body.receipt.customer, PRINTED_PIN, 'the PIN the do answer carried');
      assert.equal(final.body.message, undefined);
      assert.deepEqual((await again()).body, final.body, 'replayed while within the retention');
      const view = await stack.call('GET', `/api/recharges/${id}`);
      assert.equal(view.body.settled, true);
      assert.equal(view.body.result.status, 'CON');
      assert.doesNotMatch(view.text, PRINTED_PIN);
      const other = await stack.call('POST', `/api/recharges/${id}/recharge`, PIN, { 'Idempotency-Key': newKey() });
      assert.equal(other.status, 409, other.text);
      assert.doesNotMatch(other.text, PRINTED_PIN);
      assert.equal(stack.caratCalls().filter((call) => call.endsWith('do_recharge_request')).length, 1);
    });

    test('settled by recovery while the shopper is away: the same key then gets the PIN', async () => {
      const { again } = await pendingPin();
      const recovery = createRecovery({ deps, flows });
      assert.deepEqual((await recovery.runOnce()).outcomes, ['already settled']);
      await recovery.stop();
      const final = await again();
      assert.equal(final.status, 200, final.text);
      assert.match(final.body.receipt.customer, PRINTED_PIN);
    });

    test('settled after RECEIPT_RETENTION_MS: CON without the PIN, saying why, and the journal holds no PIN', async () => {
      const { again } = await pendingPin();
      nowMs += RETENTION + 1;
      const final = await again();
      assert.equal(final.status, 200, final.text);
      assert.equal(final.body.status, 'CON');
      assert.equal(final.body.receiptWithheld, true);
      assert.match(final.body.message, /RECEIPT_RETENTION_MS/);
      assert.doesNotMatch(final.text, PRINTED_PIN);
      if (kind === 'sqlite') assert.doesNotMatch(journalBytes(), PRINTED_PIN, 'the journal file holds no PIN');
    });

    test('a settled answer with the PIN is withheld once RECEIPT_RETENTION_MS has passed', async () => {
      const { again } = await pendingPin();
      assert.match((await again()).body.receipt.customer, PRINTED_PIN);
      nowMs += RETENTION + 1;
      assert.equal(await store.withholdReceipts(new Date(nowMs - RETENTION)) >= 1, true);
      const late = await again();
      assert.equal(late.body.receiptWithheld, true);
      assert.doesNotMatch(late.text, PRINTED_PIN);
      if (kind === 'sqlite') assert.doesNotMatch(journalBytes(), PRINTED_PIN, 'the journal file holds no PIN');
    });
  });
}
