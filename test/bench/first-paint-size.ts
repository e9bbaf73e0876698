/**
 * The gzipped size of what the first paint loads, against issue 11's 15 KB budget: the entry module
 * dist/recharge-widget.js, every module it imports statically (transitively), and the page's
 * language, which the element loads (`import()`) before its first step shows: counted as the
 * largest of the three, the worst case. Other chunks reached only through `import()` (the flow's
 * machinery, the later steps, the card step, the result, the other languages) load while the first
 * step shows, so they are listed apart and not counted.
 * Reads the built files as they are (`npm run build` first); gzip at zlib's default level, which is
 * what servers commonly use; 1 KB = 1024 bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BenchSection } from './section.ts';

const ENTRY = new URL('../../dist/recharge-widget.js', import.meta.url);
const BUDGET_BYTES = 15 * 1024;
/** The language chunks (widget/messages/*.ts), named after their files by the build. */
const LANGUAGE_CHUNK = /\/chunks\/(pt-BR|en|es)-[\w-]+\.js$/;

// `import{a as b}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`; never `import(` or `import.meta`.
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*\s{},]*?\bfrom\s*)?(["'`])([^"'`]+)\1/g;
const DYNAMIC_IMPORT = /\bimport\(\s*(["'`])([^"'`]+)\1\s*\)/g;

interface ModuleGraph {
  /** Loaded before the widget can render: the entry and its static imports. */
  firstPaint: URL[];
  /** Loaded on demand only. */
  lazy: URL[];
}

function specifiers(source: string, pattern: RegExp, from: URL): URL[] {
  // Bare specifiers would mean the bundle expects an import map: none should be there.
  return [...source.matchAll(pattern)].map((m) => new URL(m[2]!, from));
}

export function moduleGraph(entry: URL): ModuleGraph {
  const firstPaint = new Map<string, URL>();
  const dynamic = new Map<string, URL>();
  const pending = [entry];
  while (pending.length) {
    const module = pending.pop()!;
    if (firstPaint.has(module.href)) continue;
    firstPaint.set(module.href, module);
    const source = readFileSync(module, 'utf8');
    pending.push(...specifiers(source, STATIC_IMPORT, module));
    for (const url of specifiers(source, DYNAMIC_IMPORT, module)) dynamic.set(url.href, url);
  }
  return { firstPaint: [...firstPaint.values()], lazy: [...dynamic.values()].filter((u) => !firstPaint.has(u.href)) };
}

const gzipped = (url: URL) => gzipSync(readFileSync(url)).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const named = (url: URL) => fileURLToPath(url).replace(fileURLToPath(new URL('../../', import.meta.url)), '');

export const firstPaintSize: BenchSection = {
  title: 'Widget bytes before the first paint (gzipped)',
  async run() {
    if (!existsSync(ENTRY)) return [`${named(ENTRY)} is missing: run \`npm run build\` first`];
    const { firstPaint: entry, lazy } = moduleGraph(ENTRY);
    const languages = lazy.filter((url) => LANGUAGE_CHUNK.test(url.pathname)).sort((a, b) => gzipped(b) - gzipped(a));
    const language = languages[0] ? moduleGraph(languages[0]).firstPaint.filter((url) => !entry.some((e) => e.href === url.href)) : [];
    const firstPaint = [...entry, ...language];
    const lines = firstPaint.map((url) => `${named(url).padEnd(40)} ${kb(gzipped(url)).padStart(9)}   (${kb(readFileSync(url).length)} raw)${language.includes(url) ? '  the largest language' : ''}`);
    if (!language.length) lines.push('no language chunk found: are the languages still lazy (widget/messages.ts)?');
    const total = firstPaint.reduce((sum, url) => sum + gzipped(url), 0);
    const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
    lines.push(`first paint total: ${kb(total)} gzipped (${total} bytes), ${verdict} the 15 KB budget (${((total / BUDGET_BYTES) * 100).toFixed(0)}%)`);
    for (const url of lazy.filter((u) => !firstPaint.includes(u))) lines.push(`lazy, not counted: ${named(url)} ${kb(gzipped(url))} gzipped`);
    return lines;
  },
};
