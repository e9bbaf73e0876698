/** The Carat wire settings of config.ts: CARAT_AUTHORIZER_IDS, CARAT_SEND_CARD_HOLDER and CARAT_JWT_CLAIMS (signature mode's claim set, Q1). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRequestSigner } from '../../proxy/carat/signing.ts';
import { ConfigError, loadConfig } from '../../proxy/config.ts';
import { testPrivateKey } from './support/stack.ts';

const DEMO = { id: 'demo', key: 'DEMO0000000000000000000000000000' };
// The built-in simulator, named as CARAT_RECHARGE_URL must name it.
const SANDBOX = { CARAT_RECHARGE_URL: 'sandbox' };
const NOW_MS = 1_790_000_000_000;

function failsNaming(env: NodeJS.ProcessEnv, variable: string, reason: RegExp): void {
  assert.throws(() => loadConfig({ ...SANDBOX, ...env }, DEMO), (error: unknown) => error instanceof ConfigError && error.variable === variable && reason.test(error.message));
}

const payloadOf = (authorization: string) => JSON.parse(Buffer.from(authorization.split('.')[1]!, 'base64url').toString('utf8'));

describe('Carat wire configuration', () => {
  test('defaults: Visa only with a real gateway (the one authorizer id the reference documents), no card holder, the built-in claim set', () => {
    const gateway = { CARAT_RECHARGE_URL: 'https://esitef.example/e-sitef', CARAT_AUTH: 'authenticity', CARAT_MERCHANT_ID: 'shop', CARAT_MERCHANT_KEY: 'KEY0123456789' };
    assert.deepEqual(loadConfig(gateway).authorizerIds, { visa: '1' });
    const config = loadConfig(SANDBOX, DEMO);
    // The built-in sandbox charges the three brands its test cards cover.
    assert.deepEqual(config.authorizerIds, { visa: '1', mastercard: '2', amex: '3' });
    assert.equal(config.sendCardHolder, false);
    assert.equal(config.jwtClaims, undefined);
  });

  test('CARAT_AUTHORIZER_IDS and CARAT_SEND_CARD_HOLDER are read, and a malformed value stops the start naming it', () => {
    const config = loadConfig({ ...SANDBOX, CARAT_AUTHORIZER_IDS: 'visa:1, mastercard:2,elo:31', CARAT_SEND_CARD_HOLDER: 'true' }, DEMO);
    assert.deepEqual(config.authorizerIds, { visa: '1', mastercard: '2', elo: '31' });
    assert.equal(config.sendCardHolder, true);
    failsNaming({ CARAT_AUTHORIZER_IDS: 'visa=1' }, 'CARAT_AUTHORIZER_IDS', /brand:id pairs/);
    failsNaming({ CARAT_AUTHORIZER_IDS: 'maestro:4' }, 'CARAT_AUTHORIZER_IDS', /maestro/);
    failsNaming({ CARAT_SEND_CARD_HOLDER: 'yes' }, 'CARAT_SEND_CARD_HOLDER', /"true" or "false"/);
  });

  test('CARAT_JWT_CLAIMS sets the claims for every operation or one, with names of our choosing, without code changes', () => {
    const { jwtClaims } = loadConfig({ ...SANDBOX, CARAT_JWT_CLAIMS: '{"default":["merchantId=merchant_id","nit","iat"],"doRecharge":["merchant_id","nit","iat","exp","jti"]}' }, DEMO);
    const signer = createRequestSigner({ privateKey: testPrivateKey(), merchantId: 'shop42', now: () => NOW_MS, ...(jwtClaims ? { claims: jwtClaims } : {}) });
    assert.deepEqual(payloadOf(signer.authorization('createRecharge')), { merchantId: 'shop42', iat: NOW_MS / 1000 });
    assert.deepEqual(payloadOf(signer.authorization('getRechargeStatus', 'N')), { merchantId: 'shop42', nit: 'N', iat: NOW_MS / 1000 });
    const doClaims = payloadOf(signer.authorization('doRecharge', 'N'));
    assert.deepEqual(Object.keys(doClaims), ['merchant_id', 'nit', 'iat', 'exp', 'jti']);
    assert.equal(doClaims.exp, NOW_MS / 1000 + 300);
    failsNaming({ CARAT_JWT_CLAIMS: '["merchant_id"]' }, 'CARAT_JWT_CLAIMS', /JSON object/);
    failsNaming({ CARAT_JWT_CLAIMS: '{"payRecharge":["iat"]}' }, 'CARAT_JWT_CLAIMS', /not "default" or one of/);
    failsNaming({ CARAT_JWT_CLAIMS: '{"default":["password"]}' }, 'CARAT_JWT_CLAIMS', /each claim is one of/);
  });
});
