/**
 * One proxy process per DATA_DIR (recharge/settlement.ts, rule 10): two would recover and settle
 * the same sessions. Node has no flock, so the lock is SQLite's own: a dedicated database,
 * DATA_DIR/proxy.lock, opened in `locking_mode=EXCLUSIVE` and written once, which leaves its
 * connection holding an exclusive file lock until it closes. The lock is the operating system's
 * (POSIX advisory locks), so it goes when the holder dies, SIGKILL included: no stale lock file to
 * clean up. A second process (or a second open in this one) finds the file locked at once.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'proxy.lock';

export class DataDirInUse extends Error {
  constructor(dataDir: string) {
    super(`another recharge proxy uses this DATA_DIR (${resolve(dataDir)}); run one proxy per DATA_DIR, or give this one its own`);
    this.name = 'DataDirInUse';
  }
}

export interface DataDirLock {
  /** Releases the lock (at shutdown; the process's end releases it too). */
  release(): void;
}

/**
 * The open lock databases. better-sqlite3 closes a database once it is garbage-collected, and that
 * releases the OS lock: a caller that dropped its handle would lose the lock at the next GC.
 */
const held = new Set<Database.Database>();

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock, and exclusive locking mode keeps it.
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    db.prepare('DELETE FROM holder').run();
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY' || (error as { code?: unknown }).code === 'SQLITE_LOCKED') throw new DataDirInUse(dataDir);
    throw error;
  }
  held.add(db);
  return {
    release() {
      held.delete(db);
      if (db.open) db.close();
    },
  };
}
