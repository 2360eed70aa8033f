// The console's headless Chromium (the PDF printer's, the bench's, the e2e tests') without the browser's own omnibox
// popup, a WebUI of about 400 chrome:// resources Chromium preloads at launch beside the page (electron/core/chromium.ts).
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { findChromium, HEADLESS_CHROMIUM_ARGS } from '../../../electron/core/chromium';

const OMNIBOX_POPUP = 'chrome://omnibox-popup.top-chrome/';

/** The targets of a browser launched with `args`, in the order they came, until its first page exists and `until` has come. */
async function targetsUntilFirstPage(args: readonly string[], until: (urls: readonly string[]) => boolean = () => true): Promise<string[]> {
  const browser = await chromium.launch({ executablePath: findChromium()!, args: [...args] });
  try {
    const cdp = await browser.newBrowserCDPSession();
    const urls: string[] = [];
    let heard = () => {};
    cdp.on('Target.targetCreated', ({ targetInfo }) => {
      urls.push(targetInfo.url);
      heard();
    });
    await cdp.send('Target.setDiscoverTargets', { discover: true });
    const page = await browser.newPage();
    await page.goto('data:text/html,<p>blank</p>');
    while (!until(urls)) await new Promise<void>((resolve) => (heard = resolve));
    return urls;
  } finally {
    await browser.close();
  }
}

describe('headless Chromium', () => {
  it('starts without the omnibox popup, which this Chromium preloads otherwise', async () => {
    // Without the flag the popup comes (waited for: the proof that this Chromium would load it).
    const plain = HEADLESS_CHROMIUM_ARGS.filter((arg) => !arg.startsWith('--disable-features='));
    expect(await targetsUntilFirstPage(plain, (urls) => urls.includes(OMNIBOX_POPUP))).toContain(OMNIBOX_POPUP);
    // With it, every target the browser made before its first page and after: no popup.
    expect(await targetsUntilFirstPage(HEADLESS_CHROMIUM_ARGS)).not.toContain(OMNIBOX_POPUP);
  }, 120_000);
});
