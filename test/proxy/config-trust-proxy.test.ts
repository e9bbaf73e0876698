/**
 * TRUST_PROXY (per-IP limits): config.ts refuses TRUST_PROXY=true because trusting every
 * hop lets the client's own X-Forwarded-For entry win, but
 * - CIDRs that together span every address mean the same and are accepted (0.0.0.0/1,128.0.0.0/1):
 *   a card-testing script then claims a fresh address per request;
 * - a /0 passes config.ts's check and then makes Express (proxy-addr) throw "invalid range" inside
 *   createApp: the start fails with a stack trace, not `Cannot start: TRUST_PROXY: …`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import express from 'express';
import { ConfigError, loadConfig } from '../../proxy/config.ts';

const DEMO = { id: 'demo', key: 'DEMOKEY0000' };
// The built-in simulator, named as CARAT_RECHARGE_URL must name it.
const SANDBOX = { CARAT_RECHARGE_URL: 'sandbox' };

for (const everything of ['0.0.0.0/0', '::/0', '0.0.0.0/1,128.0.0.0/1', '::/1,8000::/1']) {
  test(`TRUST_PROXY=${everything} is refused by config.ts, like "true"`, () => {
    let trusted: unknown;
    try {
      trusted = loadConfig({ ...SANDBOX, TRUST_PROXY: everything }, DEMO).trustProxy;
    } catch (error) {
      assert.ok(error instanceof ConfigError && error.variable === 'TRUST_PROXY', String(error));
      return;
    }
    const app = express();
    let trust: ((address: string, hop: number) => boolean) | undefined;
    try {
      app.set('trust proxy', trusted);
      trust = app.get('trust proxy fn');
    } catch (error) {
      assert.fail(`accepted by config.ts, then Express refused it at start: ${(error as Error).message}`);
    }
    const client = everything.includes(':') ? '2001:db8::7' : '203.0.113.7';
    assert.fail(`accepted as ${JSON.stringify(trusted)}; a public client address is trusted to name itself: ${trust!(client, 0)}`);
  });
}
