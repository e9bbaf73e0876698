/**
 * Moving from SQLite: the journal's schedules, executions and unverified notices copied to
 * PostgreSQL (npm run ops -- copy-schedules), so that Carat's later charges of those schedules are
 * still topped up, and the ones already recorded are not topped up again; refused while a top-up
 * attempt is open in the SQLite journal; a second run copies nothing twice.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import type { ExecutionRecord, ScheduleRecord } from '../../../../proxy/schedules/schedule-store.ts';
import { createSqliteScheduleStore } from '../../../../proxy/schedules/sqlite-schedule-store.ts';
import { copySchedulesToPostgres } from '../../../../proxy/store/postgres/copy-schedules-cli.ts';
import { TopUpStillOpen } from '../../../../proxy/store/postgres/copy-schedules.ts';
import { openPool } from '../../../../proxy/store/postgres/pool.ts';
import { createPostgresScheduleStore } from '../../../../proxy/store/postgres/postgres-schedule-store.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway-postgres.ts';

const SCHEDULE: ScheduleRecord = {
  id: 'sched-1', tokenHash: 'h'.repeat(43), sessionId: 'session-1', createdAt: '2026-12-02T05:00:00.000Z',
  dealerCode: '003', dealerName: 'Claro', phone: { ddd: '31', number: '998877665' }, amountCents: 2000, chargeCents: 2000,
  every: 'month', times: 3, startDate: '2026-12-10', orderId: 'RS0001', state: 'active', sid: 'S'.repeat(64), done: 1,
};
const DONE: ExecutionRecord = { nit: 'A'.repeat(64), scheduleId: 'sched-1', date: '2026-12-10', chargeCents: 2000, state: 'topped_up', attempts: 1, updatedAt: '2026-12-10T03:00:00.000Z' };

let server: ThrowawayPostgres;
const dirs: string[] = [];
before(async () => {
  server = await startThrowawayPostgres();
});
after(async () => {
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  await server.stop();
});

function dataDirWith(executions: ExecutionRecord[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'copy-schedules-'));
  dirs.push(dir);
  const sqlite = createSqliteScheduleStore({ dataDir: dir });
  return (async () => {
    await sqlite.putSchedule(SCHEDULE);
    for (const execution of executions) await sqlite.insertExecution(execution);
    await sqlite.journalNotice({ nit: 'B'.repeat(64), status: 'CON', receivedAt: '2026-12-11T03:00:00.000Z' });
    await sqlite.close();
    return dir;
  })();
}

test('copies schedules, executions and unverified notices; a second run copies nothing twice', async () => {
  const url = await server.freshDatabase();
  const dir = await dataDirWith([DONE]);
  assert.deepEqual(await copySchedulesToPostgres(dir, url), { schedules: 1, executions: 1, notices: 1 });
  assert.deepEqual(await copySchedulesToPostgres(dir, url), { schedules: 1, executions: 0, notices: 1 }, 'the execution is not recorded twice');
  const pool = openPool(url, { max: 1 });
  try {
    const store = createPostgresScheduleStore({ pool });
    assert.deepEqual(await store.bySid(SCHEDULE.sid!), SCHEDULE, 'the shopper\'s token hash and Carat\'s SID came along');
    assert.deepEqual(await store.listExecutions('sched-1'), [DONE]);
    assert.equal(await store.insertExecution({ ...DONE, state: 'charged' }), false, 'a repeated notice of that charge finds it recorded');
    assert.deepEqual((await store.listUnverifiedNotices()).map((notice) => notice.nit), ['B'.repeat(64), 'B'.repeat(64)]);
  } finally {
    await pool.end();
  }
});

test('refused while a top-up attempt is open in the SQLite journal; nothing copied', async () => {
  const url = await server.freshDatabase();
  const dir = await dataDirWith([{ ...DONE, nit: 'C'.repeat(64), state: 'charged', sessionId: 'attempt-session' }]);
  await assert.rejects(copySchedulesToPostgres(dir, url), TopUpStillOpen);
  const pool = openPool(url, { max: 1 });
  try {
    assert.equal((await pool.query('SELECT * FROM schedules')).rowCount, 0);
  } finally {
    await pool.end();
  }
});

test('npm run ops -- copy-schedules: the count on success, the reason (never the URL) on failure', async () => {
  const url = await server.freshDatabase();
  const dir = await dataDirWith([DONE]);
  const cli = join(import.meta.dirname, '../../../../proxy/ops/ops-cli.ts');
  const run = (env: Record<string, string>) => promisify(execFile)(process.execPath, ['--import', 'tsx', cli, 'copy-schedules'], { env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, ...env } });
  const { stdout } = await run({ DATABASE_URL: url });
  assert.match(stdout, /copied 1 schedule\(s\), 1 new execution\(s\), 1 unverified notice\(s\)/);
  const unreachable = 'postgres://someone:secret-password@127.0.0.1:1/none';
  const failed = await run({ DATABASE_URL: unreachable }).then(() => assert.fail('expected a failure'), (error: { code: number; stderr: string }) => error);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /DATABASE_URL: cannot open the PostgreSQL journal \(ECONNREFUSED\)/);
  assert.doesNotMatch(failed.stderr, /secret-password/);
});
