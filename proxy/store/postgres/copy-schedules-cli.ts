/** `npm run ops -- copy-schedules`: opens DATABASE_URL (migrated, as at a start) and copies DATA_DIR's schedules into it. */
import { copySchedulesFromSqlite, type CopiedSchedules } from './copy-schedules.ts';
import { migrate } from './migrations.ts';
import { connectionFailureCode, openPool } from './pool.ts';
import { createPostgresScheduleStore } from './postgres-schedule-store.ts';

export async function copySchedulesToPostgres(dataDir: string, databaseUrl: string | undefined): Promise<CopiedSchedules> {
  if (!databaseUrl) throw new Error('DATABASE_URL: set it to the PostgreSQL the instances will use');
  const pool = openPool(databaseUrl, { max: 2 });
  try {
    try {
      await migrate(pool);
    } catch (error) {
      // A code, never the URL (it may hold the password).
      throw new Error(`DATABASE_URL: cannot open the PostgreSQL journal (${connectionFailureCode(error)})`);
    }
    return await copySchedulesFromSqlite(dataDir, createPostgresScheduleStore({ pool }));
  } finally {
    await pool.end();
  }
}
