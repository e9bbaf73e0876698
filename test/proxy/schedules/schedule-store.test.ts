/**
 * The schedule store contract, on every store (memory, the SQLite journal, the shared PostgreSQL):
 * what survives a reopen (a restart, or another instance), one execution per NIT whatever the
 * order of writes and whichever handle writes first, updates that take turns, only the token's hash
 * stored; and on the shared store, one top-up run per execution between instances (the claim) and
 * one question to Carat per schedule per interval (the asked-at mark).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutionRecord, ScheduleRecord } from '../../../proxy/schedules/schedule-store.ts';
import { hashScheduleToken, newScheduleToken } from '../../../proxy/schedules/schedule-token.ts';
import { scheduleStoreKinds } from '../support/schedule-store-kinds.ts';

const token = newScheduleToken();
const SCHEDULE: ScheduleRecord = {
  id: 'sched-1', tokenHash: hashScheduleToken(token), sessionId: 'session-1', createdAt: '2026-12-02T05:00:00.000Z',
  dealerCode: '003', dealerName: 'Claro', phone: { ddd: '31', number: '998877665' }, amountCents: 2000, chargeCents: 2000,
  every: 'month', times: 3, startDate: '2026-12-10', orderId: 'RS0001', state: 'activating', sid: 'S'.repeat(64), done: 0,
};
const EXECUTION: ExecutionRecord = {
  nit: 'N'.repeat(64), scheduleId: 'sched-1', date: '2026-12-10', chargeCents: 2000, state: 'charged', attempts: 0, updatedAt: '2026-12-10T03:00:00.000Z',
};

for (const kind of scheduleStoreKinds()) {
  describe(`schedule store: ${kind.name}`, () => {
    it('keeps schedules, executions and notices (across a reopen); one execution per NIT', async () => {
      const opened = await kind.open();
      const first = opened.store;
      await first.putSchedule(SCHEDULE);
      assert.equal(await first.insertExecution(EXECUTION), true);
      assert.equal(await first.insertExecution({ ...EXECUTION, state: 'denied' }), false, 'the first record of a NIT wins');
      const noticeId = await first.journalNotice({ nit: EXECUTION.nit, status: 'CON', receivedAt: '2026-12-10T03:00:01.000Z' });
      let store = first;
      if (opened.reopen) {
        await first.close();
        store = await opened.reopen();
      }
      assert.deepEqual(await store.byTokenHash(hashScheduleToken(token)), SCHEDULE);
      assert.deepEqual(await store.bySid(SCHEDULE.sid!), SCHEDULE);
      assert.deepEqual(await store.byOrderId('RS0001'), SCHEDULE);
      assert.deepEqual(await store.getSchedule('sched-1'), SCHEDULE);
      assert.deepEqual((await store.listForSession('session-1')).map((s) => s.id), ['sched-1']);
      assert.deepEqual((await store.listOpen()).map((s) => s.id), ['sched-1']);
      assert.deepEqual(await store.listOwed(), [EXECUTION]);
      assert.deepEqual(await store.listExecutions('sched-1'), [EXECUTION]);
      assert.deepEqual(await store.listUnverifiedNotices(), [{ id: noticeId, nit: EXECUTION.nit }]);
      await store.settleNotice(noticeId, 'charged');
      assert.deepEqual(await store.listUnverifiedNotices(), []);

      await store.updateExecution(EXECUTION.nit, (e) => ({ ...e, state: 'attention', attempts: 4 }));
      assert.deepEqual(await store.listOwed(), []);
      assert.equal((await store.listAttention())[0]?.attempts, 4);
      await store.updateSchedule('sched-1', (s) => ({ ...s, state: 'finished' }));
      assert.deepEqual(await store.listOpen(), [], 'a finished schedule is not open');
      await assert.rejects(store.updateExecution('x'.repeat(64), (e) => e));
      await assert.rejects(store.updateSchedule('nope', (s) => s));
      await store.close();
      // The token itself is nowhere in the stored data.
      if (opened.rawData) assert.ok(!(await opened.rawData()).includes(token));
    });

    it('forgets verified notices older than the cutoff, never an unverified one', async () => {
      const { store } = await kind.open();
      const old = await store.journalNotice({ nit: 'a'.repeat(64), status: 'CON', receivedAt: '2026-12-01T03:00:00.000Z' });
      const unverified = await store.journalNotice({ nit: 'b'.repeat(64), status: 'CON', receivedAt: '2026-12-01T03:00:01.000Z' });
      const recent = await store.journalNotice({ nit: 'c'.repeat(64), status: 'CON', receivedAt: '2026-12-02T03:00:00.000Z' });
      await store.settleNotice(old, 'unknown to Carat');
      await store.settleNotice(recent, 'known');
      assert.equal(await store.forgetVerifiedNotices('2026-12-02T00:00:00.000Z'), 1);
      assert.equal(await store.forgetVerifiedNotices('2026-12-02T00:00:00.000Z'), 0);
      assert.deepEqual(await store.listUnverifiedNotices(), [{ id: unverified, nit: 'b'.repeat(64) }]);
      const next = await store.journalNotice({ nit: 'd'.repeat(64), status: 'CON', receivedAt: '2026-12-02T04:00:00.000Z' });
      assert.ok(next > recent, 'ids stay unique after a deletion');
      await store.close();
    });

    it('refuses a second schedule under the same token hash', async () => {
      const { store } = await kind.open();
      await store.putSchedule(SCHEDULE);
      await assert.rejects(store.putSchedule({ ...SCHEDULE, id: 'sched-2' }));
      await store.close();
    });

    it('records one execution per NIT when two handles race, and their updates take turns', async () => {
      const opened = await kind.open();
      const other = opened.reopen ? await opened.reopen() : opened.store;
      await opened.store.putSchedule(SCHEDULE);
      const inserted = await Promise.all([
        opened.store.insertExecution(EXECUTION),
        other.insertExecution({ ...EXECUTION, state: 'denied' }),
        opened.store.insertExecution(EXECUTION),
        other.insertExecution(EXECUTION),
      ]);
      assert.equal(inserted.filter(Boolean).length, 1, 'one insert wins');
      const count = (handle: typeof other) => handle.updateExecution(EXECUTION.nit, (e) => ({ ...e, attempts: e.attempts + 1 }));
      await Promise.all([...Array(6)].flatMap(() => [count(opened.store), count(other)]));
      assert.equal((await opened.store.getExecution(EXECUTION.nit))?.attempts, 12, 'no update lost');
      await opened.store.close();
      if (other !== opened.store) await other.close();
    });

    if (kind.name !== 'postgres') {
      it('has no claim: one process keeps its top-ups apart in memory', async () => {
        const { store } = await kind.open();
        assert.equal(store.holdExecution, undefined);
        assert.equal(store.claimQuery, undefined, 'one process alone asks Carat at each pass');
        await store.close();
      });
      return;
    }

    it('lets one instance at a time run an execution\'s top-up (the claim), and another once it is done', async () => {
      const opened = await kind.open();
      const a = opened.store;
      const b = await opened.reopen!();
      await a.putSchedule(SCHEDULE);
      await a.insertExecution(EXECUTION);
      let release!: () => void;
      const running = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const first = a.holdExecution!(EXECUTION.nit, async () => {
        entered();
        await running;
        return 'a ran';
      });
      await inside;
      let bRan = false;
      assert.deepEqual(await b.holdExecution!(EXECUTION.nit, async () => (bRan = true)), { ran: false }, 'held by A');
      assert.equal(bRan, false);
      assert.deepEqual(await a.holdExecution!(EXECUTION.nit, async () => 'again'), { ran: true, value: 'again' }, 'the holder itself may');
      release();
      assert.deepEqual(await first, { ran: true, value: 'a ran' });
      assert.deepEqual(await b.holdExecution!(EXECUTION.nit, async () => 'b ran'), { ran: true, value: 'b ran' }, 'free once A is done');
      assert.deepEqual(await b.holdExecution!('unknown', async () => 'x'), { ran: false }, 'no such execution');
      // A failing run gives the claim up too.
      await assert.rejects(a.holdExecution!(EXECUTION.nit, async () => {
        throw new Error('boom');
      }), /boom/);
      assert.equal((await b.holdExecution!(EXECUTION.nit, async () => 'b again')).ran, true);
      await a.close();
      await b.close();
    });

    it('lets one instance ask Carat about a schedule per interval (the asked-at mark), whichever asks first', async () => {
      const opened = await kind.open();
      const a = opened.store;
      const b = await opened.reopen!();
      await a.putSchedule(SCHEDULE);
      const minute = 60_000;
      const claims = await Promise.all([a, b, a, b].map((store) => store.claimQuery!(SCHEDULE.id, minute)));
      assert.equal(claims.filter(Boolean).length, 1, 'four at once: one may ask');
      assert.equal(await b.claimQuery!(SCHEDULE.id, minute), false, 'asked less than a minute ago');
      assert.equal(await b.claimQuery!(SCHEDULE.id, 0), true, 'an interval of nothing: always');
      assert.equal(await a.claimQuery!('unknown', minute), false);
      // A rewrite of the record (any update) keeps the mark.
      await a.updateSchedule(SCHEDULE.id, (record) => ({ ...record, done: 1 }));
      assert.equal(await a.claimQuery!(SCHEDULE.id, minute), false);
      await a.close();
      await b.close();
    });
  });
}
