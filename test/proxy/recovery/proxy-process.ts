/**
 * The proxy as a merchant runs it (`node --import tsx proxy/main.ts`), in a child process, against
 * a Carat sandbox in the test process: signature mode with a key file, so the sandbox knows the
 * merchant before the proxy's port exists. Used by the crash and shutdown tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../../proxy/sandbox/server.ts';
import { TEST_GRANT_SECRET, TEST_MERCHANT } from '../support/stack.ts';

const MAIN = fileURLToPath(new URL('../../../proxy/main.ts', import.meta.url));

export interface ProxyProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves once the output matches (or rejects when the process exits first). */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Rig {
  sandbox: Awaited<ReturnType<typeof startSandbox>>;
  dataDir: string;
  startProxy(env?: Record<string, string>): Promise<ProxyProcess>;
  /** Registers the merchant again with this status URL (the schedule batch's notices, issue 10). */
  useStatusUrl(url: string): void;
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-process-'));
  const dataDir = join(dir, 'data');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = join(dir, 'merchant.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const sandbox = await startSandbox();
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'signature', publicKeyPem });
  const children: ChildProcess[] = [];

  return {
    sandbox,
    dataDir,
    useStatusUrl(statusUrl) {
      sandbox.sandbox.registerMerchant({ ...TEST_MERCHANT, auth: 'signature', publicKeyPem, statusUrl });
    },
    async startProxy(env = {}) {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
        env: {
          PATH: process.env.PATH ?? '',
          HOST: '127.0.0.1',
          PORT: '0',
          CARAT_RECHARGE_URL: `${sandbox.url}/e-sitef`,
          CARAT_MERCHANT_ID: TEST_MERCHANT.id,
          CARAT_MERCHANT_KEY: TEST_MERCHANT.key,
          CARAT_AUTH: 'signature',
          CARAT_PRIVATE_KEY_FILE: keyFile,
          DATA_DIR: dataDir,
          ORDER_GRANT_SECRET: TEST_GRANT_SECRET,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
      let gone = false;
      void exited.then(() => (gone = true));
      const waitFor = async (pattern: RegExp) => {
        for (;;) {
          const match = pattern.exec(output);
          if (match) return match;
          if (gone) throw new Error(`the proxy exited before ${pattern}: ${output}`);
          await Promise.race([once(child.stdout!, 'data'), once(child.stderr!, 'data'), exited]);
        }
      };
      const url = (await waitFor(/listening on (http:\/\/[\d.]+:\d+)/))[1]!;
      return { child, url, output: () => output, waitFor, exited };
    },
    async close() {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the sandbox has received, after the first `after` calls, a call that `matches` (the one it holds). */
export async function callReceived(rig: Rig, matches: (call: { method: string; path: string; wrapper?: string }) => boolean, after: number): Promise<void> {
  while (!rig.sandbox.sandbox.calls.slice(after).some(matches)) await new Promise((resolve) => setTimeout(resolve, 20));
}
