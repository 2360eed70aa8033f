import type { Browser, Page } from 'playwright-core';
import { findChromium, HEADLESS_CHROMIUM_ARGS } from './chromium';
import { FontSubsetter } from './pdf-fonts';

/**
 * Renders a self-contained HTML document to a PDF. The document sets its page
 * (`@page { size: A4 portrait; margin: … }`) and its running header and footer
 * in the page's margin boxes (`@top-left`, `@bottom-right`, with
 * `counter(page)` and `counter(pages)`): Chromium's header and footer
 * templates are separate documents rendered on every page, and with fonts of
 * their own they cost 1.4–6 s per two-page report on the busy 2-core machine.
 */
export interface PdfPrinter {
  printPdf(html: string): Promise<Buffer>;
  /** Starts the browser (or hidden window) and loads the fonts now, so the first print does not wait for them. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/** The document with the print faces cut to its characters (pdf-fonts.ts). */
export async function withPrintFonts(fonts: FontSubsetter, html: string): Promise<string> {
  const faces = await fonts.fontFaces([html]);
  return faces ? html.replace('<head>', `<head><style>${faces}</style>`) : html;
}

/** One print at a time on a shared page or window; a failed print does not stop the next. */
export function serialised<A extends unknown[], R>(body: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve();
  return (...args) => {
    const run = tail.then(() => body(...args));
    tail = run.catch(() => {});
    return run;
  };
}

/**
 * Web mode and the CLI print with the machine's Chromium through
 * playwright-core (the same engine Electron's printToPDF uses). The printer
 * stays warm: one browser and one page, launched on first use (or `warm()`)
 * and reused for every print, and the fonts loaded once (pdf-fonts.ts). A
 * page that crashed or was closed is replaced at the next print.
 */
export function chromiumPdfPrinter(fonts: FontSubsetter = new FontSubsetter()): PdfPrinter {
  let browser: Promise<Browser> | null = null;
  let page: Promise<Page> | null = null;
  const launch = async () => {
    const executablePath = findChromium();
    if (!executablePath) throw new Error('no Chromium found for PDF printing (install chromium or set NOC_CHROMIUM)');
    const { chromium } = await import('playwright-core');
    return chromium.launch({ executablePath, args: [...HEADLESS_CHROMIUM_ARGS] });
  };
  const openPage = () => {
    if (!browser) {
      const launching = launch();
      launching.catch(() => {
        if (browser === launching) browser = null;
      });
      browser = launching;
    }
    const opened = browser.then((b) => b.newPage());
    opened.then(
      (p) => p.once('close', () => (page = null)),
      () => (page = null),
    );
    return opened;
  };
  const warm = async () => {
    page ??= openPage();
    await Promise.all([page, fonts.warm()]);
  };
  return {
    warm,
    printPdf: serialised(async (html: string) => {
      page ??= openPage();
      const [target, printed] = await Promise.all([page, withPrintFonts(fonts, html)]);
      await target.setContent(printed, { waitUntil: 'load' });
      // data: fonts decode after `load`; printing before they are ready would fall back to the system faces.
      await target.evaluate('document.fonts.ready.then(() => 0)');
      return target.pdf({ printBackground: true, preferCSSPageSize: true });
    }),
    async close() {
      const closing = browser;
      browser = null;
      page = null;
      await fonts.close();
      await (await closing?.catch(() => null))?.close();
    },
  };
}
