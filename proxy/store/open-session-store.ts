/**
 * Which store holds the journal (main.ts): DATABASE_URL → the shared PostgreSQL (store/postgres/),
 * for several proxy processes; otherwise the SQLite journal in DATA_DIR, one process, which
 * main.ts guards with the DATA_DIR lock. The built-in sandbox (which forgets its transactions at
 * each start) always journals to its own SQLite file, started afresh; config.ts refuses
 * DATABASE_URL with it.
 */
import type { ProxyConfig } from '../config.ts';
import { openPostgresSessionStore } from './postgres/postgres-session-store.ts';
import { connectionFailureCode } from './postgres/pool.ts';
import type { SessionStore } from './session-store.ts';
import { createSqliteSessionStore, SANDBOX_JOURNAL_FILE } from './sqlite-session-store.ts';

export interface OpenedJournal {
  store: SessionStore;
  /** True on PostgreSQL: other processes may share it (no DATA_DIR lock). */
  shared: boolean;
}

/** The database could not be reached or migrated at start; the message names a code, never the URL. */
export class DatabaseUnavailable extends Error {
  constructor(code: string) {
    super(`cannot open the PostgreSQL journal (${code})`);
    this.name = 'DatabaseUnavailable';
  }
}

export async function openSessionStore(
  config: Pick<ProxyConfig, 'dataDir' | 'databaseUrl' | 'receiptRetentionMs'>,
  options: { sandbox: boolean; onConnectionLost?: (code: string) => void },
): Promise<OpenedJournal> {
  const { dataDir, receiptRetentionMs } = config;
  if (options.sandbox) return { store: createSqliteSessionStore({ dataDir, receiptRetentionMs, file: SANDBOX_JOURNAL_FILE, startAfresh: true }), shared: false };
  if (config.databaseUrl === undefined) return { store: createSqliteSessionStore({ dataDir, receiptRetentionMs }), shared: false };
  try {
    const store = await openPostgresSessionStore(config.databaseUrl, {
      receiptRetentionMs,
      pool: { onIdleError: (error) => options.onConnectionLost?.(connectionFailureCode(error)) },
    });
    return { store, shared: true };
  } catch (error) {
    throw new DatabaseUnavailable(connectionFailureCode(error));
  }
}
