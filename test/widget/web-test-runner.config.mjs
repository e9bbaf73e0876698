// Browser tests of the widget and its pure parts, in the machine's Chromium (never a downloaded one).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default {
  rootDir: root,
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] }, // Lit without its dev-mode warnings
  concurrency: 1,
  concurrentBrowsers: 1,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        args: [
          '--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--no-first-run',
        ],
      },
    }),
  ],
  // The whole-flow axe specs take about 10 s on a loaded 2-core machine (axe's first run alone ~5 s).
  testFramework: { config: { timeout: 30000 } },
};
