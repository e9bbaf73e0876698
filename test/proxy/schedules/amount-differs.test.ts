/**
 * A charge Carat confirms for another amount than agreed is not topped up by the proxy alone, but
 * it is money taken: it is recorded once as `attention` (the shopper sees it, ops lists it), not
 * left out of the record and logged again on every pass.
 */
import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { listAttention } from '../../../proxy/schedules/attention.ts';
import { startScheduleStack, type ScheduleStack } from './schedule-stack.ts';

let stack: ScheduleStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

it('a charge of another amount is recorded once for attention, never topped up', async () => {
  stack = await startScheduleStack();
  const answer = await stack.schedule(3, stack.dayAhead(2));
  assert.equal(answer.body.schedule.status, 'active', answer.text);
  const token = answer.body.schedule.token as string;
  const sid = stack.sandbox.schedules.schedules().at(-1)!.sid;
  // Someone changed the amount at Carat (the edit flow), not the shopper through us.
  const client = stack.schedules.deps!.client;
  await client.applyEdit(await client.openEdit(sid), { amountCents: 9900 });
  await stack.advance(2);
  await stack.schedules.reconciliation!.runOnce();
  assert.equal(stack.toppedUp(), 0);
  const view = (await stack.call('GET', `/api/schedules/${token}`)).body;
  assert.deepEqual(view.charges.map((c: { status: string; amountCents: number }) => [c.status, c.amountCents]), [['attention', 9900]]);
  assert.equal((await listAttention(stack.scheduleStore)).length, 1);
  const differs = stack.logs.filter((line) => String(line['msg']).includes('differs from the agreed amount'));
  assert.equal(differs.length, 1, 'logged once');
});
