/**
 * Fuzz: a few thousand malformed requests to every route of the real proxy (authenticity mode,
 * against the sandbox), the same ones on every run (seeded). None may get a 5xx, crash the process,
 * pollute Object.prototype, serve a file from outside dist/ and demo/, or — when refused — call
 * Carat. API refusals have the `{"error":{code,message}}` shape.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_ABUSE_LIMITS } from '../../proxy/config.ts';
import {
  authenticityForm, mutateHeaders, mutateJsonBody, seededRandom, sessionSegment, traversalPath, type FuzzRequest, type Random,
} from './support/fuzz-cases.ts';
import { makeServedFolders } from './support/served-folders.ts';
import { newKey, startStack } from './support/stack.ts';

const CASES = 3000;
const SECRET_FILE_TEXT = 'THIS-FILE-IS-OUTSIDE-THE-SERVED-FOLDERS';
const CARD = { number: '4111111111111111', expiry: '12/39', securityCode: '123' };
const VALID = {
  create: { type: 'normal' },
  branches: { dealerCode: '003', ddd: '21' },
  recharge: { dealerCode: '003', phone: { ddd: '21', number: '987654321' }, amountCents: 1500, payment: { card: CARD, installments: 1 } },
};

function fuzzCase(random: Random, sessions: readonly string[]): FuzzRequest {
  const json = { 'content-type': 'application/json' };
  const route = random.pick(['create', 'branches', 'recharge', 'recharge', 'status', 'authenticity', 'static', 'static', 'method']);
  const id = sessionSegment(random, sessions);
  let req: FuzzRequest;
  if (route === 'create') req = { route, method: 'POST', path: '/api/recharges', headers: json, body: mutateJsonBody(random, VALID.create) };
  else if (route === 'branches') req = { route, method: 'POST', path: `/api/recharges/${id}/branches`, headers: json, body: mutateJsonBody(random, VALID.branches) };
  else if (route === 'recharge') {
    req = { route, method: 'POST', path: `/api/recharges/${id}/recharge`, headers: { ...json, 'idempotency-key': newKey() }, body: mutateJsonBody(random, VALID.recharge) };
  } else if (route === 'status') req = { route, method: 'GET', path: `/api/recharges/${id}${random.pick(['', '/', '/x', '?x=%zz'])}`, headers: {} };
  else if (route === 'authenticity') {
    const form = authenticityForm(random);
    req = { route, method: 'POST', path: '/carat/authenticity', headers: { 'content-type': form.contentType }, body: form.body };
  } else if (route === 'static') req = { route, method: random.pick(['GET', 'HEAD']), path: traversalPath(random), headers: {} };
  else {
    const path = random.pick(['/api/recharges', `/api/recharges/${id}`, `/api/recharges/${id}/recharge`, '/carat/authenticity', '/healthz', '/recharge-widget.js']);
    req = { route, method: random.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']), path, headers: {}, body: random.pick(['', '{}', 'x']) };
  }
  if (random.next() < 0.35) req.headers = mutateHeaders(random, req.headers);
  // Framed, as any HTTP client would: without it a DELETE's body is read as the next request.
  if (req.body !== undefined) req.headers = { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) };
  return req;
}

function send(agent: Agent, base: URL, req: FuzzRequest): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ agent, host: base.hostname, port: base.port, method: req.method, path: req.path, headers: req.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

test(`fuzz: ${CASES} malformed requests get 4xx (or a valid answer), never a 5xx, a crash or a gateway call`, async (t) => {
  const served = makeServedFolders();
  // Secrets beside the served folders and in dist/ (of which only two routes serve files): no path may reach them.
  for (const folder of [served.root, served.distDir]) writeFileSync(join(folder, 'secret.txt'), SECRET_FILE_TEXT);

  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => void crashes.push(error);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const generous = {
    creationsPerMinutePerIp: 1_000_000, paymentsPerMinutePerIp: 1_000_000, paymentsPerMinutePerSession: 1_000_000, cardAttemptsPerSession: 20,
    cardAttemptsPerIp: 1000, branchesPerMinutePerIp: 1_000_000, branchLookupsPerSession: 1000,
  };
  const stack = await startStack({
    auth: 'authenticity',
    app: { distDir: served.distDir, demoDir: served.demoDir, limits: { ...DEFAULT_ABUSE_LIMITS, ...generous } },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(async () => {
    agent.destroy();
    await stack.close();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    served.remove();
  });

  const sessions: string[] = [];
  for (let i = 0; i < 3; i += 1) sessions.push((await stack.call('POST', '/api/recharges', { type: 'normal' })).body.id);
  const nitsBefore = await Promise.all(sessions.map((id) => stack.nitOf(id)));
  const base = new URL(stack.proxyUrl);
  const random = seededRandom(0x5eed);
  const seen = new Map<number, number>();

  for (let i = 0; i < CASES; i += 1) {
    const req = fuzzCase(random, sessions);
    const callsBefore = stack.sandbox.calls.length;
    const answer = await send(agent, base, req);
    const what = `case ${i} (${req.route}): ${req.method} ${req.path.slice(0, 80)} ${JSON.stringify(req.headers).slice(0, 120)} ${(req.body ?? '').slice(0, 120)}`;
    seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
    assert.ok(answer.status >= 200 && answer.status < 500, `${answer.status} for ${what}: ${answer.text.slice(0, 200)}`);
    assert.ok(!answer.text.includes(SECRET_FILE_TEXT), `a file outside the served folders for ${what}`);
    if (answer.status >= 400) {
      assert.equal(stack.sandbox.calls.length, callsBefore, `a refused request called Carat: ${what}`);
      if (req.path.startsWith('/api/') && req.method !== 'HEAD') {
        let body: { error?: { code?: unknown; message?: unknown } } = {};
        try {
          body = JSON.parse(answer.text) as typeof body;
        } catch {
          assert.fail(`not JSON (${answer.status} ${answer.type}: ${answer.text.slice(0, 100)}) for ${what}`);
        }
        assert.ok(typeof body.error?.code === 'string' && typeof body.error.message === 'string', `error shape for ${what}`);
      }
    }
    if (req.route === 'authenticity') assert.deepEqual([answer.status, answer.text], [200, 'OK'], what);
  }

  assert.deepEqual(crashes, []);
  assert.equal((Object.prototype as Record<string, unknown>)['polluted'], undefined, 'Object.prototype was polluted');
  assert.equal((await stack.call('GET', '/healthz')).status, 200, 'the proxy still answers');
  assert.deepEqual(await Promise.all(sessions.map((id) => stack.nitOf(id))), nitsBefore, 'no notice replaced a NIT');
  // The cases reach past the first checks: refusals of several kinds, and some requests valid by chance.
  for (const status of [400, 404, 413]) assert.ok((seen.get(status) ?? 0) > 0, `some ${status}s in ${JSON.stringify([...seen])}`);
});
