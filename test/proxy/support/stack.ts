/**
 * A proxy wired to a fresh Carat sandbox (proxy/local-stack.ts), both on 127.0.0.1 port 0, for one
 * test. Every response the "browser" gets is recorded, so a test can scan them all for secrets.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AppDeps } from '../../../proxy/app.ts';
import type { RechargeType } from '../../../proxy/browser-api.ts';
import { createOrderGrant, type OrderGrantInput } from '../../../proxy/grants/order-grant.ts';
import type { CaratAuth } from '../../../proxy/config.ts';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import { startLocalStack } from '../../../proxy/local-stack.ts';
import type { Sandbox, SandboxOptions } from '../../../proxy/sandbox/app.ts';
import { createMemorySessionStore } from '../../../proxy/store/memory-session-store.ts';
import type { SessionStore } from '../../../proxy/store/session-store.ts';
import { readJsonReply } from './json-reply.ts';

export const TEST_MERCHANT = { id: 'shop42', key: 'SHOPKEY4242424242424242424242ABCD' };
/** The test proxies' ORDER_GRANT_SECRET: tests mint grants with it as a merchant's server would. */
export const TEST_GRANT_SECRET = 'test-order-grant-secret-0123456789abcdef';

let grantCounter = 0;
/** A fresh order grant for one session of `type` (jti unique per call), as the merchant's checkout mints it. */
export function grantFor(type: RechargeType, claims: Partial<OrderGrantInput> = {}, secret = TEST_GRANT_SECRET): string {
  grantCounter += 1;
  return createOrderGrant({ orderId: `T${process.pid}N${grantCounter}`, type, maxAmountCents: 100_000, jti: `grant-${process.pid}-${grantCounter}`, ...claims }, secret);
}

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
  app?: Partial<Omit<AppDeps, 'config'>>;
  sandbox?: SandboxOptions;
  /** Default: a fresh in-memory store (the journal tests pass a SQLite one). */
  store?: SessionStore;
  /** ALLOWED_ORIGINS; default https://shop.example. */
  allowedOrigins?: string[];
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const privateKey = options.auth === 'signature' ? (options.privateKey ?? testPrivateKey()) : undefined;
  const store = options.store ?? createMemorySessionStore();
  const { proxy, sandbox: sandboxServer, caratUrl, close } = await startLocalStack({
    app: {
      config: {
        merchantId: TEST_MERCHANT.id,
        merchantKey: TEST_MERCHANT.key,
        auth: options.auth,
        ...(privateKey ? { privateKey } : {}),
        caratTimeoutMs: options.caratTimeoutMs ?? 5000,
        allowedOrigins: options.allowedOrigins ?? ['https://shop.example'],
        orderGrantSecret: TEST_GRANT_SECRET,
      },
      store,
      // Quiet by default; the log tests pass their own logger to read what it wrote.
      logger: createLogger({ level: 'silent' }),
      ...options.app,
    },
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
  });

  const responses: BrowserResponse[] = [];
  return {
    proxyUrl: proxy.url,
    caratUrl,
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
    close,
  };
}

let keyCounter = 0;
/** A fresh Idempotency-Key, as the widget makes one per attempt. */
export function newKey(): string {
  keyCounter += 1;
  return `attempt-${process.pid}-${keyCounter}`;
}
