/**
 * The three ScheduleStore implementations, for the schedule store contract tests: in memory; the
 * tables in the SQLite journal of a temp DATA_DIR; the shared PostgreSQL's tables on a throwaway
 * server (started on first use, a fresh database per store). `reopen` gives another handle on the
 * same data (a restart, or a second instance); the memory store has none. Clean-up goes to after().
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { createMemoryScheduleStore } from '../../../proxy/schedules/memory-schedule-store.ts';
import type { ScheduleStore } from '../../../proxy/schedules/schedule-store.ts';
import { createSqliteScheduleStore } from '../../../proxy/schedules/sqlite-schedule-store.ts';
import { migrate } from '../../../proxy/store/postgres/migrations.ts';
import { openPool, type Pool } from '../../../proxy/store/postgres/pool.ts';
import { createPostgresScheduleStore } from '../../../proxy/store/postgres/postgres-schedule-store.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.ts';

export interface OpenedScheduleStore {
  store: ScheduleStore;
  /** Another handle on the same data: a restarted proxy, or another instance (PostgreSQL: another holder). */
  reopen?: () => Promise<ScheduleStore>;
  /** What a raw reader of the data finds: the bytes of the SQLite file, or every row of the PostgreSQL tables as text. */
  rawData?: () => Promise<string>;
}

export interface ScheduleStoreKind {
  name: 'memory' | 'sqlite' | 'postgres';
  open(options?: { claimTtlMs?: number }): Promise<OpenedScheduleStore>;
}

export function scheduleStoreKinds(): ScheduleStoreKind[] {
  const dirs: string[] = [];
  const pools: Pool[] = [];
  let server: Promise<ThrowawayPostgres> | undefined;
  after(async () => {
    for (const pool of pools) await pool.end();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    if (server) await (await server).stop();
  });

  return [
    { name: 'memory', open: async () => ({ store: createMemoryScheduleStore() }) },
    {
      name: 'sqlite',
      async open() {
        const dataDir = mkdtempSync(join(tmpdir(), 'schedule-store-'));
        dirs.push(dataDir);
        return {
          store: createSqliteScheduleStore({ dataDir }),
          reopen: async () => createSqliteScheduleStore({ dataDir }),
          rawData: async () => readFileSync(join(dataDir, 'journal.sqlite')).toString('latin1'),
        };
      },
    },
    {
      name: 'postgres',
      async open(options = {}) {
        server ??= startThrowawayPostgres();
        const url = await (await server).freshDatabase();
        const handle = async (holder: string) => {
          const pool = openPool(url, { max: 4 });
          pools.push(pool);
          await migrate(pool);
          return createPostgresScheduleStore({ pool, holder, ...options });
        };
        return {
          store: await handle('instance A'),
          reopen: () => handle('instance B'),
          async rawData() {
            const pool = openPool(url, { max: 1 });
            try {
              const tables = ['schedules', 'schedule_executions', 'schedule_notices'];
              const dumps = await Promise.all(tables.map(async (table) => JSON.stringify((await pool.query(`SELECT * FROM ${table}`)).rows)));
              return dumps.join('\n');
            } finally {
              await pool.end();
            }
          },
        };
      },
    },
  ];
}
