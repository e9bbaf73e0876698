/**
 * The durable journal: SessionStore on an embedded SQLite file (better-sqlite3), DATA_DIR/journal.sqlite
 * (DATA_DIR/sandbox-journal.sqlite, started afresh, when the proxy runs its built-in sandbox: main.ts).
 * Owner only: the folder 0700 when created here, the files 0600 (openOwnerOnly).
 *
 * - WAL, so readers never wait for the writer and a commit is one append to the log.
 * - synchronous=FULL: every commit is fsynced before the call returns. With WAL, NORMAL survives a
 *   process crash but may lose the last commits on a power cut or kernel crash; a lost "do pending"
 *   intent would hide a PPC from recovery, so each journaled intent pays one fsync.
 * - A session is one row of JSON (the record is small and always read whole); `unsettled` is kept
 *   beside it on every write, so recovery finds its work through an index instead of a scan.
 * - better-sqlite3 is synchronous: each method runs to completion on the event loop, so an
 *   update's read-change-write cannot interleave with another one in this process.
 * - secure_delete=ON, and a TRUNCATE checkpoint after receipts are withheld: the bytes of a
 *   withheld PIN must not linger in a page's free space or in old WAL frames (receipt-retention.ts).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { prepareJournal } from './journal-schema.ts';
import { DEFAULT_RECEIPT_RETENTION_MS, mayHoldPin, withoutReceipts } from './receipt-retention.ts';
import { needsRecovery, STEPS_TOWARD_MONEY } from './journal.ts';
import type { IdempotentResult, SessionRecord, SessionStore } from './session-store.ts';

export const JOURNAL_FILE = 'journal.sqlite';
/** The journal of a proxy running the in-process sandbox, apart so a real gateway's journal is never touched. */
export const SANDBOX_JOURNAL_FILE = 'sandbox-journal.sqlite';

export interface SqliteStoreOptions {
  /** The folder that holds the journal; created when missing. */
  dataDir: string;
  /** The journal's file name in dataDir; default JOURNAL_FILE. */
  file?: string;
  /** Delete what the file held before opening it (its WAL too): for a journal of a gateway that forgets. */
  startAfresh?: boolean;
  now?: () => number;
  /** How long a PIN product's answer keeps its receipts (RECEIPT_RETENTION_MS); default 15 minutes. */
  receiptRetentionMs?: number;
}

/**
 * The journal holds NITs and, for a while, PINs: its owner only. DATA_DIR is made 0700 when we
 * create it (an existing folder is the operator's choice); the journal file is made 0600 before
 * SQLite opens it, and SQLite gives its -wal and -shm files the database file's mode.
 */
function openOwnerOnly(dataDir: string, path: string): void {
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
}

