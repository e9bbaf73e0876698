/** A throwaway dist/ (the built widget and a lazy chunk) and demo/ for tests of what the proxy serves. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServedFolders {
  root: string;
  distDir: string;
  demoDir: string;
  remove(): void;
}

export function makeServedFolders(files: { widget?: string; chunk?: [name: string, text: string]; demo?: string } = {}): ServedFolders {
  const root = mkdtempSync(join(tmpdir(), 'proxy-served-'));
  const distDir = join(root, 'dist');
  const demoDir = join(root, 'demo');
  mkdirSync(join(distDir, 'chunks'), { recursive: true });
  mkdirSync(demoDir);
  const [chunkName, chunkText] = files.chunk ?? ['card-step-abc.js', 'export {};\n'];
  writeFileSync(join(distDir, 'recharge-widget.js'), files.widget ?? 'export {};\n');
  writeFileSync(join(distDir, 'chunks', chunkName), chunkText);
  writeFileSync(join(demoDir, 'index.html'), files.demo ?? '<!doctype html><title>Loja</title>');
  return { root, distDir, demoDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
