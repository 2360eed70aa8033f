import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's Chromium against web mode, fed by the embedded
// simulator with a fixed seed and a throwaway data directory.
// NOC_E2E_PORT lets two checkouts run their e2e suites side by side.
export const E2E_PORT = Number(process.env.NOC_E2E_PORT ?? 4317);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'artifacts/playwright',
  // Limits for when something hangs, not speed targets: CI's machine may be shared.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'artifacts/playwright-results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}/`,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // The built web mode, as `npm run serve` runs it (npm test builds before the e2e run). A wall's first paint waits
    // up to a minute for the core: a limit for when something hangs, so a busy machine does not turn it off.
    command: `node out/main/serve.js --port ${E2E_PORT} --data-dir artifacts/e2e-data --fresh --seed 20261122 --speed 1 --first-paint-wait 60000`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
