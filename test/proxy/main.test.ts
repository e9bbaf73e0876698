/**
 * `tsx proxy/main.ts` as a merchant runs it: with no gateway configured it brings up the built-in
 * sandbox and a recharge completes end to end; a bad variable stops the start naming it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SessionRecord } from '../../proxy/store/session-store.ts';
import { grantFor, TEST_GRANT_SECRET } from './support/stack.ts';
import { createSqliteSessionStore, JOURNAL_FILE, SANDBOX_JOURNAL_FILE } from '../../proxy/store/sqlite-session-store.ts';

const MAIN = fileURLToPath(new URL('../../proxy/main.ts', import.meta.url));
const START = fileURLToPath(new URL('../../proxy/start.ts', import.meta.url));
// The journal goes to a temp DATA_DIR, never the checkout's ./data.
const DATA_DIR = mkdtempSync(join(tmpdir(), 'main-test-'));
after(() => rmSync(DATA_DIR, { recursive: true, force: true }));

/**
 * A module hook that names every sandbox module the process resolves, on stderr: what a start
 * loads, seen from outside (the hook runs before main.ts and cannot be skipped by it).
 */
const REPORT_SANDBOX_MODULES = 'data:text/javascript,import{register}from"node:module";register("data:text/javascript,' +
  'export async function resolve(s,c,n){const r=await n(s,c);' +
  'if(r.url.includes(\\"/proxy/sandbox/\\"))process.stderr.write(\\"sandbox module loaded: \\"+r.url+\\"\\\\n\\");return r}")';

