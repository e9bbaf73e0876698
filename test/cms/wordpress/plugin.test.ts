/**
 * The WordPress plugin (cms/wordpress/) under Debian's php-cli: every PHP file parses, and the
 * shortcode's output, the enqueued script and the settings' sanitizing are checked through
 * wp-shim.php (WordPress's functions as documented), on 6.5 (script modules) and 6.1 (without).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const PHP = process.env.PHP_BIN ?? 'php';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PAGE = fileURLToPath(new URL('./wordpress-page.php', import.meta.url));
const PROXY = 'https://proxy.example';

interface Scenario {
  wordpress?: '6.1' | '6.5';
  options?: Record<string, unknown>;
  canManage?: boolean;
  content?: string;
  addAttributes?: Record<string, unknown>;
  submit?: Record<string, unknown>;
  settingsPage?: boolean;
  uninstall?: boolean;
}

interface Page {
  html: string | null;
  footer: string;
  scripts: Record<string, { src: string; ver: string | null; in_footer: boolean }> | [];
  modules: Record<string, { src: string; version: string | null }> | [];
  styles: Record<string, { src: string }> | [];
  settings: string[];
  sanitized: Record<string, unknown>;
  errors: { setting: string; code: string }[];
  settingsPage: string | null;
  options: Record<string, unknown> | [];
}

function wordpress(scenario: Scenario): Page {
  const out = execFileSync(PHP, ['-d', 'display_errors=stderr', '-d', 'error_reporting=-1', PAGE], {
    input: JSON.stringify(scenario),
    env: { ...process.env, WP_SHIM_VERSION: scenario.wordpress ?? '6.5' },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Page;
}

const withProxy = (options: Record<string, unknown> = {}) => ({ recharge_widget_proxy_url: PROXY, ...options });

/** Well-formed: one element, lowercase names, double-quoted values with nothing that could end the tag or the value. */
const ELEMENT = /^<recharge-widget(?: [a-z][a-z0-9-]*="[^"<>]*")*><\/recharge-widget>$/;

function phpFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.php'))
    .map((entry) => join(entry.parentPath, entry.name));
}

test('every PHP file of the plugin and of the shim parses (php -l)', () => {
  const files = [...phpFiles(join(ROOT, 'cms/wordpress')), ...phpFiles(join(ROOT, 'test/cms/wordpress'))];
  assert.ok(files.length >= 6, `found ${files.join(', ')}`);
  for (const file of files) {
    const out = execFileSync(PHP, ['-l', file], { encoding: 'utf8' });
    assert.match(out, /No syntax errors detected/, file);
  }
});

test('the shortcode renders the element with the settings as defaults, and enqueues the module once (6.5)', () => {
  const page = wordpress({
    options: withProxy({ recharge_widget_type: 'others', recharge_widget_lang: 'en', recharge_widget_heading_level: 3 }),
    content: '<p>[recharge_widget]</p><p>[recharge_widget type="invoice" lang="es" heading-level="4"]</p>',
  });
  assert.equal(page.html,
    `<p><recharge-widget api="${PROXY}" type="others" lang="en" heading-level="3"></recharge-widget></p>`
    + `<p><recharge-widget api="${PROXY}" type="invoice" lang="es" heading-level="4"></recharge-widget></p>`);
  assert.deepEqual(page.modules, { 'recharge-widget': { src: `${PROXY}/recharge-widget.js`, version: null } });
  assert.deepEqual(page.scripts, []);
  assert.equal(page.footer, `<script type="module" src="${PROXY}/recharge-widget.js" id="recharge-widget-js-module"></script>\n`);
});

test('on WordPress 6.1 (no script modules) the classic tag becomes a module script', () => {
  const page = wordpress({ wordpress: '6.1', options: withProxy(), content: '[recharge_widget type="normal"]' });
  assert.deepEqual(page.modules, []);
  assert.deepEqual(page.scripts, { 'recharge-widget': { src: `${PROXY}/recharge-widget.js`, ver: null, in_footer: true } });
  assert.equal(page.footer, `<script type="module" src="${PROXY}/recharge-widget.js" id="recharge-widget-js"></script>\n`);
  assert.doesNotMatch(page.footer, /text\/javascript/);
});

test('every preset the widget accepts passes; a value out of its set is dropped, and so is the old payment attribute', () => {
  const page = wordpress({
    options: withProxy(),
    content: '[recharge_widget type="normal" payment="card" dealer="003" ddd="21" amount="1500" lang="pt-BR" heading-level="6"]'
      + '[recharge_widget type="NORMAL" payment="cash" dealer="0 3" ddd="01" amount="-5" lang="fr" heading-level="7"]',
  });
  assert.equal(page.html,
    `<recharge-widget api="${PROXY}" type="normal" lang="pt-BR" dealer="003" ddd="21" amount="1500" heading-level="6"></recharge-widget>`
    + `<recharge-widget api="${PROXY}"></recharge-widget>`);
});

test('hostile shortcode attributes: quotes, <script>, unknown and on* attributes never reach the page', () => {
  const page = wordpress({
    options: withProxy(),
    content: `[recharge_widget type='normal" onmouseover="alert(1)' lang="<script>alert(1)</script>" dealer="001><script>" `
      + `onclick="alert(1)" style="display:none" api="javascript:alert(1)" grant="forged" theme="dark\\" x=\\"y"]`,
  });
  assert.equal(page.html, `<recharge-widget api="${PROXY}" heading-level="2"></recharge-widget>`);
});

