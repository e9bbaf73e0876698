/**
 * A /branches flood through the real app (issue 8 §3): per session (BRANCH_LOOKUPS_PER_SESSION) and
 * per address, the invoice lookups per session (same bar code again: no Carat call; a 4th bill:
 * refused), and what a flood leaves behind: a small journal record, a catalogue cache at its bound.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../../proxy/config.ts';
import { createCatalogueCache } from '../../../proxy/recharge/catalogue/catalogue-cache.ts';
import { startStack, type Stack } from '../support/stack.ts';

const billCode = (n: number) => `8460${'00000012345'}${String(n).padStart(29, '1')}`;
const BILLER = { dealerCode: '800', branchCode: '80019000000' };
/** Every area code the API accepts (two digits 1–9): 81 distinct lookups. */
const DDDS = Array.from({ length: 81 }, (_, i) => `${Math.floor(i / 9) + 1}${(i % 9) + 1}`);

describe('/branches floods', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.close();
  });
  const start = async (limits: Partial<AbuseLimits> = {}, cacheBound?: number) => {
    stack = await startStack({
      auth: 'authenticity',
      app: { limits: { ...DEFAULT_ABUSE_LIMITS, ...limits }, ...(cacheBound ? { cache: createCatalogueCache(cacheBound) } : {}) },
    });
  };
  const session = async (type = 'normal') => (await stack.call('POST', '/api/recharges', { type })).body.id as string;
  const lookup = (id: string, body: object) => stack.call('POST', `/api/recharges/${id}/branches`, body);
  const branchCalls = () => stack.caratCalls().filter((call) => call.includes('rechargebranches')).length;

  test('one session: 30 lookups, then 429; its journal record stays small', async () => {
    await start({ branchesPerMinutePerIp: 1_000_000 });
    const id = await session();
    for (let i = 0; i < 30; i += 1) assert.equal((await lookup(id, { dealerCode: '003', ddd: DDDS[i]! })).status, 200, `lookup ${i + 1}`);
    const refused = await lookup(id, { dealerCode: '003', ddd: '21' });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'rate_limited');
    for (let i = 0; i < 50; i += 1) await lookup(id, { dealerCode: '003', ddd: '21' });
    const record = (await stack.store.get(id))!;
    assert.equal(record.branchLookups, 30);
    assert.ok(record.steps.length <= 32, `${record.steps.length} steps`);
    assert.ok(JSON.stringify(record).length < 128 * 1024);
  });

  test('per address: RATE_LIMIT_BRANCHES_PER_MINUTE_PER_IP across sessions', async () => {
    await start({ branchesPerMinutePerIp: 5 });
    const ids = [await session(), await session()];
    for (let i = 0; i < 5; i += 1) assert.equal((await lookup(ids[i % 2]!, { dealerCode: '003', ddd: '21' })).status, 200);
    const refused = await lookup(ids[1]!, { dealerCode: '003', ddd: '21' });
    assert.equal(refused.status, 429);
    assert.ok(refused.headers.get('retry-after'));
  });

  test('bills: the same bar code again is answered without Carat; a fourth bill is refused', async () => {
    await start();
    const id = await session('invoice');
    const bill = (n: number) => lookup(id, { ...BILLER, answers: [{ code: 'BARCODE', description: billCode(n) }] });
    for (const n of [1, 2, 3]) assert.equal((await bill(n)).status, 200);
    const calls = branchCalls();
    const again = await bill(1);
    assert.equal(again.status, 200);
    assert.equal(again.body.invoice.barCode, billCode(1));
    assert.equal(branchCalls(), calls, 'no call to Carat for a bill already looked up');
    const fourth = await bill(4);
    assert.equal(fourth.status, 429);
    assert.equal(branchCalls(), calls);
  });

  test('the catalogue cache stays at its bound, whatever the lookups', async () => {
    const cache = createCatalogueCache(5);
    stack = await startStack({ auth: 'authenticity', app: { cache, limits: { ...DEFAULT_ABUSE_LIMITS, branchesPerMinutePerIp: 1_000_000 } } });
    for (let s = 0; s < 3; s += 1) {
      const id = await session();
      for (let i = 0; i < 25; i += 1) assert.equal((await lookup(id, { dealerCode: '003', ddd: DDDS[s * 25 + i]! })).status, 200);
    }
    assert.equal(cache.size(), 5);
  });
});
