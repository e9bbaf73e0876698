/**
 * The journal's tables (used_grants: order grants' single use, grants/session-grant.ts), and the upgrades an older journal needs: `results` gained `stored_at`
 * and `pin_receipt` (receipt-retention.ts), then `request_hash` (recharge/request-hash.ts), after journals were already in use.
 */
import type { Database } from 'better-sqlite3';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    unsettled INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS sessions_unsettled ON sessions (id) WHERE unsettled = 1;
  CREATE INDEX IF NOT EXISTS sessions_settled_age ON sessions (updated_at) WHERE unsettled = 0;
  CREATE TABLE IF NOT EXISTS results (
    session_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    http_status INTEGER NOT NULL,
    body TEXT NOT NULL,
    stored_at TEXT NOT NULL DEFAULT '',
    pin_receipt INTEGER NOT NULL DEFAULT 0,
    request_hash TEXT,
    PRIMARY KEY (session_id, idempotency_key)
  );
  CREATE TABLE IF NOT EXISTS used_grants (
    jti TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
`;

// After the upgrade below, which an older file needs before the index can name its columns.
const PIN_RECEIPT_INDEX = 'CREATE INDEX IF NOT EXISTS results_pin_receipt ON results (stored_at) WHERE pin_receipt = 1';

// pin_receipt is 1 while the body may still hold a PIN product's receipts; stored_at is ISO UTC
// (always 24 characters, so text order is time order). Journals made before them lack both.
const RESULT_COLUMNS = [
  ['stored_at', "TEXT NOT NULL DEFAULT ''"],
  ['pin_receipt', 'INTEGER NOT NULL DEFAULT 0'],
] as const;

// NULL on answers stored before it: they are replayed to any request, as they always were.
const REQUEST_HASH_COLUMN = 'ALTER TABLE results ADD COLUMN request_hash TEXT';

/**
 * Answers written before the columns existed get their session's last write as their age (the
 * answer was stored right after it) and count as PIN answers unless their session is known to be
 * a normal top-up or a bill payment; with no session to date them by, they count as old.
 */
const DATE_OLD_ANSWERS = `
  UPDATE results SET
    stored_at = COALESCE((SELECT updated_at FROM sessions WHERE id = results.session_id), '1970-01-01T00:00:00.000Z'),
    pin_receipt = CASE
      WHEN (SELECT json_extract(record, '$.type') FROM sessions WHERE id = results.session_id) IN ('normal', 'invoice') THEN 0
      ELSE 1 END
`;

export function prepareJournal(db: Database): void {
  db.exec(SCHEMA);
  const present = new Set(db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('results')").all().map((column) => column.name));
  const missing = RESULT_COLUMNS.filter(([name]) => !present.has(name));
  if (missing.length > 0) {
    db.transaction(() => {
      for (const [name, type] of missing) db.exec(`ALTER TABLE results ADD COLUMN ${name} ${type}`);
      db.exec(DATE_OLD_ANSWERS);
    }).immediate();
  }
  if (!present.has('request_hash')) db.exec(REQUEST_HASH_COLUMN);
  db.exec(PIN_RECEIPT_INDEX);
}
