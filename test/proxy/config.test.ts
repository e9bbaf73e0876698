/** Configuration from the environment: defaults, and a start that stops naming the bad variable. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, DEFAULT_ABUSE_LIMITS, loadConfig, wantsBuiltInSandbox } from '../../proxy/config.ts';

const DEMO = { id: 'demo', key: 'DEMO0000000000000000000000000000' };
const SANDBOX = { CARAT_RECHARGE_URL: 'sandbox' };
const REMOTE = { CARAT_RECHARGE_URL: 'https://esitef-homologacao.softwareexpress.com.br/e-sitef', CARAT_MERCHANT_ID: 'shop1', CARAT_MERCHANT_KEY: 'KEY123', CARAT_AUTH: 'authenticity' };
const dir = mkdtempSync(join(tmpdir(), 'proxy-config-'));

/** A PKCS#8 PEM generated now (no key lives in the repository), with its body cut to `bodyLines` lines. */
function truncatedPem(bodyLines: number): { pem: string; firstBodyLine: string } {
  const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const [header, ...rest] = pem.trimEnd().split('\n');
  const footer = rest.pop()!;
  return { pem: [header, ...rest.slice(0, bodyLines), footer, ''].join('\n'), firstBodyLine: rest[0]! };
}
after(() => rmSync(dir, { recursive: true, force: true }));

function keyFile(name: string, contents: string): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

/** `env` in sandbox mode unless it sets CARAT_RECHARGE_URL itself. */
function failsNaming(env: NodeJS.ProcessEnv, variable: string, reason?: RegExp): void {
  assert.throws(() => loadConfig('CARAT_RECHARGE_URL' in env ? env : { ...SANDBOX, ...env }, DEMO), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.variable, variable);
    assert.ok(error.message.startsWith(`${variable}: `), error.message);
    if (reason) assert.match(error.message, reason);
    return true;
  });
}

