import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../proxy/config.ts';
import { loadTrustProxy } from '../../../proxy/hardening/trust-proxy.ts';

test('TRUST_PROXY: off by default; a hop count or named addresses otherwise', () => {
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
  for (const [value, expected] of rows) assert.deepEqual(loadTrustProxy(value === undefined ? {} : { TRUST_PROXY: value }), expected, String(value));
});

test('TRUST_PROXY: trusting every hop, or something that is no address, stops the start naming the variable', () => {
  const rows: Array<[string, RegExp]> = [
    ['true', /forge their address/],
    ['11', /at most 10/],
    ['10.0.0.0/33', /"10\.0\.0\.0\/33"/],
    ['proxy.example', /"proxy\.example"/],
    ['1.2.3.4/8/8', /is none of these/],
    [',', /expected a number of hops/],
  ];
  for (const [value, message] of rows) {
    assert.throws(() => loadTrustProxy({ TRUST_PROXY: value }), (error: unknown) => {
      assert.ok(error instanceof ConfigError, value);
      assert.equal(error.variable, 'TRUST_PROXY');
      assert.match(error.message, message, value);
      return true;
    });
  }
});
