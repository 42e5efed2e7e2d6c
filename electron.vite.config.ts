import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './shared/security/content-security-policy';

/** The same CSP as the web shell's header, as a meta tag, for pages loaded from file:// in Electron. */
function cspMetaTag(): Plugin {
  return {
    name: 'keyhole-csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler: (html, context) =>
        html.replace('<!-- csp -->', `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ dev: Boolean(context.server) })}" />`),
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The history worker is its own entry: worker_threads load it by path (history-recorder.ts). The
      // CLI is one too: `bin/keyhole.mjs` runs it as plain JavaScript, instead of compiling TypeScript
      // at every start.
      rollupOptions: { input: { index: 'electron/main/index.ts', 'history-worker': 'electron/proxy/history-worker.ts', cli: 'electron/cli/main.ts' } },
      // Pure-JS packages every command loads are bundled in: resolving and compiling their many files
      // (zod's ESM, graphql's CommonJS through the ESM lexer) cost `keyhole vault list` about 75 ms of
      // its 311 (bench/cli-start.ts: 311 -> 237 ms). Native and WebAssembly packages stay external, and
      // heavy ones a few commands use (curlconverter, undici, jose, the OpenAPI parser) load lazily.
      externalizeDeps: { exclude: ['zod', 'commander', 'graphql', 'saxes', 'dotenv'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require node_modules: bundle zod in, and emit CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: 'electron/preload/index.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), cspMetaTag()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: 'renderer/index.html' },
    },
  },
});
