/**
 * Two proxy processes (`proxy/main.ts` with DATABASE_URL, authenticity mode) and the Carat sandbox
 * behind a round-robin balancer (test/proxy/support/round-robin-balancer.ts), as a merchant runs
 * them behind nginx; Carat's POSTs go to the balancer too, so they may land on either instance:
 * - a full flow of each type (normal, others, invoice) whose authenticity POST lands on the other
 *   instance than the creation: relayed through the database, each ends CON;
 * - the instance holding a money call (the do-recharge, the confirmation) is SIGKILLed: the
 *   balancer passes the next requests to the survivor, whose recovery settles the session once the dead one's lease lapsed (nothing PPC,
 *   one transaction), and the shopper's retry gets the final answer;
 * - a schedule's charge notified repeatedly, round-robin to both instances: topped up once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callReceived } from '../recovery/proxy-process.ts';
import { balancedPairs, call, killInstance, pollDatabase, scheduleMonthlyTopUp, sentTo, servedBy, TOP_UP } from '../support/balanced-pair.ts';
import { grantFor, newKey } from '../support/stack.ts';

const twoInstances = balancedPairs();

/** A utility bill (starts with 8) whose digits 5–15 print its value: R$ 123,45. */
const BAR_CODE = `8460${'00000012345'}${'1'.repeat(29)}`;
const FLOWS = [
  { type: 'normal', ...TOP_UP },
  { type: 'others', branches: undefined, body: { dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 2000 } },
  {
    type: 'invoice',
    branches: { dealerCode: '800', branchCode: '80019000000', answers: [{ code: 'BARCODE', description: BAR_CODE }] },
    body: { dealerCode: '800', branchCode: '80019000000', amountCents: 12345, invoice: { barCode: BAR_CODE } },
  },
] as const;

test('a full flow of each type through the balancer, its authenticity POST landing on the other instance', async () => {
  const { rig, balancer } = await twoInstances();
  for (const flow of FLOWS) {
    const created = await call(balancer.url, 'POST', '/api/recharges', { type: flow.type, grant: grantFor(flow.type) });
    assert.equal(created.status, 201, `${flow.type}: ${created.text}`);
    const creationOn = servedBy(balancer, 'POST', /^\/api\/recharges$/);
    const noticeOn = servedBy(balancer, 'POST', /^\/carat\/authenticity$/);
    assert.notEqual(noticeOn, undefined);
    assert.notEqual(noticeOn, creationOn, `${flow.type}: Carat's POST reached the other instance`);
    if (flow.branches) {
      const looked = await call(balancer.url, 'POST', `/api/recharges/${created.body.id}/branches`, flow.branches);
      assert.equal(looked.status, 200, looked.text);
    }
    const done = await call(balancer.url, 'POST', `/api/recharges/${created.body.id}/recharge`, flow.body, { 'Idempotency-Key': newKey() });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, 'CON', `${flow.type}: ${done.text}`);
  }
  assert.deepEqual(rig.sandbox.sandbox.transactions().map((tx) => tx.status), ['CON', 'CON', 'CON']);
});

// Each money call of a granted top-up, held by Carat (it took effect) while its instance is killed.
const MONEY_STEPS = [
  // Only the do was intended: the survivor undoes it.
  { wrapper: 'do_recharge_request', ends: 'PPN' },
  // The confirmation was intended (journaled): the survivor sends it again.
  { wrapper: 'confirm_recharge_request', ends: 'CON' },
] as const;

for (const step of MONEY_STEPS) {
  test(`the instance holding the ${step.wrapper} is SIGKILLed: the survivor settles it (${step.ends}), nothing PPC, no double`, async () => {
    const pair = await twoInstances();
    const { rig, balancer } = pair;
    const carat = rig.sandbox.sandbox;
    const created = await call(balancer.url, 'POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    await call(balancer.url, 'POST', `/api/recharges/${id}/branches`, FLOWS[0].branches);
    carat.faults.next({ kind: 'timeout', effect: 'after', delayMs: 120_000 }, { wrapper: step.wrapper });
    const key = newKey();
    const paying = call(balancer.url, 'POST', `/api/recharges/${id}/recharge`, FLOWS[0].body, { 'Idempotency-Key': key }).catch(() => undefined);
    await callReceived(rig, (c) => c.wrapper === step.wrapper, 0);
    const survivor = await killInstance(pair, sentTo(balancer, 'POST', /\/recharge$/)!);
    assert.equal((await paying)?.status, 502, 'the shopper\'s attempt died with its instance');

    await survivor.waitFor(/recovery: (?!nothing)\w/);
    assert.deepEqual(carat.transactions().map((tx) => tx.status), [step.ends], 'settled once, nothing PPC');
    const retried = await call(balancer.url, 'POST', `/api/recharges/${id}/recharge`, FLOWS[0].body, { 'Idempotency-Key': key });
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.body.status, step.ends, 'the retry, on the survivor, gets the final answer');
    assert.equal(carat.calls.filter((c) => c.wrapper === 'do_recharge_request').length, 1, 'no second do-recharge');
  });
}

// The wait for the top-up below is bounded here, not timed: it ends as soon as the row says topped_up.
test('a schedule\'s charge notified repeatedly to both instances is topped up once', { timeout: 120_000 }, async () => {
  const pair = await twoInstances();
  const { rig, balancer } = pair;
  const carat = rig.sandbox.sandbox;
  await scheduleMonthlyTopUp(pair);

  // Carat delivers the notice, then three more times: round-robin, both instances get it twice.
  carat.schedules.faults.next({ kind: 'repeat-notification', times: 3 });
  const [report] = await carat.schedules.advanceDays(1);
  assert.equal(report?.status, 'CON');
  const notices = balancer.served.filter((s) => s.path === '/carat/status');
  assert.deepEqual(new Set(notices.map((s) => s.upstream)), new Set([0, 1]), 'the notice reached both instances');

  // Each instance verifies with Carat, then one tops up (the claim) while the other stands back.
  const rows = await pollDatabase(pair, async (db) => (await db.query<{ state: string; attempts: number }>(
    "SELECT state, (record->>'attempts')::integer AS attempts FROM schedule_executions WHERE nit = $1", [report!.nit])).rows, (found) => {
    assert.notEqual(found[0]?.state, 'attention');
    return found[0]?.state === 'topped_up';
  });
  assert.deepEqual(rows.map((row) => row.attempts), [1]);
  assert.equal(carat.calls.filter((c) => c.wrapper === 'do_recharge_request').length, 1, 'one do-recharge: the one top-up');
  assert.equal(carat.transactions().filter((tx) => tx.status === 'CON' && carat.transaction(tx.nit)?.rechargeType === 'normal').length, 1);
});
