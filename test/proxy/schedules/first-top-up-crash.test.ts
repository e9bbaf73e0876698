/**
 * A SIGKILL between the two-phase calls of a first top-up now (issue 10 with issue 8's sale), then a
 * restart on the same DATA_DIR: recovery makes the first payment and the first top-up agree, and the
 * schedules' first pass reads the schedule's fate from Carat. Either the schedule is active with the
 * first top-up done (payment CON, recharge CON, ATV), or nothing was set up (both undone, never ATV).
 * The retry of the attempt gets its final answer, with a new token when the schedule is active.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { FaultMatch } from '../../../proxy/sandbox/faults.ts';
import { callReceived, startRig, type Rig } from '../recovery/proxy-process.ts';

const CARD = { number: '4111111111111111', expiry: '12/35', securityCode: '123' };
const BODY = {
  dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000,
  payment: { card: CARD, installments: 1 }, repeat: { every: 'month', times: 3 },
};

interface KillPoint {
  call: string;
  match: FaultMatch;
  effect: 'before' | 'after';
  /** Whether the schedule ends active with its first top-up done (else nothing was set up). */
  active: boolean;
}

const KILL_POINTS: KillPoint[] = [
  // The recharge may still be processed: recovery gives the card's authorization back and undoes it.
  { call: 'first top-up\'s do-recharge', match: { wrapper: 'do_recharge_request' }, effect: 'after', active: false },
  // The payment's confirmation was intended (journaled): recovery completes both.
  { call: 'first payment\'s confirmation', match: { method: 'PUT', path: '/api/v1/payments/' }, effect: 'before', active: true },
  { call: 'first payment\'s confirmation', match: { method: 'PUT', path: '/api/v1/payments/' }, effect: 'after', active: true },
  { call: 'first top-up\'s confirmation', match: { wrapper: 'confirm_recharge_request' }, effect: 'after', active: true },
];

const rigs: Rig[] = [];
after(async () => {
  for (const rig of rigs) await rig.close();
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

function matches(match: FaultMatch, call: { method: string; path: string; wrapper?: string }): boolean {
  if (match.method && match.method !== call.method) return false;
  if (match.wrapper && match.wrapper !== call.wrapper) return false;
  return typeof match.path !== 'string' || call.path.includes(match.path);
}

describe('SIGKILL between the two-phase calls of a first top-up now, then a restart', () => {
  for (const point of KILL_POINTS) {
    test(`killed while Carat holds the ${point.call} (${point.effect === 'after' ? 'it took effect' : 'no effect yet'}): ${point.active ? 'active with the first top-up' : 'nothing set up'}`, async () => {
      const rig = await startRig();
      rigs.push(rig);
      const carat = rig.sandbox.sandbox;
      const env = { CARAT_API_URL: `${rig.sandbox.url}/e-sitef/api` };
      const first = await rig.startProxy({ ...env, CARAT_TIMEOUT_MS: '60000' });
      const created = await (await post(`${first.url}/api/recharges`, { type: 'normal' })).json() as { id: string };
      await post(`${first.url}/api/recharges/${created.id}/branches`, { dealerCode: '003', ddd: '31' });
      carat.faults.next({ kind: 'timeout', effect: point.effect, delayMs: 120_000 }, point.match);
      const key = `first-now-${point.call.replace(/\W/g, '')}-${point.effect}`;
      const before = carat.calls.length;
      const shopping = post(`${first.url}/api/recharges/${created.id}/recharge`, BODY, { 'Idempotency-Key': key }).catch(() => undefined);
      await callReceived(rig, (call) => matches(point.match, call), before);
      first.child.kill('SIGKILL');
      assert.equal((await first.exited).signal, 'SIGKILL');
      await shopping;

      const restarted = await rig.startProxy(env);
      await restarted.waitFor(/schedules at start: .*/);
      const payments = carat.payments().map((payment) => payment.status);
      const recharges = carat.transactions().map((tx) => tx.status);
      const schedule = carat.schedules.schedules()[0]!;
      if (point.active) {
        assert.deepEqual([payments, recharges, schedule.status], [['CON'], ['CON'], 'ATV']);
      } else {
        assert.ok(!payments.includes('CON') && !payments.includes('PPC'), `payments ${payments.join()}`);
        assert.ok(!recharges.includes('CON') && !recharges.includes('PPC'), `recharges ${recharges.join()}`);
        assert.notEqual(schedule.status, 'ATV');
      }

      const retried = await post(`${restarted.url}/api/recharges/${created.id}/recharge`, BODY, { 'Idempotency-Key': key });
      const answer = await retried.json() as { status: string; schedule?: { status: string; token?: string } };
      assert.equal(retried.status, 200, JSON.stringify(answer));
      assert.equal(answer.status === 'CON', point.active, JSON.stringify(answer));
      assert.equal(answer.schedule?.status, point.active ? 'active' : 'failed', JSON.stringify(answer));
      if (point.active) {
        const view = await (await fetch(`${restarted.url}/api/schedules/${answer.schedule!.token}`)).json() as { done: number; charges: Array<{ status: string }> };
        assert.equal(view.done, 1);
        assert.deepEqual(view.charges.map((charge) => charge.status), ['topped_up']);
      } else {
        assert.equal(answer.schedule?.token, undefined);
      }
      restarted.child.kill('SIGKILL');
      await restarted.exited;
    });
  }
});
