// The e2e tests' Chromium is launched as the console's own headless Chromiums are (electron/core/chromium.ts,
// by tests/e2e/fixtures.ts): without the browser's omnibox popup, which it preloads at launch otherwise
// (tests/integration/shell/chromium.test.ts shows it does).
import { expect, test } from './fixtures';

test('runs with the console’s headless flags: no omnibox popup beside the page', async ({ browser, page }) => {
  await page.goto('data:text/html,<p>blank</p>');
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { url: string }[] };
  expect(targetInfos.map((target) => target.url)).toContain('data:text/html,<p>blank</p>');
  expect(targetInfos.map((target) => target.url)).not.toContain('chrome://omnibox-popup.top-chrome/');
});
