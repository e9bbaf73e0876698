/**
 * SIGTERM stops the proxy gracefully: it refuses new connections at once, finishes the recharge in
 * flight (the shopper gets the top-up), closes the journal and exits 0. A flow still running when
 * the grace period ends is cut off, but its journaled intent is settled at the next start.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, describe, test } from 'node:test';
import { createSqliteSessionStore } from '../../../proxy/store/sqlite-session-store.ts';
import { callReceived, startRig, type ProxyProcess, type Rig } from './proxy-process.ts';
import { grantFor } from '../support/stack.ts';

const TOP_UP = { dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000 };
const DO = { wrapper: 'do_recharge_request' };

const rigs: Rig[] = [];
after(async () => {
  for (const rig of rigs) await rig.close();
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() as Record<string, any> };
}

/** A session ready for its recharge, whose do-recharge Carat will hold; the recharge is sent, not awaited. */
async function rechargeInFlight(rig: Rig, proxy: ProxyProcess, holdMs: number) {
  const id = (await post(`${proxy.url}/api/recharges`, { type: 'normal', grant: grantFor('normal') })).body.id as string;
  await post(`${proxy.url}/api/recharges/${id}/branches`, { dealerCode: '003', ddd: '31' });
  rig.sandbox.sandbox.faults.next({ kind: 'timeout', effect: 'after', delayMs: holdMs }, DO);
  const callsSoFar = rig.sandbox.sandbox.calls.length;
  const answer = post(`${proxy.url}/api/recharges/${id}/recharge`, TOP_UP, { 'Idempotency-Key': `shutdown-${id}` });
  await callReceived(rig, (call) => call.wrapper === DO.wrapper, callsSoFar);
  return { id, answer };
}

function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('graceful shutdown on SIGTERM', () => {
  test('finishes the recharge in flight, refuses new connections, closes the journal, exits 0', async () => {
    const rig = await startRig();
    rigs.push(rig);
    const proxy = await rig.startProxy();
    // Carat answers the do a little later: the flow is still running when SIGTERM comes.
    const { id, answer } = await rechargeInFlight(rig, proxy, 1500);
    proxy.child.kill('SIGTERM');
    await proxy.waitFor(/stopping: no new connections; 1 recharge flow\(s\) in flight/);
    assert.ok(await refusesConnections(proxy.url), 'new connections are refused while the flow finishes');

    const result = await answer;
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.body.status, 'CON');
    assert.deepEqual(await proxy.exited, { code: 0, signal: null });

    const journal = createSqliteSessionStore({ dataDir: rig.dataDir });
    assert.equal((await journal.get(id))?.status, 'CON');
    assert.deepEqual(await journal.listUnsettled(), []);
    await journal.close();
  });

  test('a flow cut off by the grace period is settled by recovery at the next start', async () => {
    const rig = await startRig();
    rigs.push(rig);
    const proxy = await rig.startProxy({ SHUTDOWN_GRACE_MS: '0', CARAT_TIMEOUT_MS: '60000' });
    const { id, answer } = await rechargeInFlight(rig, proxy, 120_000);
    const seen = answer.then(() => 'answered', () => 'cut off');
    proxy.child.kill('SIGTERM');
    assert.deepEqual(await proxy.exited, { code: 0, signal: null });
    assert.equal(await seen, 'cut off');
    const nit = (await (async () => {
      const journal = createSqliteSessionStore({ dataDir: rig.dataDir });
      const session = await journal.get(id);
      await journal.close();
      return session!.nit;
    })());
    assert.equal(rig.sandbox.sandbox.transaction(nit)?.status, 'PPC', 'the do took effect before the cut');

    const restarted = await rig.startProxy();
    assert.match((await restarted.waitFor(/recovery at start: (.*)/))[1]!, /undone/);
    assert.equal(rig.sandbox.sandbox.transaction(nit)?.status, 'PPN');
    restarted.child.kill('SIGKILL');
    await restarted.exited;
  });
});
