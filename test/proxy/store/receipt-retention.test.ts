/**
 * A PIN product's stored answer (the first answer of its Idempotency-Key) keeps its receipts for
 * RECEIPT_RETENTION_MS, for the shopper whose answer was lost; after that the replay comes without
 * them, and the journal file no longer holds the PIN. Normal top-ups and bill payments keep theirs.
 * Every store keeps the same promises (the store contract, support/store-kinds.ts); the clock is injected.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { RechargeResult, RechargeType } from '../../../proxy/browser-api.ts';
import { RECEIPT_WITHHELD } from '../../../proxy/store/receipt-retention.ts';
import type { SessionRecord } from '../../../proxy/store/session-store.ts';
import { createSqliteSessionStore, JOURNAL_FILE } from '../../../proxy/store/sqlite-session-store.ts';
import { storeKinds } from '../support/store-kinds.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'receipt-retention-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const MINUTE = 60_000;
const RETENTION = 15 * MINUTE;
const PIN = '4821-7730-1956';

function session(id: string, type: RechargeType, status: SessionRecord['status'] = 'CON'): SessionRecord {
  return { id, type, nit: `NIT${id}`, status, createdAt: '2026-11-24T08:00:00.000Z', generalHash: '0000000000000000', dealers: [], branchData: {}, steps: [] };
}

const pinAnswer = (): RechargeResult => ({
  status: 'CON',
  receipt: { customer: `VIA DO CLIENTE\nVALOR: R$ 20,00\nPIN: ${PIN}`, merchant: 'VIA DO ESTABELECIMENTO\nVALOR: R$ 20,00' },
  payment: { status: 'CON', amountCents: 2000, receipt: { customer: 'CARTAO: ************1111', merchant: 'CARTAO: ************1111' } },
});
const topUpAnswer = (): RechargeResult => ({ status: 'CON', receipt: { customer: 'TELEFONE: (21) 987654321', merchant: 'VIA DO ESTABELECIMENTO' } });

/** A clock the test moves by hand. */
function clock(start = Date.parse('2026-11-24T08:00:00.000Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

/** Every byte of the journal on disk: the database file and its write-ahead log. */
function journalBytes(dataDir: string): string {
  return ['', '-wal'].map((suffix) => join(dataDir, JOURNAL_FILE + suffix)).filter(existsSync).map((path) => readFileSync(path).toString('latin1')).join('');
}

for (const { name, open } of storeKinds()) {
  const makeStore = async (options: { now: () => number; receiptRetentionMs: number }) => (await open(options)).store;
  describe(`${name} store: receipts of PIN products`, () => {
    test('a replay within the retention gets the PIN; after it, the status without any receipt', async () => {
      const time = clock();
      const store = await makeStore({ now: time.now, receiptRetentionMs: RETENTION });
      await store.put(session('pin', 'others'));
      await store.putResult('pin', 'key-00001', { httpStatus: 200, body: pinAnswer() });

      time.advance(RETENTION);
      assert.deepEqual(await store.getResult('pin', 'key-00001'), { httpStatus: 200, body: pinAnswer() }, 'at the retention it is still whole');

      time.advance(1);
      const replay = await store.getResult('pin', 'key-00001');
      assert.deepEqual(replay, {
        httpStatus: 200,
        body: { status: 'CON', message: RECEIPT_WITHHELD, receipt: { customer: '', merchant: '' }, receiptWithheld: true, payment: { status: 'CON', amountCents: 2000 } },
      });
      assert.doesNotMatch(JSON.stringify(replay), /4821/);
      assert.equal(await store.withholdReceipts(new Date(time.now())), 0, 'the replay withheld it at rest already');
      await store.close();
    });

    test('the periodic pass withholds only answers stored before its bound, and each once', async () => {
      const time = clock();
      const store = await makeStore({ now: time.now, receiptRetentionMs: RETENTION });
      await store.put(session('old', 'others'));
      await store.put(session('new', 'others'));
      await store.putResult('old', 'key-00001', { httpStatus: 200, body: pinAnswer() });
      time.advance(MINUTE);
      const bound = new Date(time.now());
      await store.putResult('new', 'key-00002', { httpStatus: 200, body: pinAnswer() });

      assert.equal(await store.withholdReceipts(bound), 1);
      assert.equal(await store.withholdReceipts(bound), 0);
      assert.equal(((await store.getResult('old', 'key-00001'))?.body as RechargeResult).receiptWithheld, true);
      assert.deepEqual((await store.getResult('new', 'key-00002'))?.body, pinAnswer(), 'the newer answer keeps its PIN');
      await store.close();
    });

    test('normal top-ups and bill payments keep their receipts; an answer with none is left as it was', async () => {
      const time = clock();
      const store = await makeStore({ now: time.now, receiptRetentionMs: RETENTION });
      await store.put(session('top-up', 'normal'));
      await store.put(session('bill', 'invoice'));
      await store.put(session('denied', 'others', 'NEG'));
      const denied: RechargeResult = { status: 'NEG', message: 'The recharge was denied.', receipt: { customer: '', merchant: '' } };
      await store.putResult('top-up', 'key-00001', { httpStatus: 200, body: topUpAnswer() });
      await store.putResult('bill', 'key-00002', { httpStatus: 200, body: topUpAnswer() });
      await store.putResult('denied', 'key-00003', { httpStatus: 200, body: denied });

      time.advance(RETENTION * 10);
      assert.equal(await store.withholdReceipts(new Date(time.now() - RETENTION)), 1, 'the denied PIN answer is looked at, and left alone');
      assert.deepEqual((await store.getResult('top-up', 'key-00001'))?.body, topUpAnswer());
      assert.deepEqual((await store.getResult('bill', 'key-00002'))?.body, topUpAnswer());
      assert.deepEqual((await store.getResult('denied', 'key-00003'))?.body, denied);
      await store.close();
    });

    test('settled sessions older than the journal bound go with their answers; unsettled ones stay', async () => {
      const time = clock();
      const store = await makeStore({ now: time.now, receiptRetentionMs: RETENTION });
      await store.put(session('done', 'normal'));
      await store.put({ ...session('stuck', 'normal', 'PPC') });
      await store.putResult('done', 'key-00001', { httpStatus: 200, body: topUpAnswer() });
      time.advance(MINUTE);
      const bound = new Date(time.now());
      await store.put(session('recent', 'normal'));

      assert.equal(await store.forgetSettled(bound), 1);
      assert.equal(await store.get('done'), undefined);
      assert.equal(await store.getResult('done', 'key-00001'), undefined);
      assert.equal((await store.get('stuck'))?.status, 'PPC', 'recovery still needs it');
      assert.equal((await store.get('recent'))?.status, 'CON');
      await store.close();
    });
  });
}

describe('sqlite journal on disk: the PIN leaves the file', () => {
  test('after the pass, neither the database file nor its write-ahead log holds the PIN', async () => {
    const dataDir = tempDir();
    const time = clock();
    const store = createSqliteSessionStore({ dataDir, now: time.now, receiptRetentionMs: RETENTION });
    await store.put(session('pin', 'others'));
    await store.putResult('pin', 'key-00001', { httpStatus: 200, body: pinAnswer() });
    assert.match(journalBytes(dataDir), new RegExp(PIN), 'the answer is on disk while a replay may need it');

    time.advance(RETENTION + 1);
    assert.equal(await store.withholdReceipts(new Date(time.now() - RETENTION)), 1);
    assert.doesNotMatch(journalBytes(dataDir), new RegExp(PIN));
    assert.match(journalBytes(dataDir), /receiptWithheld/, 'the withheld answer is what the file holds now');
    await store.close();
    assert.doesNotMatch(journalBytes(dataDir), new RegExp(PIN));
  });

  test('a replay past the retention withholds the PIN at rest too, before any pass ran', async () => {
    const dataDir = tempDir();
    const time = clock();
    const store = createSqliteSessionStore({ dataDir, now: time.now, receiptRetentionMs: RETENTION });
    await store.put(session('pin', 'others'));
    await store.putResult('pin', 'key-00001', { httpStatus: 200, body: pinAnswer() });
    time.advance(RETENTION + 1);
    assert.equal(((await store.getResult('pin', 'key-00001'))?.body as RechargeResult).receiptWithheld, true);
    assert.doesNotMatch(journalBytes(dataDir), new RegExp(PIN));
    await store.close();
  });

  test('a reopened journal keeps the age of each answer', async () => {
    const dataDir = tempDir();
    const time = clock();
    const first = createSqliteSessionStore({ dataDir, now: time.now, receiptRetentionMs: RETENTION });
    await first.put(session('pin', 'others'));
    await first.putResult('pin', 'key-00001', { httpStatus: 200, body: pinAnswer() });
    await first.close();
    time.advance(RETENTION + 1);
    const reopened = createSqliteSessionStore({ dataDir, now: time.now, receiptRetentionMs: RETENTION });
    assert.equal(((await reopened.getResult('pin', 'key-00001'))?.body as RechargeResult).receiptWithheld, true);
    await reopened.close();
  });
});
