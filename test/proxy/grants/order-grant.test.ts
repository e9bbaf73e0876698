/**
 * Order grants: HS256 with ORDER_GRANT_SECRET only, the exact claim table of issue 8, and refusals
 * that say which rule failed.
 */
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import {
  createOrderGrant, OrderGrantError, verifyOrderGrant, type OrderGrantFailure,
} from '../../../proxy/grants/order-grant.ts';

const SECRET = 'grant-secret-for-tests-0123456789abcdef';
const NOW_MS = Date.UTC(2030, 0, 15, 12, 0, 0);
const NOW = NOW_MS / 1000;
const VALID = { jti: 'order-A123-1', exp: NOW + 600, iat: NOW, orderId: 'A123', type: 'normal', maxAmountCents: 2000 };

const signed = (claims: Record<string, unknown>, secret = SECRET, algorithm: jwt.Algorithm = 'HS256') =>
  jwt.sign(claims, secret, { algorithm });
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** HS256 by hand, for claims jsonwebtoken's sign() refuses to write. */
function handSigned(claims: Record<string, unknown>): string {
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}

function assertRefused(token: string, reason: OrderGrantFailure, message: RegExp, secret = SECRET, nowMs = NOW_MS): void {
  assert.throws(() => verifyOrderGrant(token, secret, nowMs), (error: unknown) => {
    assert.ok(error instanceof OrderGrantError);
    assert.equal(error.reason, reason);
    assert.match(error.message, message);
    assert.ok(!error.message.includes(SECRET) && (token.length < 20 || !error.message.includes(token)));
    return true;
  });
}

