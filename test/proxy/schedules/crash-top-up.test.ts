/**
 * SIGKILL between a confirmed charge and its top-up (issue 10): the proxy runs as a child process
 * (test/proxy/recovery/proxy-process.ts); Carat's batch charges the schedule and notifies it; the
 * sandbox holds the top-up's do-recharge or its confirmation (it took effect, the answer is lost),
 * and the proxy is killed right there. Restarted on the same DATA_DIR, recovery settles the
 * half-done recharge and the schedules' first pass finishes the job: exactly one top-up for the
 * charge, nothing left PPC.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { callReceived, startRig, type Rig } from '../recovery/proxy-process.ts';

const CARD = { number: '4111111111111111', expiry: '12/35', securityCode: '123' };
const TOP_UP = { dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000 };

const rigs: Rig[] = [];
after(async () => {
  for (const rig of rigs) await rig.close();
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return response.json();
}

describe('SIGKILL between a confirmed charge and its top-up, then a restart', () => {
  for (const held of ['do_recharge_request', 'confirm_recharge_request']) {
    test(`killed while Carat holds the top-up's ${held.split('_')[0]} (it took effect): exactly one top-up after the restart`, async () => {
      const rig = await startRig();
      rigs.push(rig);
      const carat = rig.sandbox.sandbox;
      const env = { CARAT_TIMEOUT_MS: '60000', CARAT_API_URL: `${rig.sandbox.url}/e-sitef/api` };
      const first = await rig.startProxy(env);
      rig.useStatusUrl(`${first.url}/carat/status`);

      const created = await post(`${first.url}/api/recharges`, { type: 'normal' });
      await post(`${first.url}/api/recharges/${created.id}/branches`, { dealerCode: '003', ddd: '31' });
      const startDate = new Date(Date.parse(`${carat.schedules.today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const answer = await post(`${first.url}/api/recharges/${created.id}/recharge`, {
        ...TOP_UP, payment: { card: CARD, installments: 1 }, repeat: { every: 'month', times: 2, startDate },
      }, { 'Idempotency-Key': 'schedule-crash-1' });
      assert.equal(answer.schedule?.status, 'active', JSON.stringify(answer));
      const token = answer.schedule.token as string;

      carat.faults.next({ kind: 'timeout', effect: 'after', delayMs: 120_000 }, { wrapper: held });
      const before = carat.calls.length;
      await carat.schedules.advanceDays(1);
      assert.equal(carat.schedules.notices()[0]?.state, 'delivered');
      await callReceived(rig, (call) => call.wrapper === held, before);
      first.child.kill('SIGKILL');
      assert.equal((await first.exited).signal, 'SIGKILL');

      const restarted = await rig.startProxy(env);
      await restarted.waitFor(/schedules at start: .*/);
      const normal = carat.transactions().filter((tx) => carat.transaction(tx.nit)?.rechargeType === 'normal');
      assert.deepEqual(normal.filter((tx) => tx.status === 'PPC'), [], 'nothing PPC');
      assert.equal(normal.filter((tx) => tx.status === 'CON').length, 1, `one top-up: ${normal.map((tx) => tx.status).join()}`);
      const view = await (await fetch(`${restarted.url}/api/schedules/${token}`)).json() as { charges: Array<{ status: string }> };
      assert.deepEqual(view.charges.map((charge) => charge.status), ['topped_up']);
      restarted.child.kill('SIGKILL');
      await restarted.exited;
    });
  }

  test('killed while Carat holds the activation (it took effect): the retry of that attempt gets a new token for the one schedule', async () => {
    const rig = await startRig();
    rigs.push(rig);
    const carat = rig.sandbox.sandbox;
    const env = { CARAT_TIMEOUT_MS: '60000', CARAT_API_URL: `${rig.sandbox.url}/e-sitef/api` };
    const first = await rig.startProxy(env);
    const created = await post(`${first.url}/api/recharges`, { type: 'normal' });
    await post(`${first.url}/api/recharges/${created.id}/branches`, { dealerCode: '003', ddd: '31' });
    const startDate = new Date(Date.parse(`${carat.schedules.today()}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
    const body = { ...TOP_UP, payment: { card: CARD, installments: 1 }, repeat: { every: 'month', times: 2, startDate } };
    const activation = /\/v1\/schedules\/[A-Za-z0-9]{64}$/;
    carat.faults.next({ kind: 'timeout', effect: 'after', delayMs: 120_000 }, { method: 'POST', path: activation });
    const lost = post(`${first.url}/api/recharges/${created.id}/recharge`, body, { 'Idempotency-Key': 'schedule-crash-2' }).catch(() => undefined);
    await callReceived(rig, (call) => call.method === 'POST' && activation.test(call.path), 0);
    first.child.kill('SIGKILL');
    await first.exited;
    await lost;

    const restarted = await rig.startProxy(env);
    await restarted.waitFor(/schedules at start: .*/);
    const retried = await post(`${restarted.url}/api/recharges/${created.id}/recharge`, body, { 'Idempotency-Key': 'schedule-crash-2' });
    assert.equal(retried.schedule?.status, 'active', JSON.stringify(retried));
    assert.match(retried.schedule.token, /^[A-Za-z0-9_-]{43}$/);
    const view = await fetch(`${restarted.url}/api/schedules/${retried.schedule.token}`);
    assert.equal(view.status, 200);
    assert.deepEqual(carat.schedules.schedules().map((schedule) => schedule.status), ['ATV'], 'one schedule');
    restarted.child.kill('SIGKILL');
    await restarted.exited;
  });
});
