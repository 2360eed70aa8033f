import { defineConfig } from '@playwright/test';

// The real Electron window. Runs where the Electron binary exists; elsewhere each
// test reports itself skipped with the reason.
export default defineConfig({
  testDir: '.',
  testMatch: '*.electron.spec.ts',
  outputDir: '../../artifacts/playwright-electron',
  timeout: 60_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '../../artifacts/playwright-electron-results.json' }]],
});
