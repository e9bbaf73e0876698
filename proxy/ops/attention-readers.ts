/**
 * The two ways to read the attention sources (ops/attention.ts), both read-only so they run beside
 * live proxies: the SQLite journal files under DATA_DIR (the gateway's and the sandbox's), or the
 * shared PostgreSQL of DATABASE_URL (one read-only transaction, so every source reads one snapshot).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { connectionFailureCode, inTransaction, openPool } from '../store/postgres/pool.ts';
import { JOURNAL_FILE, SANDBOX_JOURNAL_FILE } from '../store/sqlite-session-store.ts';
import { ATTENTION_SOURCES, type AttentionItem, type AttentionSource, type RecordsRow } from './attention.ts';

const byAge = (items: AttentionItem[]) => items.sort((a, b) => a.since.localeCompare(b.since));

/** Every item of every source, from each journal file present under dataDir. */
export function listAttention(dataDir: string, sources: readonly AttentionSource[] = ATTENTION_SOURCES): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const file of [JOURNAL_FILE, SANDBOX_JOURNAL_FILE]) {
    const path = join(dataDir, file);
    if (!existsSync(path)) continue;
    const journal = new Database(path, { readonly: true, fileMustExist: true });
    try {
      journal.pragma('busy_timeout = 5000');
      const hasTable = journal.prepare<[string], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?");
      for (const source of sources) {
        if (!source.tables.every((table) => hasTable.get(table)?.n === 1)) continue;
        const rows = journal.prepare<[], Record<string, string>>(source.sql.sqlite).all();
        items.push(...rows.map((row) => source.item(Object.fromEntries(Object.entries(row).map(([column, text]) => [column, JSON.parse(text)])))));
      }
    } finally {
      journal.close();
    }
  }
  return byAge(items);
}

/** The database could not be read; the message names DATABASE_URL and a code, never the URL (it may hold the password). */
export class AttentionUnreadable extends Error {
  constructor(code: string) {
    super(`DATABASE_URL: cannot read the PostgreSQL journal (${code})`);
    this.name = 'AttentionUnreadable';
  }
}

/** Every item of every source, from the shared PostgreSQL. */
export async function listAttentionInPostgres(databaseUrl: string, sources: readonly AttentionSource[] = ATTENTION_SOURCES): Promise<AttentionItem[]> {
  const pool = openPool(databaseUrl, { max: 1 });
  try {
    return byAge(await inTransaction(pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const items: AttentionItem[] = [];
      for (const source of sources) {
        const present = await client.query<{ present: boolean }>('SELECT bool_and(to_regclass(name) IS NOT NULL) AS present FROM unnest($1::text[]) AS name', [source.tables]);
        if (!present.rows[0]?.present) continue;
        const { rows } = await client.query<RecordsRow>(source.sql.postgres);
        items.push(...rows.map((row) => source.item(row)));
      }
      return items;
    }));
  } catch (error) {
    throw new AttentionUnreadable(connectionFailureCode(error));
  } finally {
    await pool.end().catch(() => {});
  }
}
