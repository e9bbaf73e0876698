/**
 * Compares a gateway answer with a documented example: the same keys, nesting and string-vs-number
 * types. `exact` also forbids keys the example lacks (for examples that were not cut off).
 */
import assert from 'node:assert/strict';

/** Notes we added to the examples, not part of the payload (see fixtures/carat/INDEX.md). */
export const EXAMPLE_NOTE_KEYS = new Set(['_partial', '_transcribed_from_curl', '_transcribed_from_form_body']);

export function assertExampleShape(actual: unknown, expected: unknown, exact: boolean, path = '$'): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array`);
    actual.forEach((item, i) => assertExampleShape(item, expected[Math.min(i, expected.length - 1)], exact, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${path}: expected an object`);
    const documented = Object.keys(expected).filter((k) => !EXAMPLE_NOTE_KEYS.has(k));
    for (const key of documented) {
      assert.ok(key in actual, `${path}.${key}: missing`);
      assertExampleShape((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], exact, `${path}.${key}`);
    }
    if (exact) assert.deepEqual(Object.keys(actual).filter((k) => !documented.includes(k)), [], `${path}: keys the example does not have`);
    return;
  }
  assert.equal(typeof actual, typeof expected, `${path}: expected a ${typeof expected}`);
}
