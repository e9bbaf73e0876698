/**
 * A proxy wired to a fresh Carat sandbox, both on 127.0.0.1 port 0, for one test. Every response
 * the "browser" gets is recorded, so a test can scan them all for secrets.
 */
import { generateKeyPairSync, createPublicKey, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp, type AppDeps } from '../../../proxy/app.ts';
import type { CaratAuth } from '../../../proxy/config.ts';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import { startSandbox } from '../../../proxy/sandbox/server.ts';
import type { Sandbox, SandboxOptions } from '../../../proxy/sandbox/app.ts';
import { createMemorySessionStore } from '../../../proxy/store/memory-session-store.ts';
import type { SessionStore } from '../../../proxy/store/session-store.ts';
import { readJsonReply } from './json-reply.ts';

export const TEST_MERCHANT = { id: 'shop42', key: 'SHOPKEY4242424242424242424242ABCD' };

let cachedKey: KeyObject | undefined;
/** One 2048-bit key per test process: generating RSA keys is slow. */
export function testPrivateKey(): KeyObject {
  cachedKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return cachedKey;
}

export interface BrowserResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface Stack {
  proxyUrl: string;
  /** The sandbox's base URL, up to and including /e-sitef. */
  caratUrl: string;
  sandbox: Sandbox;
  store: SessionStore;
  privateKey?: KeyObject;
  /** Every response the browser side received, in order. */
  responses: BrowserResponse[];
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<BrowserResponse>;
  /** Gateway calls made so far (method + path + wrapper). */
  caratCalls(): string[];
  nitOf(sessionId: string): Promise<string>;
  close(): Promise<void>;
}

export interface StackOptions {
  auth: CaratAuth;
  caratTimeoutMs?: number;
  privateKey?: KeyObject;
  app?: Partial<AppDeps>;
  sandbox?: SandboxOptions;
  /** Default: a fresh in-memory store (the journal tests pass a SQLite one). */
  store?: SessionStore;
}

export async function listenOnLoopback(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const sandboxServer = await startSandbox({ ...options.sandbox, host: '127.0.0.1', port: 0 });
  const privateKey = options.auth === 'signature' ? (options.privateKey ?? testPrivateKey()) : undefined;
  const store = options.store ?? createMemorySessionStore();
  const app = createApp({
    config: {
      caratRechargeUrl: `${sandboxServer.url}/e-sitef`,
      merchantId: TEST_MERCHANT.id,
      merchantKey: TEST_MERCHANT.key,
      auth: options.auth,
      ...(privateKey ? { privateKey } : {}),
      caratTimeoutMs: options.caratTimeoutMs ?? 5000,
      allowedOrigins: ['https://shop.example'],
    },
    store,
    // Quiet by default; the log tests pass their own logger to read what it wrote.
    logger: createLogger({ level: 'silent' }),
    ...options.app,
  });
  const proxy = await listenOnLoopback(app);
  sandboxServer.sandbox.registerMerchant({
    ...TEST_MERCHANT,
    auth: options.auth,
    authenticityUrl: `${proxy.url}/carat/authenticity`,
    ...(privateKey ? { publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() } : {}),
  });

  const responses: BrowserResponse[] = [];
  return {
    proxyUrl: proxy.url,
    caratUrl: `${sandboxServer.url}/e-sitef`,
    sandbox: sandboxServer.sandbox,
    store,
    ...(privateKey ? { privateKey } : {}),
    responses,
    async call(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      const response = await fetch(proxy.url + path, init);
      const recorded = { status: response.status, headers: response.headers, ...(await readJsonReply(response)) };
      responses.push(recorded);
      return recorded;
    },
    caratCalls: () => sandboxServer.sandbox.calls.map((c) => `${c.method} ${c.path}${c.wrapper ? ` ${c.wrapper}` : ''}`),
    async nitOf(sessionId) {
      const session = await store.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      return session.nit;
    },
    async close() {
      await proxy.close();
      await sandboxServer.close();
    },
  };
}

let keyCounter = 0;
/** A fresh Idempotency-Key, as the widget makes one per attempt. */
export function newKey(): string {
  keyCounter += 1;
  return `attempt-${process.pid}-${keyCounter}`;
}
