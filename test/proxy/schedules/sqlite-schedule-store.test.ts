/**
 * The schedules' tables in the journal file: what survives a reopen (a restart), one execution per
 * NIT whatever the order of writes, only the token's hash stored, and the journal's other tables
 * untouched beside them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createSqliteScheduleStore } from '../../../proxy/schedules/sqlite-schedule-store.ts';
import type { ExecutionRecord, ScheduleRecord } from '../../../proxy/schedules/schedule-store.ts';
import { hashScheduleToken, newScheduleToken } from '../../../proxy/schedules/schedule-token.ts';
import { createSqliteSessionStore } from '../../../proxy/store/sqlite-session-store.ts';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'schedule-store-'));
  dirs.push(dir);
  return dir;
}

const token = newScheduleToken();
const SCHEDULE: ScheduleRecord = {
  id: 'sched-1', tokenHash: hashScheduleToken(token), sessionId: 'session-1', createdAt: '2026-12-02T05:00:00.000Z',
  dealerCode: '003', dealerName: 'Claro', phone: { ddd: '31', number: '998877665' }, amountCents: 2000, chargeCents: 2000,
  every: 'month', times: 3, startDate: '2026-12-10', orderId: 'RS0001', state: 'activating', sid: 'S'.repeat(64), done: 0,
};
const EXECUTION: ExecutionRecord = {
  nit: 'N'.repeat(64), scheduleId: 'sched-1', date: '2026-12-10', chargeCents: 2000, state: 'charged', attempts: 0, updatedAt: '2026-12-10T03:00:00.000Z',
};

describe('schedule store on SQLite', () => {
  it('keeps schedules, executions and notices across a reopen; one execution per NIT', async () => {
    const dir = dataDir();
    const sessions = createSqliteSessionStore({ dataDir: dir });
    const first = createSqliteScheduleStore({ dataDir: dir });
    await first.putSchedule(SCHEDULE);
    assert.equal(await first.insertExecution(EXECUTION), true);
    assert.equal(await first.insertExecution({ ...EXECUTION, state: 'denied' }), false, 'the first record of a NIT wins');
    const noticeId = await first.journalNotice({ nit: EXECUTION.nit, status: 'CON', receivedAt: '2026-12-10T03:00:01.000Z' });
    await first.close();

    const reopened = createSqliteScheduleStore({ dataDir: dir });
    assert.deepEqual(await reopened.byTokenHash(hashScheduleToken(token)), SCHEDULE);
    assert.deepEqual(await reopened.bySid(SCHEDULE.sid!), SCHEDULE);
    assert.deepEqual(await reopened.byOrderId('RS0001'), SCHEDULE);
    assert.deepEqual((await reopened.listOpen()).map((s) => s.id), ['sched-1']);
    assert.deepEqual(await reopened.listOwed(), [EXECUTION]);
    assert.deepEqual(await reopened.listUnverifiedNotices(), [{ id: noticeId, nit: EXECUTION.nit }]);
    await reopened.settleNotice(noticeId, 'charged');
    assert.deepEqual(await reopened.listUnverifiedNotices(), []);

    await reopened.updateExecution(EXECUTION.nit, (e) => ({ ...e, state: 'attention', attempts: 4 }));
    assert.deepEqual(await reopened.listOwed(), []);
    assert.equal((await reopened.listAttention())[0]?.attempts, 4);
    await reopened.updateSchedule('sched-1', (s) => ({ ...s, state: 'finished' }));
    assert.deepEqual(await reopened.listOpen(), [], 'a finished schedule is not open');
    await assert.rejects(reopened.updateExecution('x'.repeat(64), (e) => e));
    await reopened.close();

    // Beside the sessions' tables, in the same file; the token itself is nowhere in it.
    assert.equal(await sessions.get('nothing'), undefined);
    await sessions.close();
    assert.ok(!readFileSync(join(dir, 'journal.sqlite')).includes(token));
  });

  it('refuses a second schedule under the same token hash', async () => {
    const store = createSqliteScheduleStore({ dataDir: dataDir() });
    await store.putSchedule(SCHEDULE);
    await assert.rejects(store.putSchedule({ ...SCHEDULE, id: 'sched-2' }));
    await store.close();
  });
});
