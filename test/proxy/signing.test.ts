/** RS256 JWTs for signature mode: exact header, the default claim set (Q1), overrides, 4096-bit keys. */
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import jwt from 'jsonwebtoken';
import { createRequestSigner } from '../../proxy/carat/signing.ts';
import { testPrivateKey } from './support/stack.ts';

const NOW_MS = 1_790_000_000_000;

function decode(authorization: string): { header: unknown; payload: Record<string, unknown>; token: string } {
  assert.match(authorization, /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  const token = authorization.slice('Bearer '.length);
  const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, payload, token };
}

describe('request signing', () => {
  test('creation carries merchant_id, iat and exp = iat + 300, under the fixed header', () => {
    const signer = createRequestSigner({ privateKey: testPrivateKey(), merchantId: 'shop42', now: () => NOW_MS });
    const { header, payload } = decode(signer.authorization('createRecharge'));
    assert.deepEqual(header, { alg: 'RS256', typ: 'JWT' });
    assert.deepEqual(payload, { merchant_id: 'shop42', iat: NOW_MS / 1000, exp: NOW_MS / 1000 + 300 });
  });

  test('later calls add the NIT, and the signature verifies with the public key', () => {
    const privateKey = testPrivateKey();
    const signer = createRequestSigner({ privateKey, merchantId: 'shop42' });
    const { token } = decode(signer.authorization('doRecharge', 'N'.repeat(64)));
    const verified = jwt.verify(token, createPublicKey(privateKey), { algorithms: ['RS256'] }) as Record<string, unknown>;
    assert.equal(verified.nit, 'N'.repeat(64));
    assert.equal(verified.merchant_id, 'shop42');
  });

  test('claims can be replaced per operation', () => {
    const signer = createRequestSigner({
      privateKey: testPrivateKey(), merchantId: 'shop42', now: () => NOW_MS,
      claims: { confirmRecharge: ({ merchantId, nit, nowSeconds }) => ({ sub: merchantId, nit, iat: nowSeconds, scope: 'confirm' }) },
    });
    assert.deepEqual(decode(signer.authorization('confirmRecharge', 'abc')).payload, { sub: 'shop42', nit: 'abc', iat: NOW_MS / 1000, scope: 'confirm' });
    assert.deepEqual(Object.keys(decode(signer.authorization('listDealers', 'abc')).payload), ['merchant_id', 'nit', 'iat', 'exp']);
  });

  test('a 4096-bit key, as the vendor documents, signs tokens that verify', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
    const signer = createRequestSigner({ privateKey, merchantId: 'shop42' });
    const { token } = decode(signer.authorization('createRecharge'));
    assert.equal(Buffer.from(token.split('.')[2]!, 'base64url').length, 512);
    assert.doesNotThrow(() => jwt.verify(token, publicKey, { algorithms: ['RS256'] }));
  });

  test('a non-RSA key is refused', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.throws(() => createRequestSigner({ privateKey, merchantId: 'shop42' }), /RSA/);
  });
});
