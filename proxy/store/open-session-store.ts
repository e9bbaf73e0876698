/**
 * Which store holds the journal (main.ts): DATABASE_URL → the shared PostgreSQL (store/postgres/),
 * for several proxy processes (sessions and schedules); otherwise the SQLite journal in DATA_DIR, one process, which
 * main.ts guards with the DATA_DIR lock. The built-in sandbox (which forgets its transactions at
 * each start) always journals to its own SQLite file, started afresh; config.ts refuses
 * DATABASE_URL with it.
 */
import type { AppDeps } from '../app.ts';
import type { ProxyConfig } from '../config.ts';
import { migrate } from './postgres/migrations.ts';
import { openNoticeRelay } from './postgres/notice-relay.ts';
import { connectionFailureCode, openPool } from './postgres/pool.ts';
import { postgresCardGuards } from './postgres/postgres-card-guard.ts';
import { createPostgresScheduleStore } from './postgres/postgres-schedule-store.ts';
import { createPostgresSessionLeases } from './postgres/postgres-session-leases.ts';
import { createPostgresSessionStore } from './postgres/postgres-session-store.ts';
import { postgresRateLimitCounters } from './postgres/rate-limit-counters.ts';
import type { ScheduleStore } from '../schedules/schedule-store.ts';
import type { SessionLeases } from './session-leases.ts';
import type { SessionStore } from './session-store.ts';
import { createSqliteSessionStore, SANDBOX_JOURNAL_FILE } from './sqlite-session-store.ts';

export interface OpenedJournal {
  store: SessionStore;
  /** True on PostgreSQL: other processes may share it (no DATA_DIR lock). */
  shared: boolean;
  /** PostgreSQL: the sessions' leases, for SessionFlows (one process alone needs none). */
  leases?: SessionLeases;
  /**
   * PostgreSQL: the schedules' tables on the same pool (closed with the store); absent, main.ts
   * keeps them in the SQLite journal file.
   */
  scheduleStore?: ScheduleStore;
  /**
   * PostgreSQL: createApp's parts that the instances share through the database (none for one
   * process): the authenticity notices' relay (close it after the store), the rate limits'
   * counters and the card guard.
   */
  sharedParts: Pick<AppDeps, 'noticeRelay' | 'rateLimitCounters' | 'cardGuards'>;
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
  if (options.sandbox) {
    return { store: createSqliteSessionStore({ dataDir, receiptRetentionMs, file: SANDBOX_JOURNAL_FILE, startAfresh: true }), shared: false, sharedParts: {} };
  }
  if (config.databaseUrl === undefined) return { store: createSqliteSessionStore({ dataDir, receiptRetentionMs }), shared: false, sharedParts: {} };
  const lost = (error: Error) => options.onConnectionLost?.(connectionFailureCode(error));
  const pool = openPool(config.databaseUrl, { onIdleError: lost });
  try {
    await migrate(pool);
    const noticeRelay = await openNoticeRelay({ url: config.databaseUrl, pool, onListenerLost: lost });
    const ttl = config.sessionLeaseMs ? { ttlMs: config.sessionLeaseMs } : {};
    const leases = createPostgresSessionLeases({ pool, ...ttl });
    return {
      store: createPostgresSessionStore({ pool, receiptRetentionMs }),
      shared: true,
      leases,
      // A top-up's claim lasts as long as its session's lease: both cover the same run.
      scheduleStore: createPostgresScheduleStore({ pool, ...(ttl.ttlMs ? { claimTtlMs: ttl.ttlMs } : {}) }),
      sharedParts: { noticeRelay, rateLimitCounters: postgresRateLimitCounters(pool), cardGuards: postgresCardGuards(pool) },
    };
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailable(connectionFailureCode(error));
  }
}