describe('order grants', () => {
  it('a grant made by createOrderGrant verifies, with every claim kept', () => {
    const claims = { orderId: 'A123', type: 'others' as const, maxAmountCents: 5000, dealerCode: '901', phone: { ddd: '21', number: '987654321' } };
    const token = createOrderGrant(claims, SECRET, NOW_MS);
    assert.equal(jwt.decode(token, { complete: true })?.header.alg, 'HS256');
    const grant = verifyOrderGrant(token, SECRET, NOW_MS + 1000);
    assert.deepEqual({ ...grant, jti: undefined, exp: undefined, iat: undefined }, { ...claims, jti: undefined, exp: undefined, iat: undefined });
    assert.match(grant.jti, /^[A-Za-z0-9_-]{8,64}$/);
    assert.equal(grant.iat, NOW);
    assert.ok(grant.exp > NOW && grant.exp <= NOW + 3600);
    assert.notEqual(createOrderGrant(claims, SECRET, NOW_MS), token, 'each grant gets its own jti');
  });

  it('a grant signed by another secret is refused: bad signature', () => {
    assertRefused(signed(VALID, 'another-secret-of-enough-length-000000'), 'bad_signature', /signature does not match/);
    const [header, payload, signature] = signed(VALID).split('.');
    const raised = base64url({ ...VALID, maxAmountCents: 999_999 });
    assertRefused(`${header}.${raised}.${signature}`, 'bad_signature', /signature/);
    assert.ok(payload);
  });

  it('alg none is refused, signed or not', () => {
    const header = base64url({ alg: 'none', typ: 'JWT' });
    assertRefused(`${header}.${base64url(VALID)}.`, 'algorithm', /algorithm "none" is refused: HS256 only/);
    const [, , signature] = signed(VALID).split('.');
    assertRefused(`${header}.${base64url(VALID)}.${signature}`, 'algorithm', /"none"/);
  });

  it('RS256 and HS512 are refused, even with a valid signature', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    assertRefused(jwt.sign(VALID, privateKey, { algorithm: 'RS256' }), 'algorithm', /"RS256" is refused/);
    assertRefused(signed(VALID, SECRET, 'HS512'), 'algorithm', /"HS512" is refused/);
    assertRefused(signed(VALID, SECRET, 'HS384'), 'algorithm', /"HS384"/);
  });

  it('an expired grant is refused, from the second of its exp', () => {
    assert.equal(verifyOrderGrant(signed(VALID), SECRET, (VALID.exp - 1) * 1000).orderId, 'A123');
    assertRefused(signed(VALID), 'expired', /^grant expired$/, SECRET, VALID.exp * 1000);
    const made = createOrderGrant({ orderId: 'A1', type: 'normal', maxAmountCents: 1 }, SECRET, NOW_MS);
    assertRefused(made, 'expired', /expired/, SECRET, NOW_MS + 30 * 60 * 1000);
  });

  it('exp more than an hour after iat or now is refused: exp too far', () => {
    assert.equal(verifyOrderGrant(signed({ ...VALID, exp: NOW + 3600 }), SECRET, NOW_MS).exp, NOW + 3600);
    assertRefused(signed({ ...VALID, exp: NOW + 3601 }), 'exp_too_far', /more than 1 hour/);
    const { iat: _iat, ...withoutIat } = VALID;
    assertRefused(signed({ ...withoutIat, exp: NOW + 3601 }, SECRET), 'exp_too_far', /more than 1 hour/);
    // Issued two hours ago, still valid for half an hour: a 2.5-hour grant.
    assertRefused(signed({ ...VALID, iat: NOW - 7200, exp: NOW + 1800 }), 'exp_too_far', /1 hour/);
    // An iat in the future does not stretch the hour.
    assertRefused(signed({ ...VALID, iat: NOW + 3000, exp: NOW + 3700 }), 'exp_too_far', /1 hour/);
    assert.throws(() => createOrderGrant({ orderId: 'A1', type: 'normal', maxAmountCents: 1, exp: NOW + 3601 }, SECRET, NOW_MS), /more than 1 hour/);
  });

  it('each claim with a bad value (or a required one missing) is refused, naming the claim', () => {
    const { jti: _jti, ...noJti } = VALID;
    const { exp: _exp, ...noExp } = VALID;
    const { orderId: _orderId, ...noOrder } = VALID;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [noJti, /claim jti:/],
      [{ ...VALID, jti: '1234567' }, /claim jti: expected 8–64/],
      [{ ...VALID, jti: 'a'.repeat(65) }, /claim jti:/],
      [{ ...VALID, jti: 'order.A123' }, /claim jti:/],
      [noExp, /claim exp:/],
      [noOrder, /claim orderId:/],
      [{ ...VALID, orderId: '' }, /claim orderId: expected 1–20 letters or digits/],
      [{ ...VALID, orderId: 'A'.repeat(21) }, /claim orderId:/],
      [{ ...VALID, orderId: 'A-123' }, /claim orderId:/],
      [{ ...VALID, type: 'gift' }, /claim type:/],
      [{ ...VALID, maxAmountCents: 0 }, /claim maxAmountCents: expected a positive/],
      [{ ...VALID, maxAmountCents: -5 }, /claim maxAmountCents:/],
      [{ ...VALID, maxAmountCents: 19.99 }, /claim maxAmountCents:/],
      [{ ...VALID, maxAmountCents: '2000' }, /claim maxAmountCents:/],
      [{ ...VALID, dealerCode: 'ab' }, /claim dealerCode:/],
      [{ ...VALID, dealerCode: '1234' }, /claim dealerCode:/],
      [{ ...VALID, phone: { ddd: '01', number: '987654321' } }, /claim phone\.ddd:/],
      [{ ...VALID, phone: { ddd: '21', number: '123' } }, /claim phone\.number:/],
      [{ ...VALID, phone: { ddd: '21', number: '987654321', name: 'x' } }, /claim phone:/],
      [{ ...VALID, phone: '21987654321' }, /claim phone:/],
    ];
    for (const [claims, message] of cases) assertRefused(signed(claims), 'invalid_claim', message);
    assertRefused(handSigned({ ...VALID, exp: String(NOW + 60) }), 'invalid_claim', /claim exp: expected a whole number of seconds/);
    assertRefused(handSigned({ ...VALID, exp: NOW + 60.5 }), 'invalid_claim', /claim exp:/);
    assert.throws(() => createOrderGrant({ orderId: 'A-1', type: 'normal', maxAmountCents: 1 }, SECRET, NOW_MS), /claim orderId/);
  });

  it('a token that is not a readable JWT is refused: malformed', () => {
    for (const token of ['', 'abc', 'a.b.c', `${signed(VALID)}${'x'.repeat(5000)}`]) {
      assertRefused(token, 'malformed', /^grant is malformed: not a readable JWT$/);
    }
    // Correctly signed, but the payload is not JSON (jsonwebtoken's decode() throws on it).
    const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${Buffer.from('not json').toString('base64url')}`;
    assertRefused(`${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`, 'malformed', /not a readable JWT/);
  });

  it('a secret under 32 characters refuses every grant, made or checked', () => {
    const short = 'x'.repeat(31);
    assertRefused(signed(VALID, short), 'secret_unusable', /ORDER_GRANT_SECRET is unset or shorter than 32/, short);
    assertRefused(signed(VALID), 'secret_unusable', /shorter than 32/, '');
    assert.throws(() => createOrderGrant({ orderId: 'A1', type: 'normal', maxAmountCents: 1 }, short, NOW_MS), /shorter than 32/);
  });
});
