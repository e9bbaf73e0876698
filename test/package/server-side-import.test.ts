/**
 * Server-side rendering safe: a Node process with no DOM imports the package's entries by their
 * package names (`recharge-widget`, `recharge-widget/element`, `recharge-widget/proxy`, resolved
 * through the exports map to the built lib/) without throwing. Each import runs in a fresh process,
 * so that one entry's registration cannot hide another's.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `script` as an ES module in a plain Node process (no tsx, no DOM) inside the package; returns its JSON. */
function inNode(script: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as Record<string, unknown>;
}

test('importing recharge-widget in Node does not throw, and registers the element in a registry if there is one', () => {
  const result = inNode(`
    const hadDom = typeof window !== 'undefined' || typeof document !== 'undefined';
    const widget = await import('recharge-widget');
    const registry = globalThis.customElements;
    console.log(JSON.stringify({
      hadDom,
      exports: Object.keys(widget),
      isClass: typeof widget.RechargeWidget === 'function',
      registered: registry === undefined ? 'no registry' : registry.get('recharge-widget') === widget.RechargeWidget,
    }));
  `);
  const { registered, ...rest } = result;
  assert.deepEqual(rest, { hadDom: false, exports: ['RechargeWidget'], isClass: true });
  // Lit's Node build brings a registry of its own; without one, the guard skips registration.
  assert.ok(registered === true || registered === 'no registry', `registered: ${String(registered)}`);
});

test('importing recharge-widget/element in Node does not throw and registers nothing', () => {
  const result = inNode(`
    const element = await import('recharge-widget/element');
    console.log(JSON.stringify({
      exports: Object.keys(element),
      registered: globalThis.customElements?.get('recharge-widget') ?? null,
      attributes: element.RechargeWidget.observedAttributes,
    }));
  `);
  assert.deepEqual(result, {
    exports: ['RechargeWidget'],
    registered: null,
    attributes: ['api', 'type', 'lang', 'dealer', 'ddd', 'amount', 'grant', 'heading-level', 'manage'],
  });
});

test('a second copy of the entry module on the page reuses the registered element and does not throw', () => {
  const result = inNode(`
    const first = await import('recharge-widget');
    await import('./lib/widget/index.js?second-copy');
    console.log(JSON.stringify({ kept: globalThis.customElements.get('recharge-widget') === first.RechargeWidget }));
  `);
  assert.deepEqual(result, { kept: true });
});

test('recharge-widget/proxy exports the proxy as a library', () => {
  const result = inNode(`
    const proxy = await import('recharge-widget/proxy');
    console.log(JSON.stringify(Object.fromEntries(['createApp', 'createOrderGrant', 'verifyOrderGrant', 'loadConfig', 'ConfigError'].map((name) => [name, typeof proxy[name]]))));
  `);
  assert.deepEqual(result, { createApp: 'function', createOrderGrant: 'function', verifyOrderGrant: 'function', loadConfig: 'function', ConfigError: 'function' });
});
