/**
 * What `npm pack` would ship as the `recharge-widget` package (after `npm run build:package`): every
 * entry point of the exports map with its types, a Custom Elements Manifest naming the tag and every
 * attribute, event, CSS part and custom property the element has, and nothing else: no source, test,
 * fixture, key, .env or data file.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface PackEntry { path: string; size: number }
interface ManifestClass {
  kind: string;
  name: string;
  tagName?: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}
interface Manifest { modules: { path: string; declarations?: ManifestClass[]; exports?: { kind: string; name: string }[] }[] }

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  types: string;
  customElements: string;
  private?: boolean;
};
let shipped: string[] = [];

before(() => {
  assert.ok(existsSync(join(ROOT, 'lib/widget/index.js')), 'lib/ is not built: run `npm run build:package` (npm run test:package does)');
  // --ignore-scripts: prepack would rebuild; the test checks the build that is there.
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [pack] = JSON.parse(out) as [{ files: PackEntry[] }];
  shipped = pack.files.map((file) => file.path);
});

/** Every source widget file, so that the manifest is checked against the element as written. */
function widgetSources(): string {
  return readdirSync(join(ROOT, 'widget'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

test('every entry point of the exports map ships, with its .d.ts', () => {
  const targets = Object.values(packageJson.exports).flatMap((target) => (typeof target === 'string' ? [target] : [target.types, target.default]));
  for (const target of [...targets, packageJson.types, packageJson.customElements]) {
    assert.ok(shipped.includes(target.replace(/^\.\//, '')), `${target} is in the package`);
  }
  for (const entry of ['.', './element', './proxy']) {
    const target = packageJson.exports[entry];
    assert.ok(typeof target === 'object' && target.types.endsWith('.d.ts') && target.default.endsWith('.js'), `${entry} has types and JavaScript`);
  }
  // The script-tag bundle ships beside the proxy, where createApp serves it from by default.
  assert.ok(shipped.includes('lib/dist/recharge-widget.js'));
});

test('no source, test, fixture, key, .env, data or CMS file ships', () => {
  const forbidden = [
    /(^|\/)(test|tests|fixtures?|__tests__|data|demo|cms|node_modules)\//,
    /\.test\.|\.spec\./,
    /(^|\/)\.env/,
    /\.(pem|key|crt|p12|pfx|sqlite|sqlite3|db|log|php)$/,
    /(^|\/)proxy\/sandbox\//,
    /(?<!\.d)\.ts$/,
  ];
  for (const path of shipped) {
    for (const pattern of forbidden) assert.doesNotMatch(path, pattern, `${path} must not ship`);
  }
  assert.deepEqual(shipped.filter((path) => !path.startsWith('lib/')).sort(), ['README.md', 'package.json']);
  for (const path of shipped.filter((file) => file.endsWith('.js') || file.endsWith('.json'))) {
    assert.doesNotMatch(readFileSync(join(ROOT, path), 'utf8'), /-----BEGIN [A-Z ]*PRIVATE KEY-----\r?\n[A-Za-z0-9+/=]{16}/, `${path} holds a private key`);
  }
});

test('custom-elements.json lists the tag and every attribute, event, CSS part and custom property', async () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, packageJson.customElements), 'utf8')) as Manifest;
  const elements = manifest.modules.flatMap((module) => (module.declarations ?? []).filter((declaration) => declaration.tagName));
  assert.equal(elements.length, 1, 'one custom element');
  const [element] = elements as [ManifestClass];
  assert.equal(element.tagName, 'recharge-widget');
  for (const module of manifest.modules) assert.ok(shipped.includes(module.path), `the manifest's ${module.path} ships`);
  assert.ok(manifest.modules.some((module) => module.exports?.some((entry) => entry.kind === 'custom-element-definition' && entry.name === 'recharge-widget')));

  // Attributes: what Lit observes on the built class (SSR-safe import, see server-side-import.test.ts).
  const { RechargeWidget } = await import(join(ROOT, 'lib/widget/element.js')) as { RechargeWidget: { observedAttributes: string[] } };
  assert.deepEqual(element.attributes?.map((attribute) => attribute.name).sort(), [...RechargeWidget.observedAttributes].sort());
  assert.ok(RechargeWidget.observedAttributes.includes('heading-level'));

  assert.deepEqual(element.events?.map((event) => event.name).sort(), ['recharge-complete', 'recharge-error', 'recharge-step-change']);

  const sources = widgetSources();
  const parts = new Set([...sources.matchAll(/part="([^"]*)"/g)].flatMap(([, names]) => names!.split(/\s+/).filter((name) => /^[a-z-]+$/.test(name))));
  parts.add('button-primary').add('button-secondary'); // also set through an expression in the amount step
  // One part per dealer, named by its code (dealer-step.ts): the manifest names the family.
  assert.match(sources, /part="option chip dealer \$\{dealerPart\(d\.code\)\}"/);
  parts.add('dealer-<code>');
  assert.deepEqual(element.cssParts?.map((part) => part.name).sort(), [...parts].sort());

  const properties = new Set([...sources.matchAll(/var\((--recharge-[a-z-]+)/g)].map(([, name]) => name!));
  assert.deepEqual(element.cssProperties?.map((property) => property.name).sort(), [...properties].sort());
});

test('the package stays private: `npm pack` works, an accidental `npm publish` does not', () => {
  assert.equal(packageJson.private, true);
});
