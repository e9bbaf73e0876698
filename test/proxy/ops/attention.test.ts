/**
 * A disagreement the proxy cannot settle (the card payment confirmed, then the recharge undone) is
 * never silent: one error-level log line with the session id, and `npm run ops -- attention` lists
 * it, without a NIT. So is a schedule charge whose top-up failed after every retry
 * (schedules/attention.ts). The CLI reads what the proxy journals to: the SQLite files under
 * DATA_DIR, or with DATABASE_URL the shared PostgreSQL (read-only, the same items); a database it
 * cannot reach is one line naming DATABASE_URL and a code, never the URL. `ops resolve` marks an
 * item handled by a person: kept, listed with --all only, and nothing the proxy acts on.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import type { ScheduleStore } from '../../../proxy/schedules/schedule-store.ts';
import { createSqliteScheduleStore } from '../../../proxy/schedules/sqlite-schedule-store.ts';
import { hashScheduleToken, newScheduleToken } from '../../../proxy/schedules/schedule-token.ts';
import { openPool } from '../../../proxy/store/postgres/pool.ts';
import { createPostgresScheduleStore } from '../../../proxy/store/postgres/postgres-schedule-store.ts';
import { openPostgresSessionStore } from '../../../proxy/store/postgres/postgres-session-store.ts';
import type { SessionStore } from '../../../proxy/store/session-store.ts';
import { createSqliteSessionStore } from '../../../proxy/store/sqlite-session-store.ts';
import { newKey, startStack, TEST_MERCHANT } from '../support/stack.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.ts';

const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ops-attention-'));
let server: Promise<ThrowawayPostgres> | undefined;
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (server) await (await server).stop();
});

/** `npm run ops -- <args>` with these variables (DATABASE_URL left out unless given). */
const ops = (env: Record<string, string>, ...args: string[]) => {
  const { DATABASE_URL: _inherited, ...inherited } = process.env;
  return promisify(execFile)('npm', ['run', '--silent', 'ops', '--', ...args], { cwd: PROJECT, env: { ...inherited, ...env } });
};
const opsAttention = (env: Record<string, string>, ...args: string[]) => ops(env, 'attention', ...args);

/** Where the proxy journals, and the CLI's variables to read it. */
interface Journal {
  env: Record<string, string>;
  sessions(): Promise<SessionStore>;
  schedules(): Promise<ScheduleStore>;
}

const kinds: Array<{ name: string; open(name: string): Promise<Journal> }> = [
  {
    name: 'SQLite under DATA_DIR',
    async open(name) {
      const dataDir = join(dir, name);
      // The proxy's journal: the sessions' tables and, beside them, the schedules'.
      await createSqliteSessionStore({ dataDir }).close();
      return {
        env: { DATA_DIR: dataDir },
        sessions: async () => createSqliteSessionStore({ dataDir }),
        schedules: async () => createSqliteScheduleStore({ dataDir }),
      };
    },
  },
  {
    name: 'PostgreSQL of DATABASE_URL',
    async open() {
      server ??= startThrowawayPostgres();
      const url = await (await server).freshDatabase();
      // Migrated as at a proxy's start.
      await (await openPostgresSessionStore(url)).close();
      return {
        // DATA_DIR names a folder with nothing in it: DATABASE_URL is what is read.
        env: { DATABASE_URL: url, DATA_DIR: join(dir, 'not-read') },
        sessions: () => openPostgresSessionStore(url),
        async schedules() {
          const pool = openPool(url, { max: 2 });
          const store = createPostgresScheduleStore({ pool });
          return { ...store, close: async () => (await store.close(), await pool.end()) };
        },
      };
    },
  },
];

