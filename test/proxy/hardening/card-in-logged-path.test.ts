/**
 * Logs: the request line logs the path (hardening/logger.ts) and reuses a plain X-Request-Id. A card
 * number hidden there (touching a letter, or percent-encoded) is masked in the path and makes the
 * id a fresh UUID, where the scrubber's whole-run rule alone would let it by.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import { waitForLogLines } from '../support/log-lines.ts';
import { startStack, TEST_MERCHANT } from '../support/stack.ts';

const PAN = '4111111111111111';
const ENCODED = [...PAN].map((digit) => `%3${digit}`).join('');

test('no path or X-Request-Id form writes a full card number into the request log line', async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', secrets: [TEST_MERCHANT.key], destination: { write: (line: string) => void lines.push(line) } });
  const stack = await startStack({ auth: 'signature', app: { logger } });
  try {
    const paths = [`/api/x${PAN}`, `/api/${PAN}x`, `/api/card-${PAN}`, `/api/${ENCODED}`, `/pay/pan${PAN}cvv123`];
    for (const path of paths) await stack.call('GET', path);
    // X-Request-Id is reused when plain (letters, digits, ".:_-") and written on every line of the request.
    await stack.call('GET', '/healthz', undefined, { 'X-Request-Id': `x${PAN}` });
    await waitForLogLines(() => lines.filter((line) => line.includes('request completed')).length > paths.length, 'the probes');
    const leaked = lines.filter((line) => decodeURIComponent(line.replace(/%(?![0-9A-Fa-f]{2})/g, '%25')).includes(PAN));
    assert.deepEqual(leaked, [], 'a log line holds the full card number');
  } finally {
    await stack.close();
  }
});