describe('proxy configuration', () => {
  test('CARAT_RECHARGE_URL unset or empty stops the start; only "sandbox" runs the simulator', () => {
    for (const env of [{}, { CARAT_RECHARGE_URL: '' }, { CARAT_RECHARGE_URL: ' ' }, { CARAT_MERCHANT_KEY: 'KEY123', CARAT_AUTH: 'signature' }]) {
      assert.throws(() => loadConfig(env, DEMO), (error: unknown) =>
        error instanceof ConfigError && error.message === 'CARAT_RECHARGE_URL: set the gateway\'s base URL, or "sandbox" for the simulator');
      assert.equal(wantsBuiltInSandbox(env), false);
    }
    assert.equal(wantsBuiltInSandbox(SANDBOX), true);
  });

  test('ORDER_GRANT_SECRET: at least 32 characters, never quoted back; MAX_INSTALLMENTS at most 12', () => {
    assert.equal(loadConfig({ ...SANDBOX, ORDER_GRANT_SECRET: 's'.repeat(32) }, DEMO).orderGrantSecret, 's'.repeat(32));
    assert.equal(loadConfig(SANDBOX, DEMO).orderGrantSecret, undefined);
    assert.throws(() => loadConfig({ ...SANDBOX, ORDER_GRANT_SECRET: 'short-secret-value' }, DEMO), (error: unknown) =>
      error instanceof ConfigError && error.variable === 'ORDER_GRANT_SECRET' && /at least 32/.test(error.message) && !error.message.includes('short-secret-value'));
    failsNaming({ MAX_INSTALLMENTS: '13' }, 'MAX_INSTALLMENTS');
  });

  test('CARAT_RECHARGE_URL=sandbox runs the sandbox with the demo merchant on 127.0.0.1:8080', () => {
    const config = loadConfig(SANDBOX, DEMO);
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(config.caratRechargeUrl, undefined);
    assert.deepEqual([config.merchantId, config.merchantKey, config.auth], ['demo', DEMO.key, 'authenticity']);
    assert.equal(config.caratTimeoutMs, 15000);
    assert.deepEqual(config.allowedOrigins, []);
    assert.equal(config.dataDir, './data');
  });

  test('values are read and normalised', () => {
    const config = loadConfig({ ...REMOTE, PORT: '9000', HOST: '0.0.0.0', PUBLIC_URL: 'https://shop.example/', CARAT_TIMEOUT_MS: '2500',
      ALLOWED_ORIGINS: 'https://shop.example, http://localhost:3000', DATA_DIR: '/var/lib/recharge' }, DEMO);
    assert.equal(config.port, 9000);
    assert.equal(config.publicUrl, 'https://shop.example');
    assert.equal(config.caratRechargeUrl, REMOTE.CARAT_RECHARGE_URL);
    assert.equal(config.caratTimeoutMs, 2500);
    assert.deepEqual(config.allowedOrigins, ['https://shop.example', 'http://localhost:3000']);
    assert.equal(config.dataDir, '/var/lib/recharge');
  });

  test('malformed values stop the start, naming the variable', () => {
    failsNaming({ PORT: 'eighty' }, 'PORT');
    failsNaming({ PORT: '70000' }, 'PORT');
    failsNaming({ PUBLIC_URL: 'shop.example' }, 'PUBLIC_URL');
    failsNaming({ CARAT_AUTH: 'password' }, 'CARAT_AUTH', /signature.*authenticity/);
    failsNaming({ CARAT_TIMEOUT_MS: '0' }, 'CARAT_TIMEOUT_MS');
    failsNaming({ CARAT_TIMEOUT_MS: '15s' }, 'CARAT_TIMEOUT_MS');
    failsNaming({ ALLOWED_ORIGINS: 'https://shop.example/checkout' }, 'ALLOWED_ORIGINS', /origin/);
    failsNaming({ ALLOWED_ORIGINS: '*' }, 'ALLOWED_ORIGINS');
    failsNaming({ CARAT_MERCHANT_KEY: 'has spaces in it' }, 'CARAT_MERCHANT_KEY');
    failsNaming({ CARAT_MERCHANT_ID: 'x'.repeat(16) }, 'CARAT_MERCHANT_ID');
  });

  test('LOG_LEVEL picks the least severe log line written: pino\'s levels or silent, info by default', () => {
    assert.equal(loadConfig(SANDBOX, DEMO).logLevel, 'info');
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      assert.equal(loadConfig({ ...SANDBOX, LOG_LEVEL: level }, DEMO).logLevel, level);
    }
    failsNaming({ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', /one of fatal, error, warn, info, debug, trace, silent/);
    failsNaming({ LOG_LEVEL: 'INFO' }, 'LOG_LEVEL');
  });

  test('RECOVERY_ABANDON_AFTER_MS: a day by default, at least a minute', () => {
    assert.equal(loadConfig(SANDBOX, DEMO).recoveryAbandonAfterMs, 86_400_000);
    assert.equal(loadConfig({ ...SANDBOX, RECOVERY_ABANDON_AFTER_MS: '3600000' }, DEMO).recoveryAbandonAfterMs, 3_600_000);
    failsNaming({ RECOVERY_ABANDON_AFTER_MS: '1000' }, 'RECOVERY_ABANDON_AFTER_MS');
    failsNaming({ RECOVERY_ABANDON_AFTER_MS: '1d' }, 'RECOVERY_ABANDON_AFTER_MS');
  });

  test('RECEIPT_RETENTION_MS: 15 minutes by default, between a minute and a day', () => {
    assert.equal(loadConfig(SANDBOX, DEMO).receiptRetentionMs, 900_000);
    assert.equal(loadConfig({ ...SANDBOX, RECEIPT_RETENTION_MS: '120000' }, DEMO).receiptRetentionMs, 120_000);
    failsNaming({ RECEIPT_RETENTION_MS: '59999' }, 'RECEIPT_RETENTION_MS');
    failsNaming({ RECEIPT_RETENTION_MS: '86400001' }, 'RECEIPT_RETENTION_MS');
    failsNaming({ RECEIPT_RETENTION_MS: '15m' }, 'RECEIPT_RETENTION_MS');
  });

  test('JOURNAL_RETENTION_MS: 30 days by default, at least a day', () => {
    assert.equal(loadConfig(SANDBOX, DEMO).journalRetentionMs, 2_592_000_000);
    assert.equal(loadConfig({ ...SANDBOX, JOURNAL_RETENTION_MS: '172800000' }, DEMO).journalRetentionMs, 172_800_000);
    failsNaming({ JOURNAL_RETENTION_MS: '3600000' }, 'JOURNAL_RETENTION_MS');
    failsNaming({ JOURNAL_RETENTION_MS: '30d' }, 'JOURNAL_RETENTION_MS');
  });

  test('gateway URLs must be https, except on loopback', () => {
    failsNaming({ ...REMOTE, CARAT_RECHARGE_URL: 'http://esitef.example/e-sitef' }, 'CARAT_RECHARGE_URL', /https/);
    failsNaming({ CARAT_API_URL: 'http://esitef.example/e-sitef/api' }, 'CARAT_API_URL', /https/);
    failsNaming({ ...REMOTE, CARAT_RECHARGE_URL: 'not a url' }, 'CARAT_RECHARGE_URL');
    for (const url of ['http://127.0.0.1:8090/e-sitef', 'http://localhost:8090/e-sitef', 'http://[::1]:8090/e-sitef']) {
      assert.equal(loadConfig({ ...REMOTE, CARAT_RECHARGE_URL: url }, DEMO).caratRechargeUrl, url);
    }
  });

  test('a real gateway needs the merchant id, key and auth mode', () => {
    for (const variable of ['CARAT_MERCHANT_ID', 'CARAT_MERCHANT_KEY', 'CARAT_AUTH']) {
      failsNaming({ ...REMOTE, [variable]: undefined }, variable, /required/);
    }
    failsNaming({ ...REMOTE, CARAT_MERCHANT_KEY: '' }, 'CARAT_MERCHANT_KEY', /required/);
  });

  test('signature mode needs a readable RSA private key, PKCS#1 or PKCS#8', () => {
    failsNaming({ ...REMOTE, CARAT_AUTH: 'signature' }, 'CARAT_PRIVATE_KEY_FILE', /required/);
    failsNaming({ ...REMOTE, CARAT_AUTH: 'signature', CARAT_PRIVATE_KEY_FILE: join(dir, 'missing.pem') }, 'CARAT_PRIVATE_KEY_FILE', /cannot read/);
    const garbage = keyFile('garbage.pem', truncatedPem(0).pem.replace('\n', '\nnot a key\n'));
    failsNaming({ ...REMOTE, CARAT_AUTH: 'signature', CARAT_PRIVATE_KEY_FILE: garbage }, 'CARAT_PRIVATE_KEY_FILE', /PKCS#1 or PKCS#8/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    failsNaming({ ...REMOTE, CARAT_AUTH: 'signature', CARAT_PRIVATE_KEY_FILE: keyFile('ec.pem', ec) }, 'CARAT_PRIVATE_KEY_FILE');

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const type of ['pkcs1', 'pkcs8'] as const) {
      const pem = privateKey.export({ type, format: 'pem' }).toString();
      const config = loadConfig({ ...REMOTE, CARAT_AUTH: 'signature', CARAT_PRIVATE_KEY_FILE: keyFile(`${type}.pem`, pem) }, DEMO);
      assert.equal(config.privateKey?.asymmetricKeyType, 'rsa');
    }
  });

  test('a key error never quotes the key', () => {
    const { pem, firstBodyLine: secretLine } = truncatedPem(1);
    const broken = keyFile('broken.pem', pem);
    assert.throws(() => loadConfig({ ...SANDBOX, CARAT_AUTH: 'signature', CARAT_PRIVATE_KEY_FILE: broken }, DEMO), (error: Error) => !error.message.includes(secretLine));
  });

  describe('abuse limits', () => {
    test('defaults leave room for a busy shop behind one NAT', () => {
      const { limits } = loadConfig(SANDBOX, DEMO);
      assert.deepEqual(limits, {
        creationsPerMinutePerIp: 120,
        paymentsPerMinutePerIp: 60,
        paymentsPerMinutePerSession: 10,
        cardAttemptsPerSession: 3,
        bodyLimitBytes: 16 * 1024,
        cardAttemptsPerIp: 5,
        cardDeclinesPer10Min: 30,
        cardPauseMs: 600_000,
        maxInstallments: 1,
        minInstallmentCents: 500,
        branchesPerMinutePerIp: 120,
        branchLookupsPerSession: 30,
        caratNoticesPerMinutePerIp: 600,
      });
      assert.deepEqual(limits, DEFAULT_ABUSE_LIMITS);
    });

    test('each variable is read, and an empty one counts as unset', () => {
      const { limits } = loadConfig({
        ...SANDBOX,
        RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP: '300',
        RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_IP: '90',
        RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_SESSION: '4',
        CARD_ATTEMPTS_PER_SESSION: '',
        BODY_LIMIT: '32KB',
        CARD_ATTEMPTS_PER_IP: '8',
        CARD_DECLINES_PER_10MIN: '50',
        CARD_PAUSE_MS: '300000',
        MAX_INSTALLMENTS: '3',
        MIN_INSTALLMENT_CENTS: '1000',
        RATE_LIMIT_BRANCHES_PER_MINUTE_PER_IP: '',
        BRANCH_LOOKUPS_PER_SESSION: '12',
        RATE_LIMIT_CARAT_NOTICES_PER_MINUTE_PER_IP: '1200',
      }, DEMO);
      assert.deepEqual(limits, {
        creationsPerMinutePerIp: 300,
        paymentsPerMinutePerIp: 90,
        paymentsPerMinutePerSession: 4,
        cardAttemptsPerSession: 3,
        bodyLimitBytes: 32 * 1024,
        cardAttemptsPerIp: 8,
        cardDeclinesPer10Min: 50,
        cardPauseMs: 300_000,
        maxInstallments: 3,
        minInstallmentCents: 1000,
        branchesPerMinutePerIp: 120,
        branchLookupsPerSession: 12,
        caratNoticesPerMinutePerIp: 1200,
      });
    });

    test('BODY_LIMIT: bytes, b, kb or mb, from 1kb to 1mb', () => {
      const rows: Array<[string, number]> = [['16kb', 16_384], ['1mb', 1_048_576], ['2048', 2048], ['2048b', 2048], ['8 KB', 8192]];
      for (const [text, bytes] of rows) assert.equal(loadConfig({ ...SANDBOX, BODY_LIMIT: text }, DEMO).limits.bodyLimitBytes, bytes, text);
      for (const text of ['1.5kb', 'kb', '-1kb', '2gb', '100']) failsNaming({ BODY_LIMIT: text }, 'BODY_LIMIT', /must be a size from 1kb to 1mb/);
    });

    test('a malformed value stops the start, naming the variable and why', () => {
      const rows: Array<[Record<string, string>, string, RegExp]> = [
        [{ RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP: 'lots' }, 'RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP', /: must be a whole number$/],
        [{ RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP: '0' }, 'RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP', /: must be at least 1$/],
        [{ RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_IP: '1.5' }, 'RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_IP', /: must be a whole number$/],
        [{ RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_SESSION: '0x10' }, 'RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_SESSION', /: must be a whole number$/],
        [{ CARD_ATTEMPTS_PER_SESSION: '50' }, 'CARD_ATTEMPTS_PER_SESSION', /: must be at most 20/],
      ];
      for (const [env, variable, reason] of rows) failsNaming(env, variable, reason);
    });
  });

  describe('TRUST_PROXY', () => {
    test('off by default; a hop count or named addresses otherwise', () => {
      const rows: Array<[string | undefined, unknown]> = [
        [undefined, false],
        ['', false],
        ['false', false],
        ['0', false],
        ['1', 1],
        [' 2 ', 2],
        ['loopback', ['loopback']],
        ['loopback, 10.0.0.0/8,192.168.1.7', ['loopback', '10.0.0.0/8', '192.168.1.7']],
        ['fd00::/8, ::1', ['fd00::/8', '::1']],
        ['UniqueLocal', ['uniquelocal']],
      ];
      for (const [value, expected] of rows) assert.deepEqual(loadConfig(value === undefined ? SANDBOX : { ...SANDBOX, TRUST_PROXY: value }, DEMO).trustProxy, expected, String(value));
    });

    test('trusting every hop, or something that is no address, stops the start naming the variable', () => {
      const rows: Array<[string, RegExp]> = [
        ['true', /forge their address/],
        ['11', /at most 10/],
        ['10.0.0.0/33', /"10\.0\.0\.0\/33"/],
        ['proxy.example', /"proxy\.example"/],
        ['1.2.3.4/8/8', /is none of these/],
        [',', /expected a number of hops/],
      ];
      for (const [value, reason] of rows) failsNaming({ TRUST_PROXY: value }, 'TRUST_PROXY', reason);
    });
  });
});