for (const kind of kinds) {
  describe(`ops attention on ${kind.name}`, () => {
    test('nothing to list in an empty journal', async () => {
      const journal = await kind.open('empty');
      const { stdout } = await opsAttention(journal.env);
      assert.match(stdout, /Nothing needs attention/);
      assert.deepEqual(JSON.parse((await opsAttention(journal.env, '--json')).stdout), []);
    });

    test('a payment confirmed whose recharge was then undone: logged at error level and listed by ops attention', async () => {
      const journal = await kind.open('forced');
      const lines: string[] = [];
      const logger = createLogger({ level: 'info', secrets: [TEST_MERCHANT.key], destination: { write: (line: string) => void lines.push(line) } });
      const store = await journal.sessions();
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
        const { stdout } = await opsAttention(journal.env);
        assert.match(stdout, new RegExp(`card sale\\s+session ${id}\\s+card payment confirmed \\(CON\\) but the recharge was not done`));
        assert.match(stdout, /payment=CON recharge=PPN/);
        const json = (await opsAttention(journal.env, '--json')).stdout;
        assert.deepEqual(JSON.parse(json).map((item: { kind: string; sessionId: string; details: object }) => [item.kind, item.sessionId, item.details]),
          [['card sale', id, { type: 'others', amountCents: 2000, orderId: stack.sandbox.payments()[0]!.orderId, payment: 'CON', recharge: 'PPN' }]]);
        for (const nit of nits) {
          assert.ok(!stdout.includes(nit) && !json.includes(nit), 'ops attention printed a NIT');
          assert.ok(!lines.join('\n').includes(nit), 'a log line carried a NIT');
        }
        assert.ok(!json.includes('4111111111111111') && !json.includes('1111'), 'no card digits');
      } finally {
        await stack.close();
        await store.close();
      }
    });

    test('schedule charges never topped up, or of another amount: listed by the token\'s hash, without NIT or full phone', async () => {
      const journal = await kind.open('schedule');
      const store = await journal.schedules();
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
        await store.insertExecution({ nit: 'a'.repeat(64), scheduleId: 'schedule-1', date: '2027-03-02', chargeCents: 2500, state: 'attention', attempts: 0, lastError: 'charged 2500 cents, agreed 2000', updatedAt: '2027-03-02T12:00:00.000Z' });
      } finally {
        await store.close();
      }
      const { stdout } = await opsAttention(journal.env);
      assert.match(stdout, /^2 item\(s\) need attention:/);
      assert.match(stdout, /schedule top-up\s+session session-of-setup\s+id charge-[0-9a-f]{16}\s+a monthly charge Carat confirmed was never topped up/);
      assert.ok(stdout.includes(`schedule=${tokenHash}`), stdout);
      assert.match(stdout, /date=2027-01-02 chargeCents=2000 .*attempts=4 phone=\(31\) \*\*\*\*\*7665 lastError=the top-up ended PPN\)\n.*date=2027-03-02 chargeCents=2500 .*lastError=charged 2500 cents, agreed 2000/);
      const json = (await opsAttention(journal.env, '--json')).stdout;
      assert.deepEqual(JSON.parse(json).map((item: { since: string }) => item.since), ['2027-01-02T12:00:00.000Z', '2027-03-02T12:00:00.000Z']);
      for (const output of [stdout, json]) {
        assert.ok(!output.includes(nit) && !output.includes('a'.repeat(64)) && !output.includes('998877665') && !output.includes('s'.repeat(64)), output);
      }
    });

    test('resolve: a person marks an item handled (who, when, why); kept, listed with --all only; nothing else changes', async () => {
      const journal = await kind.open('resolve');
      const sessions = await journal.sessions();
      const schedules = await journal.schedules();
      const nit = 'd'.repeat(64);
      try {
        await sessions.put({
          id: 'sale-1', type: 'others', nit: 'c'.repeat(64), status: 'PPN', createdAt: '2027-01-01T10:00:00.000Z', generalHash: '0', dealers: [], branchData: {}, steps: [],
          attention: { reason: 'card payment confirmed (CON) but the recharge was not done (PPN): refund the payment', at: '2027-01-01T10:00:01.000Z', paymentStatus: 'CON', rechargeStatus: 'PPN' },
        });
        await schedules.putSchedule({
          id: 'schedule-1', tokenHash: hashScheduleToken(newScheduleToken()), sessionId: 'session-of-setup', createdAt: '2026-12-01T10:00:00.000Z', dealerCode: '003', dealerName: 'Claro',
          phone: { ddd: '31', number: '998877665' }, amountCents: 2000, chargeCents: 2000, every: 'month', times: 3, startDate: '2026-12-02',
          orderId: 'RS0011223344556677', state: 'active', sid: 's'.repeat(64), done: 1,
        });
        await schedules.insertExecution({ nit, scheduleId: 'schedule-1', date: '2027-01-02', chargeCents: 2000, state: 'attention', attempts: 4, lastError: 'the top-up ended PPN', updatedAt: '2027-01-02T12:00:00.000Z' });
      } finally {
        await schedules.close();
        await sessions.close();
      }
      const listed = JSON.parse((await opsAttention(journal.env, '--json')).stdout) as Array<{ id: string; kind: string }>;
      assert.deepEqual(listed.map((item) => item.kind), ['card sale', 'schedule top-up']);
      assert.equal(listed[0]!.id, 'sale-1');
      const chargeId = listed[1]!.id;
      assert.match(chargeId, /^charge-[0-9a-f]{16}$/);
      assert.ok(!nit.includes(chargeId.slice(7)));
      assert.match((await opsAttention(journal.env)).stdout, new RegExp(`schedule top-up\\s+session session-of-setup\\s+id ${chargeId}\\s`));

      const resolve = (id: string, ...args: string[]) => ops(journal.env, 'resolve', id, ...args);
      assert.match((await resolve('sale-1', '--by', 'Ana', '--note', 'refunded by the acquirer, ticket 4411')).stdout, /^resolved card sale sale-1/);
      assert.match((await resolve(chargeId, '--by', 'Bruno', '--note', 'topped up by hand')).stdout, /^resolved schedule top-up/);
      assert.match((await opsAttention(journal.env)).stdout, /^Nothing needs attention/);
      const all = (await opsAttention(journal.env, '--all')).stdout;
      assert.match(all, /^0 item\(s\) need attention, 2 resolved:/);
      assert.match(all, /session sale-1 .*\[resolved by Ana at \d{4}-\d\d-\d\dT[^ ]+: refunded by the acquirer, ticket 4411\]/);
      assert.match(all, new RegExp(`id ${chargeId} .*\\[resolved by Bruno at [^ ]+: topped up by hand\\]`));
      assert.deepEqual(JSON.parse((await opsAttention(journal.env, '--json', '--all')).stdout).map((item: { resolved?: { by: string } }) => item.resolved?.by), ['Ana', 'Bruno']);

      // Once only; an unknown id and a missing note are refused.
      const refused = (promise: Promise<unknown>) => promise.then(() => assert.fail('accepted'), (error: { code: number; stderr: string }) => error);
      const again = await refused(resolve('sale-1', '--by', 'Carla', '--note', 'again'));
      assert.equal(again.code, 1);
      assert.match(again.stderr, /^ops: resolve: sale-1 was resolved by Ana at /);
      assert.match((await refused(resolve('no-such-item', '--by', 'Carla', '--note', 'x'))).stderr, /^ops: resolve: no attention item no-such-item/);
      assert.match((await refused(resolve('sale-1', '--by', 'Carla'))).stderr, /resolve needs --by \(who\) and --note/);

      // The proxy's view is unchanged: the session settled and kept, the charge still attention (never owed a top-up).
      const sessionsAfter = await journal.sessions();
      const schedulesAfter = await journal.schedules();
      try {
        assert.deepEqual(await sessionsAfter.listUnsettled(), []);
        assert.equal(await sessionsAfter.forgetSettled(new Date(Date.now() + 400 * 86_400_000)), 0);
        assert.equal((await sessionsAfter.get('sale-1'))?.status, 'PPN');
        assert.equal((await schedulesAfter.getExecution(nit))?.state, 'attention');
        assert.deepEqual(await schedulesAfter.listOwed(), []);
      } finally {
        await schedulesAfter.close();
        await sessionsAfter.close();
      }
    });
  });
}

describe('ops attention with DATABASE_URL', () => {
  test('reads only: a database no proxy migrated lists nothing and stays without tables', async () => {
    server ??= startThrowawayPostgres();
    const url = await (await server).freshDatabase();
    const { stdout } = await opsAttention({ DATABASE_URL: url });
    assert.match(stdout, /Nothing needs attention/);
    const pool = openPool(url, { max: 1 });
    try {
      const { rows } = await pool.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      assert.equal(rows[0].n, 0);
    } finally {
      await pool.end();
    }
  });

  test('a database it cannot reach: one line naming DATABASE_URL and the code, never the URL', async () => {
    // A port nobody listens on (taken and let go).
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const url = `postgres://merchant:Secret-Pa55word@127.0.0.1:${port}/recharge`;
    const failed = await opsAttention({ DATABASE_URL: url }).then(() => assert.fail('ops attention succeeded'), (error: { code: number; stdout: string; stderr: string }) => error);
    assert.equal(failed.code, 1);
    assert.equal(failed.stderr, 'ops: DATABASE_URL: cannot read the PostgreSQL journal (ECONNREFUSED)\n');
    assert.equal(failed.stdout, '');
  });
});
