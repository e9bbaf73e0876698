/**
 * Through the proxy, as the browser sees it: a shopper who lost the answer to a PIN purchase and
 * retries with the same Idempotency-Key gets the PIN again within RECEIPT_RETENTION_MS; a retry
 * after it gets the status, no receipt, and a message saying it was already delivered, and the
 * journal file holds no PIN any more. A normal top-up's replay keeps its receipt.
 */
import type { RechargeType } from '../../../proxy/browser-api.ts';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RECEIPT_WITHHELD } from '../../../proxy/store/receipt-retention.ts';
import { createSqliteSessionStore, JOURNAL_FILE } from '../../../proxy/store/sqlite-session-store.ts';
import { grantFor, newKey, startStack } from '../support/stack.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'pin-replay-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const RETENTION = 15 * 60_000;
const VEX_PIN = { dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 2000 };
const TOP_UP = { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500 };
const journalBytes = () => ['', '-wal'].map((suffix) => readFileSync(join(dataDir, JOURNAL_FILE + suffix)).toString('latin1')).join('');

test('a PIN is replayed within the retention, and withheld after it; a top-up keeps its receipt', async () => {
  let now = Date.now();
  const store = createSqliteSessionStore({ dataDir, now: () => now, receiptRetentionMs: RETENTION });
  const stack = await startStack({ auth: 'authenticity', store });
  try {
    const buy = async (type: string, body: object) => {
      const { id } = (await stack.call('POST', '/api/recharges', { type, grant: grantFor(type as RechargeType) })).body;
      if (type === 'others') await stack.call('POST', `/api/recharges/${id}/branches`, { dealerCode: '905', typeCode: '02', branchCode: '97200000000' });
      const key = newKey();
      const first = await stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key });
      assert.equal(first.body.status, 'CON', first.text);
      return { replay: () => stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': key }), first: first.body };
    };
    const pin = await buy('others', VEX_PIN);
    const topUp = await buy('normal', TOP_UP);
    const printedPin = /PIN: ([\d-]+)/.exec(pin.first.receipt.customer)?.[1];
    assert.ok(printedPin, pin.first.receipt.customer);

    now += RETENTION;
    assert.deepEqual((await pin.replay()).body, pin.first, 'a retry within the retention gets the PIN again');

    now += 1;
    const late = await pin.replay();
    assert.equal(late.status, 200);
    assert.deepEqual(late.body, { status: 'CON', message: RECEIPT_WITHHELD, receipt: { customer: '', merchant: '' }, receiptWithheld: true });
    assert.ok(!late.text.includes(printedPin));
    assert.ok(!journalBytes().includes(printedPin), 'the journal file holds no PIN');
    assert.deepEqual((await topUp.replay()).body, topUp.first, 'a normal top-up keeps its receipt');
  } finally {
    await stack.close();
    await store.close();
  }
});
