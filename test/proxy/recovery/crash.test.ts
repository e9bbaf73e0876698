/**
 * A crash anywhere in a card top-up leaves no PPC behind once the proxy is back. The proxy runs as
 * a child process; the sandbox holds one gateway call (a timeout fault: the call took effect
 * ('after') or not ('before')), the proxy is killed with SIGKILL right there, and restarted on the
 * same DATA_DIR. After its recovery at start, no transaction is PPC, each ends in one consistent
 * state (never charged and undone at once), and the retry of the shopper's attempt gets a final answer.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { FaultMatch } from '../../../proxy/sandbox/faults.ts';
import { callReceived, startRig, type Rig } from './proxy-process.ts';

const TOP_UP = {
  dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000,
  payment: { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123', holder: 'ANA SOUZA' }, installments: 1 },
};

interface KillPoint {
  call: string;
  match: FaultMatch;
  /** The transaction's status in Carat once the restarted proxy has recovered ('none': never created). */
  before: string;
  after: string;
}

// The gateway calls of a normal top-up through a fresh proxy (cold cache), in order.
const KILL_POINTS: KillPoint[] = [
  { call: 'create', match: { method: 'POST', path: '/v3/recharge' }, before: 'none', after: 'NOV' },
  { call: 'list dealers', match: { method: 'GET', path: '/v3/rechargedealers' }, before: 'NOV', after: 'NOV' },
  { call: 'branch data', match: { method: 'GET', path: '/v3/rechargebranches' }, before: 'NOV', after: 'NOV' },
  // Only the do was intended when the proxy died: the shopper never saw success, so it is undone.
  { call: 'do-recharge', match: { wrapper: 'do_recharge_request' }, before: 'NOV', after: 'PPN' },
  // The confirmation was intended (journaled): recovery sends it again.
  { call: 'confirmation', match: { wrapper: 'confirm_recharge_request' }, before: 'CON', after: 'CON' },
];

/** The shopper's session, step by step; `progress` keeps what the proxy answered before it died. */
async function shop(url: string, key: string, progress: { id?: string }): Promise<void> {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const created = await (await post('/api/recharges', { type: 'normal' })).json() as { id: string };
  progress.id = created.id;
  await post(`/api/recharges/${created.id}/branches`, { dealerCode: '003', ddd: '31' });
  await post(`/api/recharges/${created.id}/recharge`, TOP_UP, { 'Idempotency-Key': key });
}

const rigs: Rig[] = [];
after(async () => {
  for (const rig of rigs) await rig.close();
});

describe('SIGKILL between gateway calls, then a restart', () => {
  for (const point of KILL_POINTS) {
    for (const effect of ['before', 'after'] as const) {
      const expected = point[effect];
      test(`killed while Carat holds the ${point.call} (${effect === 'after' ? 'it took effect' : 'no effect yet'}): ends ${expected}, nothing PPC`, async () => {
        const rig = await startRig();
        rigs.push(rig);
        const carat = rig.sandbox.sandbox;
        // The proxy would wait up to CARAT_TIMEOUT_MS for the held answer; it is killed long before.
        const first = await rig.startProxy({ CARAT_TIMEOUT_MS: '60000' });
        carat.faults.next({ kind: 'timeout', effect, delayMs: 120_000 }, point.match);
        const key = `crash-${point.call.replace(/\W/g, '')}-${effect}`;
        const progress: { id?: string } = {};
        const shopping = shop(first.url, key, progress).catch(() => undefined);
        await callReceived(rig, (call) => matchesPoint(point.match, call), 0);
        first.child.kill('SIGKILL');
        assert.equal((await first.exited).signal, 'SIGKILL');
        await shopping;

        const restarted = await rig.startProxy();
        await restarted.waitFor(/recovery at start: .*/);
        const transactions = carat.transactions();
        assert.deepEqual(transactions.filter((tx) => tx.status === 'PPC'), [], 'no PPC once recovery ran');
        assert.deepEqual(transactions.map((tx) => tx.status), expected === 'none' ? [] : [expected]);
        for (const tx of transactions) {
          // The recharge and its card payment always end alike: never charged and undone at once.
          const payment = carat.transaction(tx.nit)?.paymentStatus;
          if (payment !== undefined) assert.equal(payment, tx.status, `payment ${payment} vs recharge ${tx.status}`);
        }

        if (point.call === 'do-recharge' || point.call === 'confirmation') {
          // The shopper's retry of that attempt gets a final answer, not an error.
          const retried = await fetch(`${restarted.url}/api/recharges/${progress.id}/recharge`, {
            method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': key }, body: JSON.stringify(TOP_UP),
          });
          const body = await retried.json() as { status: string };
          if (expected === 'NOV') {
            // A do whose fate is unknown and that Carat still reports NOV may yet be processed:
            // pending (settlement.ts, rule 3), never re-sent, until Carat turns it PPC or expires it.
            assert.equal(retried.status, 202, JSON.stringify(body));
            assert.equal(body.status, 'pending');
          } else {
            assert.equal(retried.status, 200, JSON.stringify(body));
            assert.equal(body.status, expected);
          }
          assert.equal(carat.transactions().filter((tx) => tx.status === 'PPC').length, 0);
        }
        restarted.child.kill('SIGKILL');
        await restarted.exited;
      });
    }
  }
});

function matchesPoint(match: FaultMatch, call: { method: string; path: string; wrapper?: string }): boolean {
  if (match.method && match.method !== call.method) return false;
  if (match.wrapper && match.wrapper !== call.wrapper) return false;
  return typeof match.path !== 'string' || call.path.includes(match.path);
}