test('hostile stored settings are sanitized again when read: a javascript: URL prints nothing, quotes cannot end an attribute', () => {
  const scriptUrl = wordpress({ options: { recharge_widget_proxy_url: 'javascript:alert(1)//' }, content: '[recharge_widget]' });
  assert.equal(scriptUrl.html, '');
  assert.equal(scriptUrl.footer, '');

  const quoted = wordpress({
    options: { recharge_widget_proxy_url: 'https://proxy.example/"><script>alert(1)</script>', recharge_widget_lang: '"><b>', recharge_widget_heading_level: '3" onclick="x' },
    content: '[recharge_widget]',
  });
  assert.match(quoted.html ?? '', ELEMENT);
  assert.doesNotMatch(quoted.html ?? '', /<script|onclick|<b>/);
  assert.match(quoted.footer, /^<script type="module" src="https:\/\/proxy\.example\/[^"<>]*" id="recharge-widget-js-module"><\/script>\n$/);
});

test('a merchant filter adds a grant; its values are escaped after the filter and on* or malformed names are dropped', () => {
  const page = wordpress({
    options: withProxy(),
    content: '[recharge_widget type="normal"]',
    addAttributes: {
      grant: 'eyJhbGciOiJIUzI1NiJ9.e30.sig"><script>alert(1)</script>',
      onclick: 'alert(1)',
      'data-order': `O'Brien & "sons"`,
      'bad name': 'x',
      'x"y': 'x',
      api: 'javascript:alert(1)',
    },
  });
  assert.equal(page.html,
    '<recharge-widget type="normal" heading-level="2" grant="eyJhbGciOiJIUzI1NiJ9.e30.sig&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" '
    + 'data-order="O&#039;Brien &amp; &quot;sons&quot;"></recharge-widget>');
  assert.match(page.html ?? '', ELEMENT);
});

test('a theme adds its class and the theme stylesheet; "none" loads no stylesheet', () => {
  const dark = wordpress({ options: withProxy({ recharge_widget_theme: 'dark' }), content: '[recharge_widget][recharge_widget theme="light"]' });
  assert.equal(dark.html,
    `<recharge-widget api="${PROXY}" heading-level="2" class="recharge-theme-dark"></recharge-widget>`
    + `<recharge-widget api="${PROXY}" heading-level="2" class="recharge-theme-light"></recharge-widget>`);
  assert.match((dark.styles as Record<string, { src: string }>)['recharge-widget-themes']?.src ?? '', /\/assets\/themes\.css$/);
  assert.deepEqual(wordpress({ options: withProxy(), content: '[recharge_widget theme="none"]' }).styles, []);
});

test('without a proxy URL the shortcode prints nothing to shoppers and a hint to administrators', () => {
  assert.equal(wordpress({ content: '[recharge_widget]' }).html, '');
  const admin = wordpress({ content: '[recharge_widget]', canManage: true });
  assert.equal(admin.html, '<p>Recharge widget: set the proxy URL under Settings → Recharge widget.</p>');
  assert.deepEqual(admin.modules, []);
});

test('the settings keep only what the widget accepts; http stays allowed for local trials', () => {
  const rows: [string, unknown, unknown][] = [
    ['recharge_widget_proxy_url', 'https://shop.example/recharge/', 'https://shop.example/recharge'],
    ['recharge_widget_proxy_url', '  http://127.0.0.1:8080  ', 'http://127.0.0.1:8080'],
    ['recharge_widget_proxy_url', 'javascript:alert(1)', ''],
    ['recharge_widget_proxy_url', 'ftp://shop.example', ''],
    ['recharge_widget_proxy_url', 'https://user:pass@shop.example', ''],
    ['recharge_widget_proxy_url', 'https://shop.example/?a=1', ''],
    ['recharge_widget_type', 'invoice', 'invoice'],
    ['recharge_widget_type', '<script>normal</script>', ''],
    ['recharge_widget_lang', 'es', 'es'],
    ['recharge_widget_lang', 'EN', ''],
    ['recharge_widget_theme', 'dark', 'dark'],
    ['recharge_widget_theme', 'neon', 'none'],
    ['recharge_widget_heading_level', '4', 4],
    ['recharge_widget_heading_level', '9', 2],
    ['recharge_widget_heading_level', '3"><script>', 3],
  ];
  for (const [option, submitted, stored] of rows) {
    assert.deepEqual(wordpress({ submit: { [option]: submitted } }).sanitized, { [option]: stored }, `${option} ← ${String(submitted)}`);
  }
  const rejected = wordpress({ submit: { recharge_widget_proxy_url: 'javascript:alert(1)' } });
  assert.deepEqual(rejected.errors.map((error) => [error.setting, error.code]), [['recharge_widget_proxy_url', 'invalid']]);
});

test('the settings page holds five settings and no secret, and escapes what is stored', () => {
  const page = wordpress({ canManage: true, settingsPage: true, options: { recharge_widget_proxy_url: 'https://shop.example/a"b' } });
  assert.deepEqual(page.settings, ['recharge_widget_proxy_url', 'recharge_widget_type', 'recharge_widget_lang', 'recharge_widget_theme', 'recharge_widget_heading_level']);
  const form = page.settingsPage ?? '';
  assert.match(form, /<form action="options.php" method="post">/);
  assert.doesNotMatch(form, /type="password"|merchant|secret|private key/i);
  assert.match(form, /name="recharge_widget_proxy_url" value="https:\/\/shop\.example\/ab"/);
  assert.equal(wordpress({ canManage: false, settingsPage: true }).settingsPage, '');
});

test('deleting the plugin deletes its settings and nothing else', () => {
  const page = wordpress({ uninstall: true, options: withProxy({ recharge_widget_theme: 'dark', recharge_widget_heading_level: 3, blogname: 'Loja' }) });
  assert.deepEqual(page.options, { blogname: 'Loja' });
});
