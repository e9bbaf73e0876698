/**
 * `npm run build`: the widget as ONE ES module, dist/recharge-widget.js, with Lit inside, plus the
 * lazily loaded card step in dist/chunks/. The chunk is imported with a path relative to the module
 * (`import('./chunks/…')`), which the browser resolves against the module's own URL, so a merchant
 * page on another origin loads it from the proxy too.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Library mode never injects the preload helper, whose absolute URLs would break cross-origin.
    lib: {
      entry: 'widget/index.ts',
      formats: ['es'],
      fileName: () => 'recharge-widget.js',
    },
    rollupOptions: {
      // Lets the entry also export what the card chunk shares with it (Lit, the card rules), so
      // that everything but the card step stays in recharge-widget.js instead of a third file.
      preserveEntrySignatures: 'allow-extension',
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Whitespace too: library mode keeps it for bundlers downstream, but this file goes to browsers as it is.
        minify: true,
      },
    },
  },
});
