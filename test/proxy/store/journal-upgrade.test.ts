/**
 * A journal written before answers were dated (no stored_at, no pin_receipt) is upgraded when the
 * proxy opens it: its PIN answers, dated by their session's last write, lose their receipts at the
 * first retention pass, and its other answers are kept as they were. The retention pass run by
 * main.ts's timer withholds and forgets what the bounds say.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { RechargeResult } from '../../../proxy/browser-api.ts';
import { createJournalRetention, MONEYLESS_SESSION_RETENTION_MS, type RetentionPass } from '../../../proxy/store/journal-retention.ts';
import { createMemorySessionStore } from '../../../proxy/store/memory-session-store.ts';
import type { SessionRecord } from '../../../proxy/store/session-store.ts';
import { createSqliteSessionStore, JOURNAL_FILE } from '../../../proxy/store/sqlite-session-store.ts';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const NOW = Date.parse('2026-11-24T08:00:00.000Z');
const HOUR = 3_600_000;
const PIN_RECEIPT = { customer: 'VIA DO CLIENTE\nPIN: 1111-2222-3333', merchant: 'VIA DO ESTABELECIMENTO' };

function session(id: string, type: SessionRecord['type']): SessionRecord {
  return { id, type, nit: `NIT${id}`, status: 'CON', createdAt: '2026-11-24T06:00:00.000Z', generalHash: '0000000000000000', dealers: [], branchData: {}, steps: [] };
}

/** The journal as the proxy wrote it before this change: results without age or kind. */
function oldJournal(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'old-journal-'));
  dirs.push(dataDir);
  const db = new Database(join(dataDir, JOURNAL_FILE));
  db.exec(`CREATE TABLE sessions (id TEXT PRIMARY KEY, record TEXT NOT NULL, unsettled INTEGER NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE results (session_id TEXT NOT NULL, idempotency_key TEXT NOT NULL, http_status INTEGER NOT NULL, body TEXT NOT NULL,
      PRIMARY KEY (session_id, idempotency_key));`);
  const written = new Date(NOW - 2 * HOUR).toISOString();
  for (const record of [session('pin', 'others'), session('top-up', 'normal')]) {
    db.prepare('INSERT INTO sessions VALUES (?, ?, 0, ?)').run(record.id, JSON.stringify(record), written);
  }
  const answer = JSON.stringify({ status: 'CON', receipt: PIN_RECEIPT });
  db.prepare("INSERT INTO results VALUES ('pin', 'key-00001', 200, ?)").run(answer);
  db.prepare("INSERT INTO results VALUES ('top-up', 'key-00002', 200, ?)").run(answer);
  db.prepare("INSERT INTO results VALUES ('gone', 'key-00003', 200, ?)").run(answer);
  db.close();
  return dataDir;
}

