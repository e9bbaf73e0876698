import { test } from 'node:test';
import assert from 'node:assert/strict';
import express, { type ErrorRequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import { createLogger, requestLogging } from '../../../proxy/hardening/logger.ts';
import { waitForLogLines } from '../support/log-lines.ts';
import { listenOnFreePort } from '../support/free-port.ts';

const PAN = '4111111111111111';
const SPACED_PAN = '4111 1111 1111 1111';
const CVV = '739';
const MERCHANT_KEY = 'MerchantK3yXYZ2024';
const NIT = 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2H1g0F9e8D7c6B5a4Z3y2X1w0V9u8';
const TOKEN = jwt.sign({ merchant_id: 'demo', nit: NIT }, 'test-only-hmac', { algorithm: 'HS256' });
const SECRETS = [PAN, SPACED_PAN, MERCHANT_KEY, NIT, TOKEN];

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', secrets: [MERCHANT_KEY], destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Every value at every depth, with the key that holds it. */
function* entries(value: unknown, key = ''): Generator<[string, unknown]> {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* entries(v, k);
  } else yield [key, value];
}

function assertClean(lines: string[]): void {
  const text = lines.join('');
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `a log line contains ${secret.slice(0, 6)}…`);
  for (const [key, value] of entries(lines.map((line) => JSON.parse(line)))) {
    if (/^(securityCode|security_code|cvv)$/i.test(key)) assert.equal(value, '[REDACTED]', `${key} leaked`);
    if (typeof value === 'string') assert.ok(!new RegExp(`\\b${CVV}\\b`).test(value), `the security code leaked under ${key}`);
  }
}

test('card data, merchant key, NIT and JWT never reach the log, wherever they are; the last 4 digits do', () => {
  const { logger, lines } = capture();
  const card = { number: PAN, expiry: '12/28', securityCode: CVV, holder: 'ANA SILVA' };
  logger.info({ body: { dealerCode: '1', payment: { card, installments: 1 } } }, 'recharge request');
  logger.info({ headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } }, 'outgoing call');
  logger.info({
    do_recharge_request: {
      merchant_key: MERCHANT_KEY,
      payment: { merchant_key: MERCHANT_KEY, card: { number: PAN, security_code: CVV, expiry_date: '1228' } },
    },
  });
  logger.debug({ a: { b: { c: { d: { e: { f: { merchantKey: MERCHANT_KEY, note: `typed ${SPACED_PAN}`, pan: Number(PAN) } } } } } } });
  logger.error(new Error(`Carat refused card ${PAN} on ${NIT} with key ${MERCHANT_KEY}`));
  const cause = new Error(`token ${TOKEN}`);
  logger.error({ err: new Error('recharge failed', { cause }) }, 'while confirming');
  logger.warn(`GET /e-sitef/v3/recharge/${NIT}?merchantkey=${MERCHANT_KEY} timed out`);
  logger.info('card %s was declined', PAN);
  logger.child({ nit: NIT, sessionNit: NIT }).info({ cvv: CVV }, 'child logger');
  assert.equal(lines.length, 9);
  assertClean(lines);
  assert.match(lines[0]!, /"number":"\*{12}1111"/);
  assert.match(lines[3]!, /typed \*{12}1111/);
  assert.match(lines[4]!, /Carat refused card \*{12}1111 on \[REDACTED NIT\] with key \[REDACTED SECRET\]/);
  assert.match(lines[7]!, /card \*{12}1111 was declined/);
});

test('a child logger\'s bindings are redacted by key too; a class instance is named, not walked', () => {
  const { logger, records } = capture();
  class Connection {
    readonly headers = { authorization: `Bearer ${TOKEN}` };
  }
  logger.child({ merchant_key: 'short-key', card: { number: PAN, securityCode: CVV }, session: 's1' }).info({ peer: new Connection() }, 'bound');
  const [record] = records();
  assert.equal(record!['merchant_key'], '[REDACTED]');
  assert.deepEqual(record!['card'], { number: '************1111', securityCode: '[REDACTED]' });
  assert.equal(record!['session'], 's1');
  assert.equal(record!['peer'], '[Connection]');
});

test('errors keep their type, message and cause after redaction', () => {
  const { logger, records } = capture();
  const failure = Object.assign(new TypeError('bad answer', { cause: new Error('socket hang up') }), { code: 'E_GATEWAY' });
  logger.error({ err: failure }, 'gateway');
  const [record] = records();
  const err = record!['err'] as Record<string, unknown>;
  assert.equal(err['type'], 'TypeError');
  assert.equal(err['message'], 'bad answer');
  assert.equal(err['code'], 'E_GATEWAY');
  assert.equal((err['cause'] as Record<string, unknown>)['message'], 'socket hang up');
  assert.match(String(err['stack']), /TypeError: bad answer/);
  assert.equal(record!['level'], 'error');
});

test('each request gets an id, echoed back and on every line it logs; secrets stay out', async (t) => {
  const { logger, lines, records } = capture();
  const app = express();
  app.use(requestLogging(logger));
  app.use(express.json());
  app.post('/api/recharges/:id/recharge', (req) => {
    req.log.info({ headers: req.headers, body: req.body }, 'recharge received');
    throw new Error(`gateway said no to ${(req.body as { payment: { card: { number: string } } }).payment.card.number}`);
  });
  const errors: ErrorRequestHandler = (error, req, res, _next) => {
    req.log.error({ err: error }, 'unhandled');
    res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
  };
  app.use(errors);
  const server = await listenOnFreePort(app);
  t.after(() => server.close());

  const send = (requestId?: string) =>
    fetch(`${server.url}/api/recharges/s1/recharge?merchantkey=${MERCHANT_KEY}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${TOKEN}`,
        ...(requestId ? { 'x-request-id': requestId } : {}),
      },
      body: JSON.stringify({ payment: { card: { number: PAN, expiry: '12/28', securityCode: CVV }, installments: 1 } }),
    });

  const fresh = await send();
  const id = fresh.headers.get('x-request-id');
  assert.match(id ?? '', /^[0-9a-f-]{36}$/);
  const reused = await send('lb-7f3a9c');
  assert.equal(reused.headers.get('x-request-id'), 'lb-7f3a9c');
  const refused = await send('bad id with "quotes", {"level":"fatal"}');
  assert.match(refused.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);

  await waitForLogLines(() => records().filter((record) => typeof record['status'] === 'number').length === 3, 'the three requests');
  const byRequest = new Map<unknown, Array<Record<string, unknown>>>();
  for (const record of records()) byRequest.set(record['reqId'], [...(byRequest.get(record['reqId']) ?? []), record]);
  assert.equal(byRequest.size, 3);
  assert.deepEqual(byRequest.get(id)!.map((record) => record['msg']), ['recharge received', 'unhandled', 'request failed']);
  assert.equal(byRequest.get('lb-7f3a9c')!.length, 3);
  const summary = byRequest.get(id)![2]!;
  assert.equal(summary['path'], '/api/recharges/s1/recharge');
  assert.equal(summary['status'], 500);
  assertClean(lines);
});
