import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createScrubber, maskCardNumber } from '../../../proxy/hardening/log-scrubber.ts';

const NIT = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6a7B8c9D0e1F2';
const TOKEN = jwt.sign({ merchant_id: 'demo', nit: NIT }, 'not-a-real-key', { algorithm: 'HS256' });
const scrubber = createScrubber(['MerchantK3yXYZ']);
// Generated now: no key lives in the repository.
const PRIVATE_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().trimEnd();

test('values are masked by their shape, the rest of the text untouched', () => {
  const rows: Array<[input: string, expected: string]> = [
    ['card 4111111111111111 declined', 'card ************1111 declined'],
    ['card 4111 1111 1111 1111', 'card ************1111'],
    ['card 5500-0000-0000-0004.', 'card ************0004.'],
    ['amex 378282246310005', 'amex ***********0005'],
    ['19 digits 6011000990139424123', '19 digits ***************4123'],
    ['13 digits 4222222222222', '13 digits *********2222'],
    ['12 digits 411111111111 stay', '12 digits 411111111111 stay'],
    ['phone 11987654321 stays', 'phone 11987654321 stays'],
    ['a 47-digit bar code 23793381286000000000300000000401234567890123456 stays whole', 'a 47-digit bar code 23793381286000000000300000000401234567890123456 stays whole'],
    [`nit=${NIT}&x=1`, 'nit=[REDACTED NIT]&x=1'],
    [`Bearer ${TOKEN}`, 'Bearer [REDACTED JWT]'],
    ['host recharge.example.com stays', 'host recharge.example.com stays'],
    ['merchantkey=MerchantK3yXYZ&nit', 'merchantkey=[REDACTED SECRET]&nit'],
    [`${PRIVATE_KEY_PEM} done`, '[REDACTED PRIVATE KEY] done'],
    ['2026-11-24T06:16:02.123Z', '2026-11-24T06:16:02.123Z'],
    // Request ids: digit runs joined by dashes inside a longer token are no card number.
    ['reqId 37823126-4732-41a0-9579-f915e2c912bc', 'reqId 37823126-4732-41a0-9579-f915e2c912bc'],
    ['reqId d6b26385-1651-4470-8550-e00d22360a39', 'reqId d6b26385-1651-4470-8550-e00d22360a39'],
    ['reqId 579f9adf-45d3-4c0b-9427-936019205cc1', 'reqId 579f9adf-45d3-4c0b-9427-936019205cc1'],
  ];
  for (const [input, expected] of rows) assert.equal(scrubber.scrubText(input), expected, input);
});

test('card numbers keep their last four digits', () => {
  assert.equal(maskCardNumber('4111 1111 1111 1111'), '************1111');
  assert.equal(maskCardNumber('123'), '***');
});

test('JSON lines stay valid JSON; strings are scrubbed after unescaping, Luhn-valid bare numbers masked', () => {
  const line =
    JSON.stringify({
      msg: `line1\n${NIT}`,
      quoted: '"MerchantK3yXYZ"',
      pan: 4111111111111111,
      epochMs: 1732430000001,
      count: 42,
      nested: [{ text: 'card 5500 0000 0000 0004' }],
    }) + '\n';
  const out = scrubber.scrubJsonLine(line);
  assert.ok(out.endsWith('\n'));
  assert.deepEqual(JSON.parse(out), {
    msg: 'line1\n[REDACTED NIT]',
    quoted: '"[REDACTED SECRET]"',
    pan: '************1111',
    epochMs: 1732430000001,
    count: 42,
    nested: [{ text: 'card ************0004' }],
  });
});

test('secrets shorter than 4 characters are not used (they would mask half the log)', () => {
  assert.equal(createScrubber(['1', '']).scrubText('1 + 1'), '1 + 1');
  assert.equal(createScrubber(['abcd']).scrubJsonLine('{"k":"abcd"}'), '{"k":"[REDACTED SECRET]"}');
});
