/**
 * Where a card-paid PIN or bill (REST Payment two-phase with the recharge, issue 8 §2) is cut off by
 * a SIGKILL, and what Carat holds once the session is settled: shared by the restart test
 * (test/proxy/recovery/card-sale-crash.test.ts, one process restarted on its DATA_DIR) and the
 * survivor test (test/proxy/scale/card-sale-instance-killed.test.ts, two instances on PostgreSQL).
 * The sandbox holds the call (a timeout fault: it took effect, 'after', or not, 'before').
 */
import assert from 'node:assert/strict';
import type { FaultMatch } from '../../../proxy/sandbox/faults.ts';
import type { Rig } from '../recovery/proxy-process.ts';

const CARD = { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123' }, installments: 1 };
export const PIN = { dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 2000, payment: CARD };
export const BAR_CODE = `8460${'00000012345'}${'1'.repeat(29)}`;
export const BILL = { dealerCode: '800', branchCode: '80019000000', amountCents: 12345, invoice: { barCode: BAR_CODE }, payment: CARD };

export interface KillPoint {
  call: string;
  match: FaultMatch;
  type: 'others' | 'invoice';
  /** [payment, recharge] at Carat once recovery (after a restart, or on a surviving instance) has run; 'none': no payment was created. */
  before: [string, string];
  after: [string, string];
  /** The attempt's retry gets a final answer (else 202: the recharge side may still be processed). */
  final: { before: boolean; after: boolean };
  /** The retry buys afresh: nothing of the attempt reached Carat but a payment creation, which holds no card. */
  retryBuys?: true;
}

export const KILL_POINTS: KillPoint[] = [
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

/** Creates a PIN or bill session at `url`, and its card-paid recharge attempt with `key`; `progress.id` names the session as soon as it exists. */
export async function shop(url: string, type: 'others' | 'invoice', key: string, progress: { id?: string }): Promise<void> {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const created = await (await post('/api/recharges', { type })).json() as { id: string };
  progress.id = created.id;
  if (type === 'invoice') {
    await post(`/api/recharges/${created.id}/branches`, { dealerCode: BILL.dealerCode, branchCode: BILL.branchCode, answers: [{ code: 'BARCODE', description: BAR_CODE }] });
  }
  await post(`/api/recharges/${created.id}/recharge`, type === 'others' ? PIN : BILL, { 'Idempotency-Key': key });
}

/** Whether the sandbox's call is the one `match` names (the fault's own rule, faults.ts). */
export function matches(match: FaultMatch, call: { method: string; path: string; wrapper?: string }): boolean {
  if (match.method && match.method !== call.method) return false;
  if (match.wrapper && match.wrapper !== call.wrapper) return false;
  return typeof match.path !== 'string' || call.path.includes(match.path);
}

type Carat = Rig['sandbox']['sandbox'];

/** The payment and the recharge at Carat are the point's end states: agreeing (both CON, or neither charged), never PPC. */
export function assertSettledAtCarat(carat: Carat, point: KillPoint, effect: 'before' | 'after'): void {
  const [payment, recharge] = point[effect];
  const payments = carat.payments().map((p) => p.status);
  assert.deepEqual(payments, payment === 'none' ? [] : [payment], 'the payment at Carat');
  assert.deepEqual(carat.transactions().map((tx) => tx.status), [recharge], 'the recharge at Carat');
  assert.ok(!payments.includes('PPC') && recharge !== 'PPC');
  assert.equal(payments.includes('CON'), recharge === 'CON');
}

/** The shopper retries the attempt (same Idempotency-Key) at `url`: the final answer, a fresh sale, or pending as the point says. */
export async function assertRetried(url: string, carat: Carat, point: KillPoint, effect: 'before' | 'after', attempt: { id: string; key: string }): Promise<void> {
  const [payment, recharge] = point[effect];
  const retried = await fetch(`${url}/api/recharges/${attempt.id}/recharge`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': attempt.key }, body: JSON.stringify(point.type === 'others' ? PIN : BILL),
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
  const session = await (await fetch(`${url}/api/recharges/${attempt.id}`)).json() as { settled: boolean };
  assert.equal(session.settled, point.final[effect]);
}
