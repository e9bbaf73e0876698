/**
 * The three SessionStore implementations, for the store contract tests: each test file runs its
 * tests against every kind. The memory store; the SQLite journal in a temp DATA_DIR; the PostgreSQL
 * store on a throwaway server (started on first use, one per test file, a fresh database per store).
 * storeKinds() registers the clean-up (temp folders removed, server stopped) with the file's after().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { createMemorySessionStore } from '../../../proxy/store/memory-session-store.ts';
import { openPostgresSessionStore } from '../../../proxy/store/postgres/postgres-session-store.ts';
import type { SessionStore } from '../../../proxy/store/session-store.ts';
import { createSqliteSessionStore } from '../../../proxy/store/sqlite-session-store.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.ts';

export interface StoreOptions {
  now?: () => number;
  receiptRetentionMs?: number;
}

export interface OpenedStore {
  store: SessionStore;
  /** Another handle on the same data, as a second proxy process has it; none for the memory store. */
  sibling?: () => Promise<SessionStore>;
}

export interface StoreKind {
  name: 'memory' | 'sqlite' | 'postgres';
  open(options?: StoreOptions): Promise<OpenedStore>;
}

export function storeKinds(): StoreKind[] {
  const dirs: string[] = [];
  let server: Promise<ThrowawayPostgres> | undefined;
  const siblings: SessionStore[] = [];
  after(async () => {
    for (const sibling of siblings) await sibling.close();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    if (server) await (await server).stop();
  });
  const keep = (store: SessionStore) => (siblings.push(store), store);

  return [
    { name: 'memory', open: async (options) => ({ store: createMemorySessionStore(options) }) },
    {
      name: 'sqlite',
      async open(options = {}) {
        const dataDir = mkdtempSync(join(tmpdir(), 'store-contract-'));
        dirs.push(dataDir);
        return {
          store: createSqliteSessionStore({ dataDir, ...options }),
          sibling: async () => keep(createSqliteSessionStore({ dataDir, ...options })),
        };
      },
    },
    {
      name: 'postgres',
      async open(options = {}) {
        server ??= startThrowawayPostgres();
        const url = await (await server).freshDatabase();
        return {
          store: await openPostgresSessionStore(url, options),
          sibling: async () => keep(await openPostgresSessionStore(url, options)),
        };
      },
    },
  ];
}
