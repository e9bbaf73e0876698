/**
 * Which store holds the journal (main.ts): DATABASE_URL → the shared PostgreSQL (store/postgres/),
 * for several proxy processes; otherwise the SQLite journal in DATA_DIR, one process, which
 * main.ts guards with the DATA_DIR lock. The built-in sandbox (which forgets its transactions at
 * each start) always journals to its own SQLite file, started afresh; config.ts refuses
 * DATABASE_URL with it.
 */
import type { ProxyConfig } from '../config.ts';
import { migrate } from './postgres/migrations.ts';
import { openNoticeRelay, type NoticeRelay } from './postgres/notice-relay.ts';
import { connectionFailureCode, openPool } from './postgres/pool.ts';
import { createPostgresSessionLeases } from './postgres/postgres-session-leases.ts';
import { createPostgresSessionStore } from './postgres/postgres-session-store.ts';
import { postgresRateLimitCounters, type RateLimitCounters } from './postgres/rate-limit-counters.ts';
import type { SessionLeases } from './session-leases.ts';
import type { SessionStore } from './session-store.ts';
import { createSqliteSessionStore, SANDBOX_JOURNAL_FILE } from './sqlite-session-store.ts';

export interface OpenedJournal {
  store: SessionStore;
  /** True on PostgreSQL: other processes may share it (no DATA_DIR lock). */
  shared: boolean;
  /** PostgreSQL: relays Carat's authenticity POSTs between the instances (createApp's noticeRelay); close it after the store. */
  noticeRelay?: NoticeRelay;
  /** PostgreSQL: the sessions' leases, for SessionFlows (one process alone needs none). */
  leases?: SessionLeases;
  /** PostgreSQL: the rate limits' counters, shared by the instances (createApp's rateLimitCounters). */
  rateLimitCounters?: RateLimitCounters;
}

/** The database could not be reached or migrated at start; the message names a code, never the URL. */
export class DatabaseUnavailable extends Error {
  constructor(code: string) {
    super(`cannot open the PostgreSQL journal (${code})`);
    this.name = 'DatabaseUnavailable';
  }
}

export async function openSessionStore(
  config: Pick<ProxyConfig, 'dataDir' | 'databaseUrl' | 'receiptRetentionMs'> & Partial<Pick<ProxyConfig, 'sessionLeaseMs'>>,
  options: { sandbox: boolean; onConnectionLost?: (code: string) => void },
): Promise<OpenedJournal> {
  const { dataDir, receiptRetentionMs } = config;
  if (options.sandbox) return { store: createSqliteSessionStore({ dataDir, receiptRetentionMs, file: SANDBOX_JOURNAL_FILE, startAfresh: true }), shared: false };
  if (config.databaseUrl === undefined) return { store: createSqliteSessionStore({ dataDir, receiptRetentionMs }), shared: false };
  const lost = (error: Error) => options.onConnectionLost?.(connectionFailureCode(error));
  const pool = openPool(config.databaseUrl, { onIdleError: lost });
  try {
    await migrate(pool);
    const noticeRelay = await openNoticeRelay({ url: config.databaseUrl, pool, onListenerLost: lost });
    const leases = createPostgresSessionLeases({ pool, ...(config.sessionLeaseMs ? { ttlMs: config.sessionLeaseMs } : {}) });
    const rateLimitCounters = postgresRateLimitCounters(pool);
    return { store: createPostgresSessionStore({ pool, receiptRetentionMs }), shared: true, noticeRelay, leases, rateLimitCounters };
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailable(connectionFailureCode(error));
  }
}