describe('journal retention', () => {
  test('an older journal is upgraded: its PIN answers are withheld, the others kept', async () => {
    const store = createSqliteSessionStore({ dataDir: oldJournal(), now: () => NOW, receiptRetentionMs: 15 * 60_000 });
    const retention = createJournalRetention({ store, now: () => NOW, receiptRetentionMs: 15 * 60_000, journalRetentionMs: 30 * 24 * HOUR });
    // 'gone' has no session left to tell its kind or age: it counts as an old PIN answer.
    assert.deepEqual(await retention.runOnce(), { receiptsWithheld: 2, sessionsForgotten: 0 });
    assert.equal(((await store.getResult('pin', 'key-00001'))?.body as RechargeResult).receiptWithheld, true);
    assert.equal(((await store.getResult('gone', 'key-00003'))?.body as RechargeResult).receiptWithheld, true);
    assert.deepEqual((await store.getResult('top-up', 'key-00002'))?.body, { status: 'CON', receipt: PIN_RECEIPT });
    await store.close();
  });

  test('a journal from before request hashes keeps its answers and their dates, and replays them without a hash', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'unhashed-journal-'));
    dirs.push(dataDir);
    const db = new Database(join(dataDir, JOURNAL_FILE));
    db.exec(`CREATE TABLE sessions (id TEXT PRIMARY KEY, record TEXT NOT NULL, unsettled INTEGER NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE results (session_id TEXT NOT NULL, idempotency_key TEXT NOT NULL, http_status INTEGER NOT NULL, body TEXT NOT NULL,
        stored_at TEXT NOT NULL DEFAULT '', pin_receipt INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (session_id, idempotency_key));`);
    db.prepare('INSERT INTO sessions VALUES (?, ?, 0, ?)').run('pin', JSON.stringify(session('pin', 'others')), new Date(NOW - 2 * HOUR).toISOString());
    // Stored a minute ago: a re-dating by its session's last write (two hours ago) would withhold it.
    db.prepare("INSERT INTO results VALUES ('pin', 'key-00001', 200, ?, ?, 1)").run(JSON.stringify({ status: 'CON', receipt: PIN_RECEIPT }), new Date(NOW - 60_000).toISOString());
    db.close();
    const store = createSqliteSessionStore({ dataDir, now: () => NOW, receiptRetentionMs: 15 * 60_000 });
    assert.deepEqual(await store.getResult('pin', 'key-00001'), { httpStatus: 200, body: { status: 'CON', receipt: PIN_RECEIPT } });
    await store.putResult('pin', 'key-00002', { httpStatus: 200, body: { status: 'NEG' }, requestHash: 'a'.repeat(64) });
    assert.equal((await store.getResult('pin', 'key-00002'))?.requestHash, 'a'.repeat(64));
    await store.close();
  });

  test('an upgraded answer younger than the retention keeps its PIN until the retention ends', async () => {
    const dataDir = oldJournal();
    let now = NOW;
    const store = createSqliteSessionStore({ dataDir, now: () => now, receiptRetentionMs: 3 * HOUR });
    assert.deepEqual((await store.getResult('pin', 'key-00001'))?.body, { status: 'CON', receipt: PIN_RECEIPT });
    now += HOUR + 1;
    assert.equal(((await store.getResult('pin', 'key-00001'))?.body as RechargeResult).receiptWithheld, true);
    await store.close();
  });

  test('a pass runs at start and reports what it changed; settled sessions past the journal bound are deleted', async () => {
    let now = NOW;
    const store = createMemorySessionStore({ now: () => now });
    await store.put(session('pin', 'others'));
    await store.putResult('pin', 'key-00001', { httpStatus: 200, body: { status: 'CON', receipt: PIN_RECEIPT } });
    now += 31 * 24 * HOUR;
    const passes: RetentionPass[] = [];
    const reported = new Promise<void>((resolve) => {
      const retention = createJournalRetention({
        store, now: () => now, receiptRetentionMs: 15 * 60_000, journalRetentionMs: 30 * 24 * HOUR,
        onPass: (pass) => {
          passes.push(pass);
          retention.stop();
          resolve();
        },
      });
      retention.start();
    });
    await reported;
    assert.deepEqual(passes, [{ receiptsWithheld: 1, sessionsForgotten: 1 }]);
    assert.equal(await store.get('pin'), undefined);
    assert.equal(await store.getResult('pin', 'key-00001'), undefined);
  });

  test('a session that never reached money goes after MONEYLESS_SESSION_RETENTION_MS (its NIT expired at Carat); one that did waits for the journal bound', async () => {
    let now = NOW;
    const store = createMemorySessionStore({ now: () => now });
    await store.put({ ...session('created', 'normal'), status: 'NOV', steps: [{ step: 'create', outcome: 'ok', caratStatus: 'NOV', at: '2026-11-24T08:00:00.000Z' }] });
    await store.put({ ...session('denied', 'normal'), status: 'NEG', steps: [{ step: 'do', outcome: 'refused', caratStatus: 'NEG', at: '2026-11-24T08:00:00.000Z' }] });
    const retention = createJournalRetention({ store, now: () => now, receiptRetentionMs: 15 * 60_000, journalRetentionMs: 30 * 24 * HOUR });
    now += MONEYLESS_SESSION_RETENTION_MS;
    assert.deepEqual(await retention.runOnce(), { receiptsWithheld: 0, sessionsForgotten: 0 }, 'not before the bound');
    now += 1;
    assert.deepEqual(await retention.runOnce(), { receiptsWithheld: 0, sessionsForgotten: 1 });
    assert.equal(await store.get('created'), undefined);
    assert.equal((await store.get('denied'))?.status, 'NEG');
  });
});
