/** Asserts that nothing the browser received carries a NIT, the merchant key, the private key or a JWT. */
import assert from 'node:assert/strict';
import { TEST_MERCHANT, type Stack } from './stack.ts';

const JWT_SHAPE = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

export function assertNoSecretsReachedBrowser(stack: Stack, options = { flowRan: true }): void {
  const nits = [...stack.sandbox.transactions(), ...stack.sandbox.payments()].map((transaction) => transaction.nit);
  if (options.flowRan) assert.ok(nits.length > 0, 'the flow created transactions to check against');
  const secrets = [...nits, TEST_MERCHANT.key];
  if (stack.privateKey) {
    for (const pem of [
      stack.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      stack.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    ]) {
      // Any line of the key body would be a leak; checking a few interior ones is enough.
      secrets.push(...pem.split('\n').slice(2, 6));
    }
  }
  assert.ok(stack.responses.length > 0);
  for (const response of stack.responses) {
    const seen = [response.text, ...[...response.headers.entries()].map(([name, value]) => `${name}: ${value}`)].join('\n');
    for (const secret of secrets) assert.ok(!seen.includes(secret), `a browser response carried a secret (${secret.slice(0, 6)}…)`);
    assert.doesNotMatch(seen, JWT_SHAPE, 'a browser response carried a JWT');
  }
}
