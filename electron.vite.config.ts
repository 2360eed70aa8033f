import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Explicit entries: electron-vite 6 on Vite 8 does not guess them. The preload
// is emitted as CommonJS (no "type": "module") so Electron can sandbox it.
export default defineConfig({
  main: {
    build: {
      // zod bundled: required from node_modules it is a hundred files resolved and read one by one,
      // a quarter of the web server's start (a CPU profile of `node out/main/serve.js` until listening).
      externalizeDeps: { exclude: ['zod'] },
      outDir: 'out/main',
      rolldownOptions: {
        // serve: web mode, run by plain node from the same bundle (no tsx compiling the core at every start).
        // feed-worker: the feed's socket thread (electron/core/feeds/worker-transport.ts loads it from out/main).
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          serve: resolve(__dirname, 'electron/web/serve.ts'),
          'feed-worker': resolve(__dirname, 'electron/core/feeds/feed-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but 'electron': bundle everything.
      externalizeDeps: false,
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // Minified: the window parses and compiles less before its first board
      // (electron-vite leaves the renderer unminified by default). NOC_NO_MINIFY=1
      // keeps the names, for a profile of the renderer that says whose code runs.
      minify: !process.env.NOC_NO_MINIFY,
      chunkSizeWarningLimit: 2500,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'renderer/index.html') },
      },
    },
  },
});
