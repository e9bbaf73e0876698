/**
 * Test harness for the sandbox: a running sandbox with one signature-mode and one
 * authenticity-mode merchant, the merchant's authenticity endpoint, and small call helpers.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before } from 'node:test';
import jwt from 'jsonwebtoken';
import type { SandboxMerchant, SandboxOptions } from '../../../proxy/sandbox/app.ts';
import type { Listening } from '../../../proxy/listen.ts';
import { startSandbox } from '../../../proxy/sandbox/server.ts';
import { listenOnFreePort } from '../support/free-port.ts';
import { readJsonReply } from '../support/json-reply.ts';

export type RechargeType = 'normal' | 'others' | 'invoice';

let keyPair: { publicKeyPem: string; privateKeyPem: string } | undefined;
/** One RSA key pair per test file (generation is slow). */
export function merchantKeys(): { publicKeyPem: string; privateKeyPem: string } {
  if (!keyPair) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyPair = {
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    };
  }
  return keyPair;
}

export const SIG_KEY = 'SIGNATUREKEY00000000000000000001';
export const AUTH_KEY = 'AUTHENTICITYKEY0000000000000001';

/** The merchant's authenticity endpoint: records each form and answers with `status`. */
export class AuthenticityEndpoint {
  forms: URLSearchParams[] = [];
  status = 200;
  /** When true, never answers (the sandbox must time out). */
  silent = false;
  #running: Listening | undefined;
  readonly #answer = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      this.forms.push(new URLSearchParams(body));
      this.contentTypes.push(req.headers['content-type'] ?? '');
      if (this.silent) return;
      res.statusCode = this.status;
      res.end(this.status === 200 ? 'OK' : 'NO');
    });
  };
  contentTypes: string[] = [];
  url = '';

  async listen(): Promise<string> {
    this.#running = await listenOnFreePort(this.#answer);
    this.url = `${this.#running.url}/carat/authenticity`;
    return this.url;
  }
  lastNit(): string {
    const nit = this.forms.at(-1)?.get('nit');
    if (!nit) throw new Error('no authenticity POST received');
    return nit;
  }
  async close(): Promise<void> {
    await this.#running?.close();
  }
}

export interface Reply {
  status: number;
  text: string;
  body: any;
}

export interface CallOptions {
  token?: string;
  contentType?: string;
  rawBody?: string;
}

export async function startHarness(options: SandboxOptions = {}) {
  const endpoint = new AuthenticityEndpoint();
  const authenticityUrl = await endpoint.listen();
  const keys = merchantKeys();
  const signatureMerchant: SandboxMerchant = { id: 'shopsig', key: SIG_KEY, auth: 'signature', publicKeyPem: keys.publicKeyPem };
  const authenticityMerchant: SandboxMerchant = { id: 'shopauth', key: AUTH_KEY, auth: 'authenticity', authenticityUrl };
  const running = await startSandbox({ merchants: [signatureMerchant, authenticityMerchant], ...options });
  const base = `${running.url}/e-sitef`;

  const sign = (claims: Record<string, unknown>, expiresInSeconds = 300): string =>
    jwt.sign(claims, keys.privateKeyPem, { algorithm: 'RS256', expiresIn: expiresInSeconds });

  async function call(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    const payload = opts.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const response = await fetch(base + path, { method, headers, body: payload });
    return { status: response.status, ...(await readJsonReply(response)) };
  }

  /** Creates a transaction; signature mode returns the token to use on later calls. */
  async function createNit(type: RechargeType = 'normal', mode: 'signature' | 'authenticity' = 'authenticity', extra: Record<string, string> = {}) {
    const signed = mode === 'signature';
    const reply = await call('POST', '/v3/recharge', {
      begin_recharge_request: { merchant_key: signed ? SIG_KEY : AUTH_KEY, recharge_type: type, ...extra },
    }, signed ? { token: sign({ merchant_id: 'shopsig' }) } : {});
    const inner = reply.body?.begin_recharge_response;
    if (inner?.esitef?.code !== '0') throw new Error(`creation failed: ${reply.text}`);
    const nit: string = signed ? inner.nit : endpoint.lastNit();
    return { nit, token: signed ? sign({ merchant_id: 'shopsig', nit }) : undefined, merchantKey: signed ? SIG_KEY : AUTH_KEY };
  }

  return {
    ...running,
    base,
    endpoint,
    sign,
    call,
    createNit,
    close: async () => {
      await running.close();
      await endpoint.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * One harness for the test file that calls this at its top level: started before its tests,
 * closed after them. The returned object stands for it once started.
 */
export function harnessForThisFile(options: SandboxOptions = {}): Harness {
  let started: Harness | undefined;
  before(async () => {
    started = await startHarness(options);
  });
  after(async () => {
    await started?.close();
  });
  return new Proxy({} as Harness, {
    get(_target, property) {
      if (!started) throw new Error('the sandbox harness is used before the tests started it');
      return Reflect.get(started, property);
    },
  });
}

/** The inner object of a wrapped response, e.g. body.do_recharge_response. */
export function inner(reply: Reply, wrapper: string): Record<string, any> {
  const value = reply.body?.[wrapper];
  if (!value) throw new Error(`expected ${wrapper} in: ${reply.text}`);
  return value;
}

export const normalRecharge = (extra: Record<string, unknown> = {}) => ({
  do_recharge_request: { dealer: { code: '003' }, phone: { ddd: '21', number: '987654321' }, amount: '2000', ...extra },
});

export const card = (number = '4111111111111111', expiry = '1239', merchantKey = AUTH_KEY) => ({
  amount: '2000',
  authorizer_id: '1',
  merchant_key: merchantKey,
  installment: { number: '1', type: '4' },
  card: { number, expiry_date: expiry, security_code: '123' },
});

export const confirm = (value: 'true' | 'false', merchantKey = AUTH_KEY) => ({
  confirm_recharge_request: { confirm: value, merchant_key: merchantKey },
});
