/** DATABASE_URL: a postgres URL selects the shared store; anything else stops the start without quoting it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../proxy/config.ts';

const DEMO = { id: 'demo', key: 'DEMO0000000000000000000000000000' };
const REMOTE = { CARAT_RECHARGE_URL: 'https://esitef-homologacao.softwareexpress.com.br/e-sitef', CARAT_MERCHANT_ID: 'shop1', CARAT_MERCHANT_KEY: 'KEY123', CARAT_AUTH: 'authenticity' };

const refusal = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadConfig(env, DEMO);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  assert.fail('the start was not stopped');
};

test('unset: the SQLite journal in DATA_DIR; a postgres URL: the shared database', () => {
  assert.equal(loadConfig(REMOTE, DEMO).databaseUrl, undefined);
  assert.equal(loadConfig({ ...REMOTE, DATABASE_URL: '' }, DEMO).databaseUrl, undefined, 'empty counts as unset');
  for (const url of ['postgres://proxy:s3cret@db.internal:5432/recharge', 'postgresql://db.internal/recharge?sslmode=require']) {
    assert.equal(loadConfig({ ...REMOTE, DATABASE_URL: url }, DEMO).databaseUrl, url);
  }
});

test('another scheme or no URL stops the start naming DATABASE_URL, never quoting the password', () => {
  for (const url of ['mysql://proxy:s3cret@db.internal/recharge', 'proxy:s3cret@db.internal', 'https://proxy:s3cret@db.internal/']) {
    const error = refusal({ ...REMOTE, DATABASE_URL: url });
    assert.equal(error.variable, 'DATABASE_URL');
    assert.match(error.message, /^DATABASE_URL: must be a postgres:\/\//);
    assert.ok(!error.message.includes('s3cret'), error.message);
  }
});

test('not with the built-in sandbox, whose journal is emptied at each start', () => {
  const error = refusal({ CARAT_RECHARGE_URL: 'sandbox', DATABASE_URL: 'postgres://proxy:s3cret@db.internal/recharge' });
  assert.equal(error.variable, 'DATABASE_URL');
  assert.ok(!error.message.includes('s3cret'));
});
