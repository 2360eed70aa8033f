// The console's headless Chromium (the PDF printer's, the bench's, the e2e tests') without the browser's own omnibox
// popups, WebUIs of chrome:// resources Chromium preloads at launch beside the page (electron/core/chromium.ts).
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { findChromium, HEADLESS_CHROMIUM_ARGS } from '../../../electron/core/chromium';

// Its pages: the popup itself and, since Chromium 156, the AI-mode popup (`omnibox_popup_aim.html`).
const OMNIBOX_POPUP = 'chrome://omnibox-popup.top-chrome/';
const isOmniboxPopup = (url: string) => url.startsWith(OMNIBOX_POPUP);

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
    // And what is still open now, whether or not its creation was heard.
    const { targetInfos } = await cdp.send('Target.getTargets');
    return [...urls, ...targetInfos.map((target) => target.url)];
  } finally {
    await browser.close();
  }
}

describe('headless Chromium', () => {
  it('starts without the omnibox popups, which this Chromium preloads otherwise', async () => {
    // Without the flag the popups come (waited for: the proof that this Chromium would load them).
    const plain = HEADLESS_CHROMIUM_ARGS.filter((arg) => !arg.startsWith('--disable-features='));
    const loaded = (await targetsUntilFirstPage(plain, (urls) => urls.some(isOmniboxPopup))).filter(isOmniboxPopup);
    expect(loaded.length).toBeGreaterThan(0);
    // With it, every target the browser made before its first page, and those open after: no popup's page.
    expect((await targetsUntilFirstPage(HEADLESS_CHROMIUM_ARGS)).filter(isOmniboxPopup)).toEqual([]);
  }, 120_000);
});
