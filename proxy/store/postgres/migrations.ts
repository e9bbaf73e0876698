/**
 * The shared database's tables, as numbered migrations applied at start (main.ts, before the
 * proxy listens). Several instances may start at once (a deploy of N proxies): each takes the same
 * transaction-level advisory lock first, so one applies what is missing while the others wait,
 * then find it applied. A migration and its row in schema_migrations commit together, so a crash
 * half-way leaves nothing half-done.
 *
 * Rules for adding one: append it with the next number, never edit an applied one, and keep it
 * additive (new tables, new nullable columns, new indexes): during a rolling deploy the previous
 * version's instances keep running on the migrated schema. A database migrated by a newer version
 * than this one is accepted for the same reason.
 *
 * The session is one row of JSONB (read and written whole, as in the SQLite journal) beside the
 * columns that are queried: `unsettled` and `updated_at`. A new field of the session record needs
 * no migration; a new table (schedules, notices…) is a new migration.
 */
import type { Pool } from './pool.ts';
import { inTransaction } from './pool.ts';

export interface Migration {
  version: number;
  /** What it does, in a few words (kept in schema_migrations). */
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, idempotent answers, used order grants',
    sql: `
      CREATE TABLE sessions (
        id text PRIMARY KEY,
        record jsonb NOT NULL,
        unsettled boolean NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX sessions_unsettled ON sessions (updated_at) WHERE unsettled;
      CREATE INDEX sessions_settled_age ON sessions (updated_at) WHERE NOT unsettled;
      CREATE TABLE results (
        session_id text NOT NULL,
        idempotency_key text NOT NULL,
        http_status integer NOT NULL,
        body jsonb NOT NULL,
        stored_at timestamptz NOT NULL,
        pin_receipt boolean NOT NULL,
        PRIMARY KEY (session_id, idempotency_key)
      );
      CREATE INDEX results_pin_receipt ON results (stored_at) WHERE pin_receipt;
      CREATE TABLE used_grants (
        jti text PRIMARY KEY,
        session_id text NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX used_grants_expiry ON used_grants (expires_at);
    `,
  },
  {
    version: 2,
    name: 'authenticity notices relayed between instances',
    sql: `
      CREATE TABLE relayed_notices (
        id bigserial PRIMARY KEY,
        channel text NOT NULL,
        form jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX relayed_notices_age ON relayed_notices (received_at);
    `,
  },
  {
    version: 3,
    name: 'session leases',
    sql: `
      ALTER TABLE sessions ADD COLUMN lease_holder text, ADD COLUMN lease_until timestamptz;
    `,
  },
  {
    version: 4,
    name: 'rate limit counters',
    sql: `
      CREATE TABLE rate_limit_hits (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        reset_at timestamptz NOT NULL
      );
      CREATE INDEX rate_limit_hits_reset ON rate_limit_hits (reset_at);
    `,
  },
  {
    version: 5,
    name: 'card guard',
    sql: `
      CREATE TABLE card_attempts (address text NOT NULL, at timestamptz NOT NULL);
      CREATE INDEX card_attempts_address ON card_attempts (address, at);
      CREATE INDEX card_attempts_age ON card_attempts (at);
      CREATE TABLE card_declines (at timestamptz NOT NULL);
      CREATE INDEX card_declines_age ON card_declines (at);
      CREATE TABLE card_breaker (id integer PRIMARY KEY CHECK (id = 1), paused_until timestamptz NOT NULL);
    `,
  },
  {
    version: 6,
    name: 'schedules, their executions (claimed by one instance at a time) and status notices',
    sql: `
      CREATE TABLE schedules (
        id text PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        session_id text NOT NULL,
        sid text,
        order_id text NOT NULL,
        open boolean NOT NULL,
        record jsonb NOT NULL
      );
      CREATE INDEX schedules_sid ON schedules (sid);
      CREATE INDEX schedules_order ON schedules (order_id);
      CREATE INDEX schedules_session ON schedules (session_id);
      CREATE INDEX schedules_open ON schedules (id) WHERE open;
      CREATE TABLE schedule_executions (
        nit text PRIMARY KEY,
        schedule_id text NOT NULL,
        state text NOT NULL,
        record jsonb NOT NULL,
        inserted bigserial NOT NULL,
        claim_holder text,
        claim_until timestamptz
      );
      CREATE INDEX schedule_executions_schedule ON schedule_executions (schedule_id, inserted);
      CREATE INDEX schedule_executions_state ON schedule_executions (state, inserted);
      CREATE TABLE schedule_notices (
        id bigserial PRIMARY KEY,
        nit text NOT NULL,
        status text NOT NULL,
        received_at text NOT NULL,
        outcome text
      );
      CREATE INDEX schedule_notices_unverified ON schedule_notices (id) WHERE outcome IS NULL;
    `,
  },
  {
    version: 7,
    name: 'the request hash of each idempotent answer',
    // NULL on answers stored before it (or by an older instance during a rolling deploy): replayed to any request.
    sql: 'ALTER TABLE results ADD COLUMN request_hash text',
  },
  {
    version: 8,
    name: 'when an instance last asked Carat about a schedule',
    sql: `
      ALTER TABLE schedules ADD COLUMN asked_at timestamptz;
    `,
  },
  {
    version: 9,
    name: 'verified schedule notices pruned by age',
    sql: 'CREATE INDEX schedule_notices_verified_age ON schedule_notices (received_at) WHERE outcome IS NOT NULL',
  },
];

/** The advisory lock's key: any constant, the same in every version of the proxy. */
const MIGRATION_LOCK = 7_316_504_912_041;

/** Applies the migrations the database lacks, in order; resolves to the versions it applied (none when up to date). */
export async function migrate(pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    // Held to the end of this transaction: a second instance waits here, then sees everything applied.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const missing = [...migrations].sort((a, b) => a.version - b.version).filter((migration) => !applied.has(migration.version));
    for (const migration of missing) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    return missing.map((migration) => migration.version);
  });
}
