/**
 * The durable journal: SessionStore on an embedded SQLite file (better-sqlite3), DATA_DIR/journal.sqlite
 * (DATA_DIR/sandbox-journal.sqlite, started afresh, when the proxy runs its built-in sandbox: main.ts).
 *
 * - WAL, so readers never wait for the writer and a commit is one append to the log.
 * - synchronous=FULL: every commit is fsynced before the call returns. With WAL, NORMAL survives a
 *   process crash but may lose the last commits on a power cut or kernel crash; a lost "do pending"
 *   intent would hide a PPC from recovery, so each journaled intent pays one fsync.
 * - A session is one row of JSON (the record is small and always read whole); `unsettled` is kept
 *   beside it on every write, so recovery finds its work through an index instead of a scan.
 * - better-sqlite3 is synchronous: each method runs to completion on the event loop, so an
 *   update's read-change-write cannot interleave with another one in this process.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { needsRecovery, type IdempotentResult, type SessionRecord, type SessionStore } from './session-store.ts';

export const JOURNAL_FILE = 'journal.sqlite';
/** The journal of a proxy running the in-process sandbox, apart so a real gateway's journal is never touched. */
export const SANDBOX_JOURNAL_FILE = 'sandbox-journal.sqlite';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    unsettled INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS sessions_unsettled ON sessions (id) WHERE unsettled = 1;
  CREATE TABLE IF NOT EXISTS results (
    session_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    http_status INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (session_id, idempotency_key)
  );
`;

export interface SqliteStoreOptions {
  /** The folder that holds the journal; created when missing. */
  dataDir: string;
  /** The journal's file name in dataDir; default JOURNAL_FILE. */
  file?: string;
  /** Delete what the file held before opening it (its WAL too): for a journal of a gateway that forgets. */
  startAfresh?: boolean;
  now?: () => number;
}

export function createSqliteSessionStore(options: SqliteStoreOptions): SessionStore {
  mkdirSync(options.dataDir, { recursive: true });
  const path = join(options.dataDir, options.file ?? JOURNAL_FILE);
  if (options.startAfresh) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Another process holding the file (e.g. an old proxy still exiting) is waited for, not an error.
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const now = options.now ?? Date.now;

  const selectSession = db.prepare<[string], { record: string }>('SELECT record FROM sessions WHERE id = ?');
  const upsertSession = db.prepare<[string, string, number, string]>(
    `INSERT INTO sessions (id, record, unsettled, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET record = excluded.record, unsettled = excluded.unsettled, updated_at = excluded.updated_at`,
  );
  const selectUnsettled = db.prepare<[], { record: string }>('SELECT record FROM sessions WHERE unsettled = 1 ORDER BY updated_at');
  const selectResult = db.prepare<[string, string], { http_status: number; body: string }>(
    'SELECT http_status, body FROM results WHERE session_id = ? AND idempotency_key = ?',
  );
  // The first answer wins: a key's result is never replaced.
  const insertResult = db.prepare<[string, string, number, string]>(
    'INSERT OR IGNORE INTO results (session_id, idempotency_key, http_status, body) VALUES (?, ?, ?, ?)',
  );

  const write = (record: SessionRecord) =>
    upsertSession.run(record.id, JSON.stringify(record), needsRecovery(record) ? 1 : 0, new Date(now()).toISOString());
  const read = (id: string): SessionRecord | undefined => {
    const row = selectSession.get(id);
    return row && (JSON.parse(row.record) as SessionRecord);
  };
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
      return row && { httpStatus: row.http_status, body: JSON.parse(row.body) as unknown };
    },
    async putResult(sessionId, key, result: IdempotentResult) {
      insertResult.run(sessionId, key, result.httpStatus, JSON.stringify(result.body));
    },
    async listUnsettled() {
      return selectUnsettled.all().map((row) => JSON.parse(row.record) as SessionRecord);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
