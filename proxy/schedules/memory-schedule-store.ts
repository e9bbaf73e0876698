/**
 * ScheduleStore in memory: createSchedules' default when given no store (createApp without one: the
 * test stacks, the contract test). main.ts always passes a durable one: the SQLite journal's tables
 * (sqlite-schedule-store.ts) or, with DATABASE_URL, PostgreSQL's. Nothing survives the process.
 * The same promises as those for one process: a token hash and an execution's NIT are unique
 * (insertExecution answers false for a NIT already there), records are handed out as copies; no
 * holdExecution and no claimQuery, which only a store shared between processes needs (one process
 * keeps its top-ups apart in ScheduleDeps.topUpsInFlight and asks Carat at each reconciliation pass).
 */
import { isOpenSchedule, type ExecutionRecord, type ScheduleRecord, type ScheduleStore } from './schedule-store.ts';

const copy = <T>(value: T): T => structuredClone(value);

export function createMemoryScheduleStore(): ScheduleStore {
  const schedules = new Map<string, ScheduleRecord>();
  const executions = new Map<string, ExecutionRecord>();
  let notices: Array<{ id: number; nit: string; status: string; receivedAt: string; outcome?: string }> = [];
  let lastNoticeId = 0;
  const find = (test: (record: ScheduleRecord) => boolean) => {
    const found = [...schedules.values()].find(test);
    return found && copy(found);
  };

  return {
    async putSchedule(record) {
      if ([...schedules.values()].some((other) => other.tokenHash === record.tokenHash && other.id !== record.id)) throw new Error('token hash in use');
      schedules.set(record.id, copy(record));
    },
    async getSchedule(id) {
      const found = schedules.get(id);
      return found && copy(found);
    },
    byTokenHash: async (tokenHash) => find((record) => record.tokenHash === tokenHash),
    bySid: async (sid) => find((record) => record.sid === sid),
    byOrderId: async (orderId) => find((record) => record.orderId === orderId),
    async updateSchedule(id, change) {
      const found = schedules.get(id);
      if (!found) throw new Error('update of an unknown schedule');
      const next = change(copy(found));
      schedules.set(id, copy(next));
      return next;
    },
    listOpen: async () => [...schedules.values()].filter(isOpenSchedule).map(copy),
    listForSession: async (sessionId) => [...schedules.values()].filter((record) => record.sessionId === sessionId).map(copy),
    async insertExecution(record) {
      if (executions.has(record.nit)) return false;
      executions.set(record.nit, copy(record));
      return true;
    },
    async getExecution(nit) {
      const found = executions.get(nit);
      return found && copy(found);
    },
    async updateExecution(nit, change) {
      const found = executions.get(nit);
      if (!found) throw new Error('update of an unknown execution');
      const next = change(copy(found));
      executions.set(nit, copy(next));
      return next;
    },
    listExecutions: async (scheduleId) => [...executions.values()].filter((record) => record.scheduleId === scheduleId).map(copy),
    listOwed: async () => [...executions.values()].filter((record) => record.state === 'charged').map(copy),
    listAttention: async () => [...executions.values()].filter((record) => record.state === 'attention').map(copy),
    async journalNotice(notice) {
      lastNoticeId += 1;
      notices.push({ id: lastNoticeId, ...notice });
      return lastNoticeId;
    },
    async settleNotice(id, outcome) {
      const found = notices.find((notice) => notice.id === id);
      if (found) found.outcome = outcome;
    },
    listUnverifiedNotices: async () => notices.filter((notice) => notice.outcome === undefined).map(({ id, nit }) => ({ id, nit })),
    async forgetVerifiedNotices(before) {
      const kept = notices.filter((notice) => notice.outcome === undefined || notice.receivedAt >= before);
      const forgotten = notices.length - kept.length;
      notices = kept;
      return forgotten;
    },
    async close() {},
  };
}