export function createSqliteSessionStore(options: SqliteStoreOptions): SessionStore {
  const path = join(options.dataDir, options.file ?? JOURNAL_FILE);
  if (options.startAfresh) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  openOwnerOnly(options.dataDir, path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Another process holding the file (e.g. an old proxy still exiting) is waited for, not an error.
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
  prepareJournal(db);
  const now = options.now ?? Date.now;
  const isoNow = () => new Date(now()).toISOString();
  const retentionMs = options.receiptRetentionMs ?? DEFAULT_RECEIPT_RETENTION_MS;

  const selectSession = db.prepare<[string], { record: string }>('SELECT record FROM sessions WHERE id = ?');
  const upsertSession = db.prepare<[string, string, number, string]>(
    `INSERT INTO sessions (id, record, unsettled, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET record = excluded.record, unsettled = excluded.unsettled, updated_at = excluded.updated_at`,
  );
  const selectUnsettled = db.prepare<[], { record: string }>('SELECT record FROM sessions WHERE unsettled = 1 ORDER BY updated_at');
  type ResultRow = { session_id: string; idempotency_key: string; http_status: number; body: string; stored_at: string; pin_receipt: number; request_hash: string | null };
  const selectResult = db.prepare<[string, string], ResultRow>('SELECT * FROM results WHERE session_id = ? AND idempotency_key = ?');
  // The first answer wins: a key's result is never replaced.
  const insertResult = db.prepare<[string, string, number, string, string, number, string | null]>(
    'INSERT OR IGNORE INTO results (session_id, idempotency_key, http_status, body, stored_at, pin_receipt, request_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const selectDue = db.prepare<[string], ResultRow>('SELECT * FROM results WHERE pin_receipt = 1 AND stored_at < ?');
  const rewriteResult = db.prepare<[string, string, string]>(
    'UPDATE results SET body = ?, pin_receipt = 0 WHERE session_id = ? AND idempotency_key = ?',
  );
  // A session flagged for attention (a card sale whose two halves disagree) stays until a person is done with it: `npm run ops -- attention` lists it.
  const selectOldSettled = db.prepare<[string], { id: string }>("SELECT id FROM sessions WHERE unsettled = 0 AND updated_at < ? AND json_extract(record, '$.attention') IS NULL");
  // neverReachedMoney (journal.ts) in SQL: no card payment and no step toward money in the record's steps.
  const selectOldMoneyless = db.prepare<[string, string], { id: string }>(
    `SELECT id FROM sessions WHERE unsettled = 0 AND updated_at < ? AND json_extract(record, '$.attention') IS NULL
       AND json_extract(record, '$.cardPayment') IS NULL
       AND NOT EXISTS (SELECT 1 FROM json_each(record, '$.steps') WHERE json_extract(value, '$.step') IN (SELECT value FROM json_each(?)))`,
  );
  const deleteResults = db.prepare<[string]>('DELETE FROM results WHERE session_id = ?');
  const deleteSession = db.prepare<[string]>('DELETE FROM sessions WHERE id = ? AND unsettled = 0');
  // The jti is the key: of two sessions claiming one grant, the second insert changes nothing.
  const insertGrant = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO used_grants (jti, session_id, expires_at) VALUES (?, ?, ?)');
  const deleteExpiredGrants = db.prepare<[string]>('DELETE FROM used_grants WHERE expires_at < ?');

  const write = (record: SessionRecord) =>
    upsertSession.run(record.id, JSON.stringify(record), needsRecovery(record) ? 1 : 0, isoNow());
  const read = (id: string): SessionRecord | undefined => {
    const row = selectSession.get(id);
    return row && (JSON.parse(row.record) as SessionRecord);
  };
  /** Rewrites the rows without their receipts, then empties the WAL, which still holds the old bytes. */
  const withhold = (rows: ResultRow[]) => {
    if (rows.length === 0) return 0;
    db.transaction(() => {
      for (const row of rows) rewriteResult.run(JSON.stringify(withoutReceipts(JSON.parse(row.body))), row.session_id, row.idempotency_key);
    }).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return rows.length;
  };
  const forget = db.transaction((cutoff: string) => {
    const ids = selectOldSettled.all(cutoff).map((row) => row.id);
    for (const id of ids) {
      deleteResults.run(id);
      deleteSession.run(id);
    }
    deleteExpiredGrants.run(cutoff);
    return ids.length;
  });
  const forgetMoneyless = db.transaction((cutoff: string) => {
    const ids = selectOldMoneyless.all(cutoff, JSON.stringify(STEPS_TOWARD_MONEY)).map((row) => row.id);
    for (const id of ids) {
      deleteResults.run(id);
      deleteSession.run(id);
    }
    return ids.length;
  });
  const update = db.transaction((id: string, change: (record: SessionRecord) => SessionRecord) => {
    const record = read(id);
    if (!record) throw new Error('update of an unknown session');
    const next = change(record);
    write(next);
    return next;
  });

  return {
    async get(id) {
      return read(id);
    },
    async put(record) {
      write(record);
    },
    async update(id, change) {
      // The returned object is the caller's: what we stored is the JSON text, not this object.
      return update.immediate(id, change);
    },
    async getResult(sessionId, key) {
      const row = selectResult.get(sessionId, key);
      if (!row) return undefined;
      // The pass may not have run yet: an answer past the retention is never handed out with its PIN.
      const cutoff = new Date(now() - retentionMs).toISOString();
      const due = row.pin_receipt === 1 && row.stored_at < cutoff;
      const body = JSON.parse(row.body) as unknown;
      const hash = row.request_hash === null ? {} : { requestHash: row.request_hash };
      if (!due) return { httpStatus: row.http_status, body, ...hash };
      // Every answer due by now, not only this one: a kept do answer (settlement.ts rule 5) holds the same PIN.
      withhold(selectDue.all(cutoff));
      return { httpStatus: row.http_status, body: withoutReceipts(body), ...hash };
    },
    async putResult(sessionId, key, result: IdempotentResult) {
      const pinReceipt = mayHoldPin(read(sessionId)?.type) ? 1 : 0;
      insertResult.run(sessionId, key, result.httpStatus, JSON.stringify(result.body), isoNow(), pinReceipt, result.requestHash ?? null);
    },
    async claimGrant(jti, sessionId, expiresAt) {
      return insertGrant.run(jti, sessionId, expiresAt).changes === 1;
    },
    async listUnsettled() {
      return selectUnsettled.all().map((row) => JSON.parse(row.record) as SessionRecord);
    },
    async withholdReceipts(olderThan) {
      return withhold(selectDue.all(olderThan.toISOString()));
    },
    async forgetSettled(olderThan) {
      return forget.immediate(olderThan.toISOString());
    },
    async forgetMoneyless(olderThan) {
      return forgetMoneyless.immediate(olderThan.toISOString());
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
