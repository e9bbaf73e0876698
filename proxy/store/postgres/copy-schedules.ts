/**
 * Moving from SQLite to PostgreSQL (README, "Moving from SQLite"): sessions need no copy once the
 * SQLite proxy has drained, but schedules do. Carat keeps charging them for months, and a charge
 * whose schedule the new instances do not know is "not one of our schedules": charged, never
 * topped up. So their rows are copied: every schedule (with its token hash, so the shoppers' links
 * keep working), every execution (so no charge is recorded, or topped up, twice) and the notices
 * not verified yet. Run with the SQLite proxy stopped, before the instances serve Carat's notices.
 *
 * Refused while an execution's top-up attempt is open (charged, with an attempt session): that
 * session's journal is in the SQLite file, and only the old proxy's recovery can say whether it
 * topped up; let it finish first. Running it again copies nothing twice (schedules are upserted,
 * executions keyed by NIT), but journals the unverified notices again (verifying one twice is harmless).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ExecutionRecord, ScheduleRecord, ScheduleStore } from '../../schedules/schedule-store.ts';
import { JOURNAL_FILE } from '../sqlite-session-store.ts';

export interface CopiedSchedules {
  schedules: number;
  executions: number;
  notices: number;
}

export class TopUpStillOpen extends Error {
  constructor(count: number) {
    super(`${count} schedule top-up(s) still in progress in the SQLite journal: start the SQLite proxy again until its reconciliation settles them, then copy`);
    this.name = 'TopUpStillOpen';
  }
}

export async function copySchedulesFromSqlite(dataDir: string, target: ScheduleStore): Promise<CopiedSchedules> {
  const path = join(dataDir, JOURNAL_FILE);
  if (!existsSync(path)) return { schedules: 0, executions: 0, notices: 0 };
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hasTables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schedules'").get() as { n: number };
    if (hasTables.n === 0) return { schedules: 0, executions: 0, notices: 0 };
    const schedules = (db.prepare('SELECT record FROM schedules ORDER BY rowid').all() as Array<{ record: string }>).map((row) => JSON.parse(row.record) as ScheduleRecord);
    const executions = (db.prepare('SELECT record FROM schedule_executions ORDER BY rowid').all() as Array<{ record: string }>).map((row) => JSON.parse(row.record) as ExecutionRecord);
    const notices = db.prepare('SELECT nit, status, received_at AS receivedAt FROM schedule_notices WHERE outcome IS NULL ORDER BY id').all() as Array<{ nit: string; status: string; receivedAt: string }>;
    const open = executions.filter((execution) => execution.state === 'charged' && execution.sessionId !== undefined);
    if (open.length > 0) throw new TopUpStillOpen(open.length);
    for (const schedule of schedules) await target.putSchedule(schedule);
    let copied = 0;
    for (const execution of executions) if (await target.insertExecution(execution)) copied += 1;
    for (const notice of notices) await target.journalNotice(notice);
    return { schedules: schedules.length, executions: copied, notices: notices.length };
  } finally {
    db.close();
  }
}
