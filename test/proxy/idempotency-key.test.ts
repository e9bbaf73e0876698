import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiFailure } from '../../proxy/api-failure.ts';
import { parseIdempotencyKey } from '../../proxy/browser-schemas.ts';

test('Idempotency-Key format: 8–128 characters of [A-Za-z0-9_-]', () => {
  const rows: Array<[string | undefined, string | undefined]> = [
    ['abcdEFGH', undefined],
    ['0b7c2f6e-1d5a-4c8e-9f3a-2b6d8e1c4a7f', undefined],
    ['A1_-b2c3', undefined],
    ['k'.repeat(128), undefined],
    [undefined, 'missing_idempotency_key'],
    ['', 'missing_idempotency_key'],
    ['abcdefg', 'invalid_request'],
    ['k'.repeat(129), 'invalid_request'],
    ['abcd efgh', 'invalid_request'],
    ['abcd+efgh/ij=', 'invalid_request'],
    ['abcdefgh, abcdefgh', 'invalid_request'],
    ['chavé-12345', 'invalid_request'],
  ];
  for (const [value, code] of rows) {
    if (code === undefined) {
      assert.equal(parseIdempotencyKey(value), value);
      continue;
    }
    assert.throws(() => parseIdempotencyKey(value), (error: unknown) => {
      assert.ok(error instanceof ApiFailure);
      assert.equal(error.code, code, String(value));
      assert.equal(error.httpStatus, 400);
      assert.equal(error.field, 'Idempotency-Key');
      assert.match(error.message, /^Idempotency-Key: /);
      if (value) assert.ok(!error.message.includes(value), 'the value is not echoed');
      return true;
    });
  }
});
