import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAbuseLimits, parseByteSize } from '../../../proxy/hardening/limits-config.ts';

test('defaults leave room for a busy shop behind one NAT', () => {
  const limits = loadAbuseLimits({});
  assert.deepEqual(limits, {
    creationsPerMinutePerIp: 120,
    paymentsPerMinutePerIp: 60,
    paymentsPerMinutePerSession: 10,
    cardAttemptsPerSession: 3,
    bodyLimitBytes: 16 * 1024,
    maxTrackedKeys: 100_000,
  });
  assert.ok(limits.creationsPerMinutePerIp >= 60);
});

test('each variable is read, and an empty one counts as unset', () => {
  const limits = loadAbuseLimits({
    RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP: '300',
    RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_IP: '90',
    RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_SESSION: '4',
    CARD_ATTEMPTS_PER_SESSION: '',
    BODY_LIMIT: '32KB',
    RATE_LIMIT_MAX_TRACKED_KEYS: '5000',
  });
  assert.deepEqual(limits, {
    creationsPerMinutePerIp: 300,
    paymentsPerMinutePerIp: 90,
    paymentsPerMinutePerSession: 4,
    cardAttemptsPerSession: 3,
    bodyLimitBytes: 32 * 1024,
    maxTrackedKeys: 5000,
  });
});

test('a malformed value stops the start, naming the variable and why', () => {
  const rows: Array<[Record<string, string>, RegExp]> = [
    [{ RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP: 'lots' }, /^RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP: must be a whole number$/],
    [{ RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP: '0' }, /^RATE_LIMIT_CREATIONS_PER_MINUTE_PER_IP: must be at least 1$/],
    [{ RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_IP: '1.5' }, /^RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_IP: must be a whole number$/],
    [{ RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_SESSION: '0x10' }, /^RATE_LIMIT_PAYMENTS_PER_MINUTE_PER_SESSION: must be a whole number$/],
    [{ CARD_ATTEMPTS_PER_SESSION: '50' }, /^CARD_ATTEMPTS_PER_SESSION: must be at most 20/],
    [{ BODY_LIMIT: '2gb' }, /^BODY_LIMIT: must be a size from 1kb to 1mb/],
    [{ BODY_LIMIT: '100' }, /^BODY_LIMIT: must be a size from 1kb to 1mb/],
    [{ RATE_LIMIT_MAX_TRACKED_KEYS: '10' }, /^RATE_LIMIT_MAX_TRACKED_KEYS: must be at least 100$/],
  ];
  for (const [env, message] of rows) {
    assert.throws(() => loadAbuseLimits(env), (error: Error) => {
      assert.equal(error.name, 'ConfigError');
      assert.match(error.message, message);
      return true;
    });
  }
});

test('byte sizes', () => {
  const rows: Array<[string, number | undefined]> = [
    ['16kb', 16_384], ['1mb', 1_048_576], ['2048', 2048], ['2048b', 2048], ['8 KB', 8192], ['1.5kb', undefined], ['kb', undefined], ['-1kb', undefined],
  ];
  for (const [text, bytes] of rows) assert.equal(parseByteSize(text), bytes, text);
});
