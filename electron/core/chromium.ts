import { existsSync } from 'node:fs';

/**
 * The flags of every headless Chromium the console starts or is measured in:
 * the PDF printer's (web mode and the CLI), the bench's and the end-to-end
 * tests'. None of them has an address bar, so none needs the browser's own
 * omnibox popup, which Chromium 156 preloads at launch as a WebUI of its own:
 * 406 `chrome://` resources in a renderer beside the page during its first
 * 0.7 s (a wall's cold start traced). Without it (four alternating rounds,
 * 5 December) the wall's cold start to its first row 929–979 against
 * 969–1,125 ms and the desk's 1,140–1,305 against 1,218–1,270, a blank page's
 * launch unchanged (385–428 against 393–433). The Electron window has no
 * omnibox either; the README gives a kiosk browser the same flag.
 */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup',
];

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The machine's Chromium: `NOC_CHROMIUM` when it names one, else the first of the usual paths; null when none is installed. */
export function findChromium(): string | null {
  const fromEnv = process.env.NOC_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}
