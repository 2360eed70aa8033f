// Every e2e test's `test`: Playwright's, with a page that fails the test when
// ag-grid says something is wrong (a feature used whose module is not
// registered: renderer/src/pages/boards/agGridModules.ts registers only those
// the console uses, and the grid only logs what is missing).
import { test as base } from '@playwright/test';
import { findChromium, HEADLESS_CHROMIUM_ARGS } from '../../electron/core/chromium';

export { expect } from '@playwright/test';

/**
 * Debian's Chromium with the console's own headless flags (electron/core/chromium.ts), here rather than in
 * playwright.config.ts: the tooling layer may not import the core, and a copy there would drift.
 */
export const CONSOLE_CHROMIUM = { executablePath: findChromium() ?? '/usr/bin/chromium', args: [...HEADLESS_CHROMIUM_ARGS] };

export const test = base.extend<{ gridComplaints: void }>({
  launchOptions: [CONSOLE_CHROMIUM, { scope: 'worker' }],
  gridComplaints: [
    async ({ page }, use) => {
      const complaints: string[] = [];
      page.on('console', (message) => {
        if ((message.type() === 'error' || message.type() === 'warning') && message.text().includes('AG Grid')) complaints.push(message.text());
      });
      await use();
      if (complaints.length > 0) throw new Error(`ag-grid complained:\n${complaints.join('\n')}`);
    },
    { auto: true },
  ],
});
