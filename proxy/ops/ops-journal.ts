/**
 * The journal's stores for an ops command that writes (resolve), opened beside live proxies: with
 * DATABASE_URL the shared PostgreSQL's tables (not migrated here: a database no proxy migrated has
 * nothing to resolve, and says so by its error code), else the SQLite journal file under DATA_DIR,
 * which must exist (an empty one would resolve nothing).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ScheduleStore } from '../schedules/schedule-store.ts';
import { createSqliteScheduleStore } from '../schedules/sqlite-schedule-store.ts';
import { openPool } from '../store/postgres/pool.ts';
import { createPostgresScheduleStore } from '../store/postgres/postgres-schedule-store.ts';
import { createPostgresSessionStore } from '../store/postgres/postgres-session-store.ts';
import type { SessionStore } from '../store/session-store.ts';
import { createSqliteSessionStore, JOURNAL_FILE } from '../store/sqlite-session-store.ts';

export interface OpsJournal {
  sessions: SessionStore;
  schedules: ScheduleStore;
  close(): Promise<void>;
}

export class NoJournal extends Error {
  constructor() {
    super(`DATA_DIR: no ${JOURNAL_FILE} here (set DATA_DIR to the proxy's, or DATABASE_URL)`);
    this.name = 'NoJournal';
  }
}

function openStores(dataDir: string, databaseUrl: string | undefined): Omit<OpsJournal, 'close'> {
  if (databaseUrl) {
    // One pool for both; the session store's close ends it.
    const pool = openPool(databaseUrl, { max: 2 });
    return { sessions: createPostgresSessionStore({ pool }), schedules: createPostgresScheduleStore({ pool }) };
  }
  if (!existsSync(join(dataDir, JOURNAL_FILE))) throw new NoJournal();
  return { sessions: createSqliteSessionStore({ dataDir }), schedules: createSqliteScheduleStore({ dataDir }) };
}

export function openOpsJournal(dataDir: string, databaseUrl: string | undefined): OpsJournal {
  const { sessions, schedules } = openStores(dataDir, databaseUrl);
  return { sessions, schedules, close: async () => (await schedules.close(), await sessions.close()) };
}
