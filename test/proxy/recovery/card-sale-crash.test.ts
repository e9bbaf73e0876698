/**
 * A SIGKILL between each of the two-phase calls of a card-paid PIN or bill (issue 8 §2), then a
 * restart on the same DATA_DIR: after recovery at start, the card payment and the recharge agree
 * (both CON, or neither charged), nothing is left PPC, and the shopper's retry of the attempt gets
 * a final answer. The proxy runs as a child process (proxy-process.ts); the sandbox holds the call
 * (a timeout fault: it took effect ('after') or not ('before')) while the proxy is killed.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { FaultMatch } from '../../../proxy/sandbox/faults.ts';
import { callReceived, startRig, type Rig } from './proxy-process.ts';

const CARD = { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123' }, installments: 1 };
const PIN = { dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 2000, payment: CARD };
const BAR_CODE = `8460${'00000012345'}${'1'.repeat(29)}`;
const BILL = { dealerCode: '800', branchCode: '80019000000', amountCents: 12345, invoice: { barCode: BAR_CODE }, payment: CARD };

interface KillPoint {
  call: string;
  match: FaultMatch;
  type: 'others' | 'invoice';
  /** [payment, recharge] at Carat once the restarted proxy has recovered; 'none': no payment was created. */
  before: [string, string];
  after: [string, string];
  /** The attempt's retry gets a final answer (else 202: the recharge side may still be processed). */
  final: { before: boolean; after: boolean };
  /** The retry buys afresh: nothing of the attempt reached Carat but a payment creation, which holds no card. */
  retryBuys?: true;
}

const KILL_POINTS: KillPoint[] = [
  { call: 'payment creation', match: { method: 'POST', path: '/api/v1/transactions' }, type: 'others', before: ['none', 'NOV'], after: ['NOV', 'NOV'], final: { before: true, after: true }, retryBuys: true },
  // A card call that never arrived leaves the payment NOV: queried until it expires, never charged.
  { call: 'card payment', match: { method: 'POST', path: '/api/v1/payments/' }, type: 'others', before: ['NOV', 'NOV'], after: ['PPN', 'NOV'], final: { before: false, after: true } },
  // The recharge may still be processed (NOV): the card's authorization is given back at once.
  { call: 'do-recharge', match: { wrapper: 'do_recharge_request' }, type: 'others', before: ['PPN', 'NOV'], after: ['PPN', 'PPN'], final: { before: false, after: true } },
  // A PIN still PPC is never confirmed by recovery (settlement.ts rule 5): both undone.
  { call: 'payment confirmation of a PIN', match: { method: 'PUT', path: '/api/v1/payments/' }, type: 'others', before: ['PPN', 'PPN'], after: ['CON', 'CON'], final: { before: true, after: true } },
  // A bill whose payment confirmation was intended is completed.
  { call: 'payment confirmation of a bill', match: { method: 'PUT', path: '/api/v1/payments/' }, type: 'invoice', before: ['CON', 'CON'], after: ['CON', 'CON'], final: { before: true, after: true } },
  { call: 'recharge confirmation', match: { wrapper: 'confirm_recharge_request' }, type: 'others', before: ['CON', 'CON'], after: ['CON', 'CON'], final: { before: true, after: true } },
];

async function shop(url: string, type: 'others' | 'invoice', key: string, progress: { id?: string }): Promise<void> {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const created = await (await post('/api/recharges', { type })).json() as { id: string };
  progress.id = created.id;
  if (type === 'invoice') {
    await post(`/api/recharges/${created.id}/branches`, { dealerCode: BILL.dealerCode, branchCode: BILL.branchCode, answers: [{ code: 'BARCODE', description: BAR_CODE }] });
  }
  await post(`/api/recharges/${created.id}/recharge`, type === 'others' ? PIN : BILL, { 'Idempotency-Key': key });
}

const rigs: Rig[] = [];
after(async () => {
  for (const rig of rigs) await rig.close();
});

describe('SIGKILL between the two-phase calls of a card-paid PIN or bill, then a restart', () => {
  for (const point of KILL_POINTS) {
    for (const effect of ['before', 'after'] as const) {
      const [payment, recharge] = point[effect];
      test(`killed while Carat holds the ${point.call} (${effect === 'after' ? 'it took effect' : 'no effect yet'}): payment ${payment}, recharge ${recharge}`, async () => {
        const rig = await startRig();
        rigs.push(rig);
        const carat = rig.sandbox.sandbox;
        const env = { CARAT_API_URL: `${rig.sandbox.url}/e-sitef/api` };
        const first = await rig.startProxy({ ...env, CARAT_TIMEOUT_MS: '60000' });
        carat.faults.next({ kind: 'timeout', effect, delayMs: 120_000 }, point.match);
        const key = `crash-${point.call.replace(/\W/g, '')}-${effect}`;
        const progress: { id?: string } = {};
        const shopping = shop(first.url, point.type, key, progress).catch(() => undefined);
        await callReceived(rig, (call) => matches(point.match, call), 0);
        first.child.kill('SIGKILL');
        assert.equal((await first.exited).signal, 'SIGKILL');
        await shopping;

        const restarted = await rig.startProxy(env);
        await restarted.waitFor(/recovery at start: .*/);
        const payments = carat.payments().map((p) => p.status);
        assert.deepEqual(payments, payment === 'none' ? [] : [payment], 'the payment at Carat');
        assert.deepEqual(carat.transactions().map((tx) => tx.status), [recharge], 'the recharge at Carat');
        // Agreeing: both CON, or neither charged; never anything PPC.
        assert.ok(!payments.includes('PPC') && recharge !== 'PPC');
        assert.equal(payments.includes('CON'), recharge === 'CON');

        const retried = await fetch(`${restarted.url}/api/recharges/${progress.id}/recharge`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': key }, body: JSON.stringify(point.type === 'others' ? PIN : BILL),
        });
        const body = await retried.json() as { status: string; payment?: { status: string } };
        if (point.retryBuys) {
          assert.equal(retried.status, 200, JSON.stringify(body));
          assert.deepEqual([body.status, body.payment?.status], ['CON', 'CON']);
          assert.equal(carat.payments().at(-1)?.status, 'CON');
        } else if (point.final[effect]) {
          assert.equal(retried.status, 200, JSON.stringify(body));
          assert.equal(body.status === 'CON', recharge === 'CON', JSON.stringify(body));
          assert.equal(body.payment?.status, payment);
        } else {
          // The attempt is still open at Carat (a call that may yet be processed): pending, never charged twice.
          assert.ok(retried.status === 202 || retried.status >= 400, `${retried.status} ${JSON.stringify(body)}`);
        }
        const session = await (await fetch(`${restarted.url}/api/recharges/${progress.id}`)).json() as { settled: boolean };
        assert.equal(session.settled, point.final[effect]);
        restarted.child.kill('SIGKILL');
        await restarted.exited;
      });
    }
  }
});

function matches(match: FaultMatch, call: { method: string; path: string; wrapper?: string }): boolean {
  if (match.method && match.method !== call.method) return false;
  if (match.wrapper && match.wrapper !== call.wrapper) return false;
  return typeof match.path !== 'string' || call.path.includes(match.path);
}
