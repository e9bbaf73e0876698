/**
 * A disagreement the proxy cannot settle (the card payment confirmed, then the recharge undone) is
 * never silent: one error-level log line with the session id, and `npm run ops -- attention` lists
 * it from the journal under DATA_DIR, without a NIT. So is a schedule charge whose top-up failed
 * after every retry (schedules/attention.ts).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import { createSqliteScheduleStore } from '../../../proxy/schedules/sqlite-schedule-store.ts';
import { hashScheduleToken, newScheduleToken } from '../../../proxy/schedules/schedule-token.ts';
import { createSqliteSessionStore } from '../../../proxy/store/sqlite-session-store.ts';
import { newKey, startStack, TEST_MERCHANT } from '../support/stack.ts';

const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ops-attention-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const opsAttention = (dataDir: string) =>
  promisify(execFile)('npm', ['run', '--silent', 'ops', '--', 'attention'], { cwd: PROJECT, env: { ...process.env, DATA_DIR: dataDir } });

test('nothing to list in an empty journal', async () => {
  const dataDir = join(dir, 'empty');
  await createSqliteSessionStore({ dataDir }).close();
  const { stdout } = await opsAttention(dataDir);
  assert.match(stdout, /Nothing needs attention/);
});

test('a payment confirmed whose recharge was then undone: logged at error level and listed by ops attention', async () => {
  const dataDir = join(dir, 'forced');
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', secrets: [TEST_MERCHANT.key], destination: { write: (line: string) => void lines.push(line) } });
  const store = createSqliteSessionStore({ dataDir });
  const stack = await startStack({ auth: 'authenticity', store, app: { logger } });
  try {
    const created = await stack.call('POST', '/api/recharges', { type: 'others' });
    const id = created.body.id as string;
    // Carat refuses both confirmations of the recharge: the payment, confirmed first, is already taken.
    stack.sandbox.faults.next({ kind: 'deny' }, { wrapper: 'confirm_recharge_request' }, 2);
    const sold = await stack.call('POST', `/api/recharges/${id}/recharge`, {
      dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 2000,
      payment: { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123' }, installments: 1 },
    }, { 'Idempotency-Key': newKey() });
    assert.equal(sold.status, 200, sold.text);
    assert.equal(sold.body.payment.status, 'CON');
    assert.equal(sold.body.status, 'PPN');
    assert.doesNotMatch(sold.body.message, /Nothing was charged/);
    assert.deepEqual(stack.sandbox.payments().map((payment) => payment.status), ['CON']);

    const flagged = lines.map((line) => JSON.parse(line)).filter((line) => line.level === 'error');
    assert.equal(flagged.length, 1, lines.join('\n'));
    assert.equal(flagged[0].sessionId, id);
    assert.equal((await stack.call('GET', `/api/recharges/${id}`)).body.settled, true);

    // The journal's retention keeps it until a person is done with it.
    assert.equal(await store.forgetSettled(new Date(Date.now() + 400 * 86_400_000)), 0);
    const nits = [await stack.nitOf(id), ...stack.sandbox.payments().map((payment) => payment.nit)];
    const { stdout } = await opsAttention(dataDir);
    assert.match(stdout, new RegExp(`card sale\\s+session ${id}\\s+card payment confirmed \\(CON\\) but the recharge was not done`));
    assert.match(stdout, /payment=CON recharge=PPN/);
    for (const nit of nits) {
      assert.ok(!stdout.includes(nit), 'ops attention printed a NIT');
      assert.ok(!lines.join('\n').includes(nit), 'a log line carried a NIT');
    }
  } finally {
    await stack.close();
    await store.close();
  }
});

test('a schedule charge confirmed but never topped up: listed by ops attention by the token\'s hash, without NIT or full phone', async () => {
  const dataDir = join(dir, 'schedule');
  // The proxy's journal: the sessions' tables and, beside them, the schedules'.
  await createSqliteSessionStore({ dataDir }).close();
  const store = createSqliteScheduleStore({ dataDir });
  const tokenHash = hashScheduleToken(newScheduleToken());
  const nit = 'e'.repeat(64);
  try {
    await store.putSchedule({
      id: 'schedule-1', tokenHash, sessionId: 'session-of-setup', createdAt: '2026-12-01T10:00:00.000Z', dealerCode: '003', dealerName: 'Claro',
      phone: { ddd: '31', number: '998877665' }, amountCents: 2000, chargeCents: 2000, every: 'month', times: 3, startDate: '2026-12-02',
      orderId: 'RS0011223344556677', state: 'active', sid: 's'.repeat(64), done: 1,
    });
    await store.insertExecution({ nit, scheduleId: 'schedule-1', date: '2027-01-02', chargeCents: 2000, state: 'attention', attempts: 4, lastError: 'the top-up ended PPN', updatedAt: '2027-01-02T12:00:00.000Z' });
    await store.insertExecution({ nit: 'f'.repeat(64), scheduleId: 'schedule-1', date: '2027-02-02', chargeCents: 2000, state: 'topped_up', attempts: 1, updatedAt: '2027-02-02T12:00:00.000Z' });
  } finally {
    await store.close();
  }
  const { stdout } = await opsAttention(dataDir);
  assert.match(stdout, /^1 item\(s\) need attention:/);
  assert.match(stdout, /schedule top-up\s+session session-of-setup\s+a monthly charge Carat confirmed was never topped up/);
  assert.ok(stdout.includes(`schedule=${tokenHash}`), stdout);
  assert.match(stdout, /date=2027-01-02 chargeCents=2000 .*attempts=4 phone=\(31\) \*\*\*\*\*7665 lastError=the top-up ended PPN/);
  assert.ok(!stdout.includes(nit) && !stdout.includes('998877665') && !stdout.includes('s'.repeat(64)), stdout);
});
