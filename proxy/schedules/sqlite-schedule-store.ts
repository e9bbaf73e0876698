/**
 * ScheduleStore as tables of the durable journal (DATA_DIR/journal.sqlite, or the sandbox's journal
 * file), on a connection of its own beside the session store's: WAL lets both write one file, and
 * synchronous=FULL fsyncs each write, as for the sessions (an execution row lost to a power cut
 * could mean a second top-up). Each record is a row of JSON with the columns the lookups need.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { JOURNAL_FILE } from '../store/sqlite-session-store.ts';
import { isOpenSchedule, type ExecutionRecord, type ScheduleRecord, type ScheduleStore } from './schedule-store.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS schedules (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL,
    sid TEXT,
    order_id TEXT NOT NULL,
    open INTEGER NOT NULL,
    record TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS schedules_sid ON schedules (sid);
  CREATE INDEX IF NOT EXISTS schedules_order ON schedules (order_id);
  CREATE INDEX IF NOT EXISTS schedules_session ON schedules (session_id);
  CREATE INDEX IF NOT EXISTS schedules_open ON schedules (id) WHERE open = 1;
  CREATE TABLE IF NOT EXISTS schedule_executions (
    nit TEXT PRIMARY KEY,
    schedule_id TEXT NOT NULL,
    state TEXT NOT NULL,
    record TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS schedule_executions_schedule ON schedule_executions (schedule_id);
  CREATE INDEX IF NOT EXISTS schedule_executions_state ON schedule_executions (state);
  CREATE TABLE IF NOT EXISTS schedule_notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    nit TEXT NOT NULL,
    status TEXT NOT NULL,
    received_at TEXT NOT NULL,
    outcome TEXT
  );
  CREATE INDEX IF NOT EXISTS schedule_notices_unverified ON schedule_notices (id) WHERE outcome IS NULL;
  CREATE INDEX IF NOT EXISTS schedule_notices_verified_age ON schedule_notices (received_at) WHERE outcome IS NOT NULL;
`;

export interface SqliteScheduleStoreOptions {
  dataDir: string;
  /** The journal's file name (default JOURNAL_FILE): the session store's file. */
  file?: string;
}

export function createSqliteScheduleStore(options: SqliteScheduleStoreOptions): ScheduleStore {
  const path = join(options.dataDir, options.file ?? JOURNAL_FILE);
  // Normally the session store made both already, owner-only; alone (tests), the same modes.
  if (!existsSync(options.dataDir)) mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  type Row = { record: string };
  const upsertSchedule = db.prepare<[string, string, string, string | null, string, number, string]>(
    `INSERT INTO schedules (id, token_hash, session_id, sid, order_id, open, record) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, sid = excluded.sid, open = excluded.open, record = excluded.record`,
  );
  const scheduleBy = (column: 'id' | 'token_hash' | 'sid' | 'order_id') => db.prepare<[string], Row>(`SELECT record FROM schedules WHERE ${column} = ? LIMIT 1`);
  const byId = scheduleBy('id');
  const byToken = scheduleBy('token_hash');
  const bySid = scheduleBy('sid');
  const byOrder = scheduleBy('order_id');
  const openSchedules = db.prepare<[], Row>('SELECT record FROM schedules WHERE open = 1');
  const forSession = db.prepare<[string], Row>('SELECT record FROM schedules WHERE session_id = ?');
  const insertExecution = db.prepare<[string, string, string, string]>('INSERT OR IGNORE INTO schedule_executions (nit, schedule_id, state, record) VALUES (?, ?, ?, ?)');
  const writeExecution = db.prepare<[string, string, string]>('UPDATE schedule_executions SET state = ?, record = ? WHERE nit = ?');
  const executionByNit = db.prepare<[string], Row>('SELECT record FROM schedule_executions WHERE nit = ?');
  const executionsOf = db.prepare<[string], Row>('SELECT record FROM schedule_executions WHERE schedule_id = ? ORDER BY rowid');
  const executionsIn = db.prepare<[string], Row>('SELECT record FROM schedule_executions WHERE state = ? ORDER BY rowid');
  const insertNotice = db.prepare<[string, string, string]>('INSERT INTO schedule_notices (nit, status, received_at) VALUES (?, ?, ?)');
  const settleNotice = db.prepare<[string, number]>('UPDATE schedule_notices SET outcome = ? WHERE id = ?');
  const unverified = db.prepare<[], { id: number; nit: string }>('SELECT id, nit FROM schedule_notices WHERE outcome IS NULL ORDER BY id');
  const forgetVerified = db.prepare<[string]>('DELETE FROM schedule_notices WHERE outcome IS NOT NULL AND received_at < ?');

  const parse = <T>(row: Row | undefined): T | undefined => row && (JSON.parse(row.record) as T);
  const writeSchedule = (record: ScheduleRecord) => {
    upsertSchedule.run(record.id, record.tokenHash, record.sessionId, record.sid ?? null, record.orderId, isOpenSchedule(record) ? 1 : 0, JSON.stringify(record));
  };
  const updateSchedule = db.transaction((id: string, change: (record: ScheduleRecord) => ScheduleRecord) => {
    const found = parse<ScheduleRecord>(byId.get(id));
    if (!found) throw new Error('update of an unknown schedule');
    const next = change(found);
    writeSchedule(next);
    return next;
  });
  const updateExecution = db.transaction((nit: string, change: (record: ExecutionRecord) => ExecutionRecord) => {
    const found = parse<ExecutionRecord>(executionByNit.get(nit));
    if (!found) throw new Error('update of an unknown execution');
    const next = change(found);
    writeExecution.run(next.state, JSON.stringify(next), nit);
    return next;
  });

  return {
    async putSchedule(record) {
      writeSchedule(record);
    },
    getSchedule: async (id) => parse(byId.get(id)),
    byTokenHash: async (hash) => parse(byToken.get(hash)),
    bySid: async (sid) => parse(bySid.get(sid)),
    byOrderId: async (orderId) => parse(byOrder.get(orderId)),
    updateSchedule: async (id, change) => updateSchedule.immediate(id, change),
    listOpen: async () => openSchedules.all().map((row) => JSON.parse(row.record) as ScheduleRecord),
    listForSession: async (sessionId) => forSession.all(sessionId).map((row) => JSON.parse(row.record) as ScheduleRecord),
    insertExecution: async (record) => insertExecution.run(record.nit, record.scheduleId, record.state, JSON.stringify(record)).changes === 1,
    getExecution: async (nit) => parse(executionByNit.get(nit)),
    updateExecution: async (nit, change) => updateExecution.immediate(nit, change),
    listExecutions: async (scheduleId) => executionsOf.all(scheduleId).map((row) => JSON.parse(row.record) as ExecutionRecord),
    listOwed: async () => executionsIn.all('charged').map((row) => JSON.parse(row.record) as ExecutionRecord),
    listAttention: async () => executionsIn.all('attention').map((row) => JSON.parse(row.record) as ExecutionRecord),
    journalNotice: async (notice) => Number(insertNotice.run(notice.nit, notice.status, notice.receivedAt).lastInsertRowid),
    async settleNotice(id, outcome) {
      settleNotice.run(outcome, id);
    },
    listUnverifiedNotices: async () => unverified.all(),
    forgetVerifiedNotices: async (before) => forgetVerified.run(before).changes,
    async close() {
      if (db.open) db.close();
    },
  };
}
