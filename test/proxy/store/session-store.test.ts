/**
 * The store contract: every store keeps the same promises (the SQLite journal is the default, the
 * PostgreSQL store serves several processes, the memory store unit tests): copies out, atomic
 * updates, first answer per Idempotency-Key (with its request's hash), single-use grants, and the list of sessions recovery
 * must resolve. The durable stores keep them between processes too (a second handle on the same
 * data), and the SQLite journal keeps all of it across a reopen.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { needsRecovery } from '../../../proxy/store/journal.ts';
import type { SessionRecord, StepOutcome } from '../../../proxy/store/session-store.ts';
import { createSqliteSessionStore, JOURNAL_FILE, SANDBOX_JOURNAL_FILE } from '../../../proxy/store/sqlite-session-store.ts';
import { storeKinds } from '../support/store-kinds.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const at = '2026-01-01T00:00:00.000Z';
const step = (name: StepOutcome['step'], outcome: StepOutcome['outcome'], caratStatus?: string): StepOutcome =>
  ({ step: name, outcome, at, ...(caratStatus ? { caratStatus } : {}) });

function session(id: string, status: SessionRecord['status'], steps: StepOutcome[] = []): SessionRecord {
  return { id, type: 'normal', nit: `NIT${id}`, status, createdAt: at, generalHash: '0000000000000000', dealers: [{ code: '001', name: 'Vivo' }], branchData: {}, steps };
}

for (const { name, open } of storeKinds()) {
  const makeStore = async () => (await open()).store;
  describe(`${name} session store`, () => {
    test('hands out copies: changing a returned record changes nothing stored', async () => {
      const store = await makeStore();
      const record = session('a', 'NOV');
      await store.put(record);
      record.status = 'CON';
      const read = (await store.get('a'))!;
      read.dealers.push({ code: '999' });
      assert.deepEqual(await store.get('a'), session('a', 'NOV'));
      assert.equal(await store.get('missing'), undefined);
      await store.close();
    });

    test('update applies a change and refuses an unknown session', async () => {
      const store = await makeStore();
      await store.put(session('a', 'NOV'));
      const next = await store.update('a', (record) => ({ ...record, status: 'PPC', steps: [...record.steps, step('do', 'ok', 'PPC')] }));
      assert.equal(next.status, 'PPC');
      assert.deepEqual((await store.get('a'))!.steps, [step('do', 'ok', 'PPC')]);
      await assert.rejects(store.update('missing', (record) => record), /unknown session/);
      await store.close();
    });

    test('keeps the first answer per session and Idempotency-Key', async () => {
      const store = await makeStore();
      await store.putResult('a', 'key-00001', { httpStatus: 200, body: { status: 'CON' } });
      await store.putResult('a', 'key-00001', { httpStatus: 200, body: { status: 'PPN' } });
      assert.deepEqual(await store.getResult('a', 'key-00001'), { httpStatus: 200, body: { status: 'CON' } });
      assert.equal(await store.getResult('b', 'key-00001'), undefined, 'another session never gets it');
      assert.equal(await store.getResult('a', 'key-00002'), undefined);
      await store.close();
    });

    test('keeps an answer\'s request hash with it; an answer stored without one comes back without one', async () => {
      const store = await makeStore();
      await store.put({ ...session('a', 'CON'), type: 'others' });
      await store.putResult('a', 'key-00001', { httpStatus: 200, body: { status: 'CON' }, requestHash: 'f'.repeat(64) });
      await store.putResult('a', 'key-00001', { httpStatus: 200, body: { status: 'CON' }, requestHash: '0'.repeat(64) });
      await store.putResult('a', 'key-00002', { httpStatus: 200, body: { status: 'NEG' } });
      assert.deepEqual(await store.getResult('a', 'key-00001'), { httpStatus: 200, body: { status: 'CON' }, requestHash: 'f'.repeat(64) });
      assert.deepEqual(await store.getResult('a', 'key-00002'), { httpStatus: 200, body: { status: 'NEG' } });
      // Past the receipt retention too: the PIN's receipts go, the hash stays.
      await store.withholdReceipts(new Date(Date.now() + 60_000));
      assert.equal((await store.getResult('a', 'key-00001'))?.requestHash, 'f'.repeat(64));
      await store.close();
    });

    test('lists the sessions recovery must resolve, and only those', async () => {
      const store = await makeStore();
      const rows: Array<[SessionRecord, boolean]> = [
        [session('new', 'NOV', [step('create', 'ok', 'NOV')]), false],
        [session('ppc', 'PPC', [step('do', 'pending'), step('do', 'ok', 'PPC')]), true],
        [session('do-sent', 'NOV', [step('do', 'pending')]), true],
        [session('do-lost', 'NOV', [step('do', 'pending'), step('do', 'unknown'), step('status', 'unknown')]), true],
        // NOV after a lost do is not final: Carat may still process it (settlement.ts, rule 3).
        [session('do-checked-new', 'NOV', [step('do', 'pending'), step('do', 'unknown'), step('status', 'ok', 'NOV')]), true],
        [session('do-checked', 'EXP', [step('do', 'pending'), step('do', 'unknown'), step('status', 'ok', 'EXP')]), false],
        [session('confirm-sent', 'PPC', [step('do', 'ok', 'PPC'), step('confirm', 'pending')]), true],
        [session('confirmed', 'CON', [step('do', 'ok', 'PPC'), step('confirm', 'pending'), step('confirm', 'ok', 'CON')]), false],
        [session('undo-lost', 'PPC', [step('undo', 'pending'), step('undo', 'unknown')]), true],
        [session('denied', 'NEG', [step('do', 'pending'), step('do', 'refused', 'NEG')]), false],
        [{ ...session('abandoned', 'PPC', [step('do', 'pending'), step('status', 'refused')]), abandonedAt: at }, false],
      ];
      for (const [record] of rows) await store.put(record);
      const listed = (await store.listUnsettled()).map((record) => record.id).sort();
      const expected = rows.filter(([, unsettled]) => unsettled).map(([record]) => record.id).sort();
      assert.deepEqual(listed, expected);
      for (const [record, unsettled] of rows) assert.equal(needsRecovery(record), unsettled, record.id);

      // Settling one takes it off the list.
      await store.update('do-sent', (record) => ({ ...record, steps: [...record.steps, step('do', 'refused')] }));
      assert.ok(!(await store.listUnsettled()).some((record) => record.id === 'do-sent'));
      await store.close();
    });

    test('an order grant is claimed once; its mark goes with forgetSettled once expired', async () => {
      const store = await makeStore();
      const expiresAt = '2026-01-01T00:10:00.000Z';
      assert.equal(await store.claimGrant('jti-1', 'a', expiresAt), true);
      assert.equal(await store.claimGrant('jti-1', 'b', expiresAt), false, 'by any session');
      assert.equal(await store.claimGrant('jti-2', 'b', expiresAt), true);
      await store.forgetSettled(new Date('2026-01-01T00:09:59.999Z'));
      assert.equal(await store.claimGrant('jti-1', 'c', expiresAt), false, 'not expired yet: still used');
      await store.forgetSettled(new Date('2026-01-01T00:10:00.001Z'));
      assert.equal(await store.claimGrant('jti-1', 'c', expiresAt), true, 'past its exp the grant is refused anyway: the mark may go');
      await store.close();
    });

    test('forgetSettled keeps a session flagged for attention (ops attention lists it until a person is done)', async () => {
      const store = await makeStore();
      await store.put(session('flagged', 'PPN', [step('do', 'ok', 'PPN')]));
      await store.update('flagged', (record) => ({ ...record, attention: { reason: 'payment confirmed, recharge undone', at } }));
      await store.put(session('plain', 'CON', [step('confirm', 'ok', 'CON')]));
      await store.forgetSettled(new Date(Date.now() + 60_000));
      assert.equal((await store.get('plain')), undefined);
      assert.equal((await store.get('flagged'))?.attention?.reason, 'payment confirmed, recharge undone');
      await store.close();
    });

    test('forgetMoneyless deletes only old sessions that never reached money, with their answers', async () => {
      let now = Date.parse('2026-01-01T00:00:00.000Z');
      const store = (await open({ now: () => now })).store;
      const rows: Array<[SessionRecord, boolean]> = [
        [session('created', 'NOV', [step('create', 'ok', 'NOV'), step('list_dealers', 'ok'), step('list_branch_data', 'ok')]), true],
        [session('looked-up', 'NOV', [step('status', 'ok', 'NOV')]), true],
        [session('denied', 'NEG', [step('do', 'pending'), step('do', 'refused', 'NEG')]), false],
        [session('confirmed', 'CON', [step('do', 'ok', 'PPC'), step('confirm', 'ok', 'CON')]), false],
        [session('do-sent', 'NOV', [step('do', 'pending')]), false],
        [session('payment-made', 'NOV', [step('payment_create', 'ok', 'NOV')]), false],
        [session('payment-looked-up', 'NOV', [step('payment_status', 'ok', 'NOV')]), false],
        [{ ...session('card-payment', 'NOV'), cardPayment: { amountCents: 1000, orderId: 'order-1', merchantUsn: '1' } }, false],
        [{ ...session('flagged', 'NOV'), attention: { reason: 'a person must look', at } }, false],
      ];
      for (const [record] of rows) await store.put(record);
      await store.putResult('created', 'key-00001', { httpStatus: 400, body: { error: 'invalid_request' } });
      await store.putResult('denied', 'key-00002', { httpStatus: 200, body: { status: 'NEG' } });
      now += 60_000;
      await store.put(session('recent', 'NOV', [step('create', 'ok', 'NOV')]));

      assert.equal(await store.forgetMoneyless(new Date(now - 1)), 2);
      for (const [record, gone] of rows) assert.equal(await store.get(record.id) === undefined, gone, record.id);
      assert.equal((await store.get('recent'))?.id, 'recent', 'written after the cutoff');
      assert.equal(await store.getResult('created', 'key-00001'), undefined, 'its answers went with it');
      assert.deepEqual(await store.getResult('denied', 'key-00002'), { httpStatus: 200, body: { status: 'NEG' } });
      assert.equal(await store.forgetMoneyless(new Date(now - 1)), 0);
      await store.close();
    });

    test('concurrent updates of one session take turns: none is lost', async () => {
      const { store, sibling } = await open();
      const other = sibling ? await sibling() : store;
      await store.put(session('busy', 'NOV'));
      // Half through each handle: with two processes, only the database's row lock keeps these apart.
      await Promise.all(Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? other : store).update('busy', (record) => ({ ...record, steps: [...record.steps, { ...step('status', 'ok', 'NOV'), esitefCode: String(i) }] }))));
      const steps = (await store.get('busy'))!.steps;
      assert.deepEqual(steps.map((s) => Number(s.esitefCode)).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
      await store.close();
    });

    test('a grant claimed by many at once, and one key answered by many at once: one wins, all see it', async () => {
      const { store, sibling } = await open();
      const other = sibling ? await sibling() : store;
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).claimGrant('jti-race', `s${i}`, at)));
      assert.equal(claims.filter(Boolean).length, 1);
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).putResult('a', 'key-race', { httpStatus: 200, body: { n: i } })));
      const first = await store.getResult('a', 'key-race');
      assert.deepEqual(await other.getResult('a', 'key-race'), first);
      await store.close();
    });

    test('an update whose change throws stores nothing', async () => {
      const store = await makeStore();
      await store.put(session('a', 'NOV'));
      await assert.rejects(store.update('a', () => {
        throw new Error('refused by the flow');
      }), /refused by the flow/);
      assert.deepEqual(await store.get('a'), session('a', 'NOV'));
      await store.update('a', (record) => ({ ...record, status: 'PPC' }));
      assert.equal((await store.get('a'))!.status, 'PPC', 'and the session is not left locked');
      await store.close();
    });
  });
}

describe('sqlite journal on disk', () => {
  test('creates DATA_DIR when missing, and keeps sessions, intents and answers across a reopen', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const first = createSqliteSessionStore({ dataDir });
    assert.ok(existsSync(join(dataDir, JOURNAL_FILE)));
    await first.put(session('a', 'NOV'));
    await first.update('a', (record) => ({ ...record, steps: [...record.steps, { ...step('do', 'pending'), idempotencyKey: 'attempt-1' }] }));
    await first.putResult('b', 'attempt-2', { httpStatus: 200, body: { status: 'CON', receipt: { customer: 'R', merchant: 'M' } } });
    await first.close();

    const reopened = createSqliteSessionStore({ dataDir });
    const unsettled = await reopened.listUnsettled();
    assert.deepEqual(unsettled.map((record) => record.id), ['a']);
    assert.equal(unsettled[0]!.steps.at(-1)!.idempotencyKey, 'attempt-1');
    assert.deepEqual(await reopened.getResult('b', 'attempt-2'), { httpStatus: 200, body: { status: 'CON', receipt: { customer: 'R', merchant: 'M' } } });
    await reopened.close();
  });

  test('a journal started afresh forgets what its file held, and leaves the other journal in DATA_DIR alone', async () => {
    const dataDir = tempDir();
    const real = createSqliteSessionStore({ dataDir });
    await real.put(session('kept', 'PPC'));
    await real.close();
    const previousRun = createSqliteSessionStore({ dataDir, file: SANDBOX_JOURNAL_FILE });
    await previousRun.put(session('forgotten', 'PPC'));
    await previousRun.close();

    const fresh = createSqliteSessionStore({ dataDir, file: SANDBOX_JOURNAL_FILE, startAfresh: true });
    assert.deepEqual(await fresh.listUnsettled(), []);
    assert.equal(await fresh.get('forgotten'), undefined);
    await fresh.put(session('new', 'NOV'));
    assert.equal((await fresh.get('new'))?.status, 'NOV', 'the fresh journal works as any other');
    await fresh.close();
    const reopened = createSqliteSessionStore({ dataDir });
    assert.deepEqual((await reopened.listUnsettled()).map((record) => record.id), ['kept']);
    await reopened.close();
  });
});