/** main.ts in sandbox mode unless `env` names a gateway; `script`: start.ts (npm start) instead, with `env` exactly. */
function runMain(env: Record<string, string>, imports: string[] = [], script = MAIN): { child: ChildProcess; output: () => string } {
  const gateway = script === MAIN ? { CARAT_RECHARGE_URL: 'sandbox' } : {};
  const child = spawn(process.execPath, ['--import', 'tsx', ...imports.flatMap((module) => ['--import', module]), script], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR, ORDER_GRANT_SECRET: TEST_GRANT_SECRET, ...gateway, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function listeningUrl(run: ReturnType<typeof runMain>): Promise<string> {
  for (;;) {
    const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(run.output());
    if (match) return match[1]!;
    if (run.child.exitCode !== null) throw new Error(`main exited: ${run.output()}`);
    await once(run.child.stdout!, 'data');
  }
}

async function json(url: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() as any };
}

describe('proxy/main.ts', () => {
  for (const auth of ['authenticity', 'signature']) {
    test(`with no gateway configured, the sandbox serves a full top-up (${auth} mode)`, async () => {
      const run = runMain({ HOST: '127.0.0.1', PORT: '0', CARAT_AUTH: auth });
      try {
        const base = await listeningUrl(run);
        assert.match(run.output(), new RegExp(`${auth} mode, gateway: the built-in Carat sandbox`));
        const created = await json(`${base}/api/recharges`, { type: 'normal', grant: grantFor('normal') });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const id = created.body.id;
        const recharge = await json(`${base}/api/recharges/${id}/recharge`,
          { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 2000 }, { 'Idempotency-Key': 'main-test-0001' });
        assert.equal(recharge.body.status, 'CON', JSON.stringify(recharge.body));
        assert.equal((await json(`${base}/api/recharges/${id}`)).body.status, 'CON');
        assert.ok(existsSync(join(DATA_DIR, SANDBOX_JOURNAL_FILE)), 'sessions go to the sandbox\'s own durable journal');
        assert.ok(!existsSync(join(DATA_DIR, JOURNAL_FILE)), 'a real gateway\'s journal is not created');
      } finally {
        run.child.kill();
      }
    });
  }

  test('with the sandbox, a restart starts from an empty journal of its own and leaves DATA_DIR/journal.sqlite alone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'main-test-sandbox-'));
    try {
      // A session the previous run left PPC, in each journal: the restarted sandbox knows neither NIT.
      const pending = (id: string): SessionRecord => ({
        id, type: 'normal', nit: 'N'.repeat(64), status: 'PPC', createdAt: new Date().toISOString(), generalHash: '0000000000000000',
        dealers: [], branchData: {}, steps: [],
      });
      for (const file of [JOURNAL_FILE, SANDBOX_JOURNAL_FILE]) {
        const journal = createSqliteSessionStore({ dataDir, file });
        await journal.put(pending(`left-in-${file}`));
        await journal.close();
      }
      const run = runMain({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      try {
        await listeningUrl(run);
        while (!/recovery at start: /.test(run.output())) {
          if (run.child.exitCode !== null) throw new Error(`main exited: ${run.output()}`);
          await Promise.race([once(run.child.stdout!, 'data'), once(run.child, 'exit')]);
        }
        assert.match(run.output(), /recovery at start: nothing to settle/);
      } finally {
        run.child.kill('SIGTERM');
        await once(run.child, 'exit');
      }
      const realJournal = createSqliteSessionStore({ dataDir });
      assert.deepEqual((await realJournal.listUnsettled()).map((session) => session.id), [`left-in-${JOURNAL_FILE}`]);
      await realJournal.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('LOG_LEVEL=silent writes no JSON log line; by default each request writes one', async () => {
    const lines = async (env: Record<string, string>) => {
      const run = runMain({ HOST: '127.0.0.1', PORT: '0', ...env });
      const base = await listeningUrl(run);
      assert.equal((await json(`${base}/api/recharges`, { type: 'normal', grant: grantFor('normal') })).status, 201);
      // A graceful stop flushes and closes stdout: everything the process wrote has arrived.
      run.child.kill('SIGTERM');
      await once(run.child, 'exit');
      return run.output().split('\n').filter((line) => line.startsWith('{'));
    };
    assert.ok((await lines({})).some((line) => JSON.parse(line).msg === 'request completed'), 'info: request lines');
    assert.deepEqual(await lines({ LOG_LEVEL: 'silent' }), []);
  });

  test('with a gateway configured, no module of the sandbox is loaded; without one, it is', async () => {
    const started = async (env: Record<string, string>) => {
      const run = runMain({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...env }, [REPORT_SANDBOX_MODULES]);
      try {
        await listeningUrl(run);
      } finally {
        run.child.kill('SIGTERM');
        await once(run.child, 'exit');
      }
      return run.output();
    };
    // Nothing is sent to this gateway: a start with an empty journal makes no call.
    const production = await started({
      CARAT_RECHARGE_URL: 'http://127.0.0.1:9/e-sitef', CARAT_MERCHANT_ID: 'shop1', CARAT_MERCHANT_KEY: 'KEY123', CARAT_AUTH: 'authenticity',
    });
    assert.match(production, /gateway: Carat at 127\.0\.0\.1:9/);
    assert.doesNotMatch(production, /sandbox module loaded/);
    assert.match(await started({}), /sandbox module loaded: .*\/proxy\/sandbox\/app\.ts/, 'the hook sees the sandbox when it is loaded');
  });

  test('npm start (start.ts) names the sandbox only when CARAT_RECHARGE_URL is absent; main.ts refuses it unset or empty', async () => {
    const absent = runMain({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' }, [], START);
    try {
      await listeningUrl(absent);
      assert.match(absent.output(), /gateway: the built-in Carat sandbox/);
    } finally {
      absent.child.kill('SIGTERM');
      await once(absent.child, 'exit');
    }
    // Each exit is awaited from the moment of the spawn: a refusal exits at once.
    const refused = async (run: ReturnType<typeof runMain>) => {
      const [code] = await once(run.child, 'exit');
      assert.equal(code, 1, run.output());
      assert.match(run.output(), /Cannot start: CARAT_RECHARGE_URL: set the gateway's base URL, or "sandbox" for the simulator/);
    };
    await refused(runMain({ CARAT_RECHARGE_URL: '' }, [], START));
    await refused(runMain({ CARAT_RECHARGE_URL: '' }));
    // main.ts itself with no CARAT_RECHARGE_URL at all.
    const bare = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { PATH: process.env.PATH ?? '', DATA_DIR }, stdio: ['ignore', 'pipe', 'pipe'] });
    let bareOutput = '';
    bare.stderr.on('data', (chunk) => (bareOutput += chunk));
    await refused({ child: bare, output: () => bareOutput });
  });

  test('a malformed variable stops the start with a message naming it', async () => {
    const bad = [['PORT', 'eighty'], ['CARAT_AUTH', 'password'], ['LOG_LEVEL', 'loud'], ['CARAT_RECHARGE_URL', 'http://carat.example/e-sitef']] as const;
    for (const [variable, value] of bad) {
      const run = runMain({ [variable]: value });
      const [code] = await once(run.child, 'exit');
      assert.equal(code, 1);
      assert.match(run.output(), new RegExp(`Cannot start: ${variable}: `));
    }
  });
});
