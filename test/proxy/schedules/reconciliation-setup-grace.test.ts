/**
 * A schedule stored without a SID is failed by the reconciliation only once SETUP_GRACE_MS old:
 * younger, it may be in a setup on another instance sharing the store (settingUp is per process),
 * and failing it would make that setup's schedule look failed meanwhile.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { SETUP_GRACE_MS } from '../../../proxy/schedules/reconciliation.ts';
import type { ScheduleRecord } from '../../../proxy/schedules/schedule-store.ts';
import { startScheduleStack } from './schedule-stack.ts';

const stack = await startScheduleStack();
after(() => stack.close());

const record = (id: string, ageMs: number): ScheduleRecord => ({
  id, tokenHash: `hash-${id}`, sessionId: `session-${id}`, createdAt: new Date(Date.now() - ageMs).toISOString(),
  dealerCode: '003', dealerName: 'Claro', phone: { ddd: '31', number: '998877665' }, amountCents: 2000, chargeCents: 2000,
  every: 'month', times: 3, startDate: '2026-12-10', orderId: `RS${id}`, state: 'creating', done: 0,
});

it('leaves a young SID-less schedule alone, and fails one left by a setup that died', async () => {
  await stack.scheduleStore.putSchedule(record('young', 1000));
  await stack.scheduleStore.putSchedule(record('old', SETUP_GRACE_MS + 1000));
  await stack.schedules.reconciliation!.runOnce();
  assert.equal((await stack.scheduleStore.getSchedule('young'))?.state, 'creating');
  assert.equal((await stack.scheduleStore.getSchedule('old'))?.state, 'failed');
});
