import { existsSync } from 'node:fs';

/**
 * The flags of every headless Chromium the console starts or is measured in:
 * the PDF printer's (web mode and the CLI), the bench's and the end-to-end
 * tests'. None of them has an address bar, so none needs the browser's own
 * omnibox popups, which Chromium 156 preloads at launch as WebUIs of their own:
 * 406 `chrome://` resources in a renderer beside the page during its first
 * 0.7 s (a wall's cold start traced). Without the first popup (four
 * alternating rounds, 5 December) the wall's cold start to its first row
 * 929–979 against 969–1,125 ms and the desk's 1,140–1,305 against
 * 1,218–1,270. The second, the AI-mode popup (`omnibox_popup_aim.html`), took a
 * renderer of 150 MB and 0.29 s of CPU of its own while the desk's first page
 * loaded (a trace of a desk's cold start; the first flags left it running).
 * Without it too (six alternating rounds each, 5 December, later): a blank
 * page's launch 330 against 442 ms and the desk's first row 942 against 1,118.
 * The Electron window has no omnibox either; the README gives a kiosk browser
 * the same flags.
 */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
];

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The machine's Chromium: `NOC_CHROMIUM` when it names one, else the first of the usual paths; null when none is installed. */
export function findChromium(): string | null {
  const fromEnv = process.env.NOC_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}
