import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Renders a self-contained HTML document to an A4 PDF. */
export interface PdfPrinter {
  printA4(html: string, options: { landscape?: boolean; headerTemplate: string; footerTemplate: string }): Promise<Buffer>;
  close(): Promise<void>;
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | null {
  const fromEnv = process.env.NOC_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/**
 * Web mode and the CLI print with the machine's Chromium through
 * playwright-core (the same engine Electron's printToPDF uses), launched on
 * first use and kept for later prints.
 */
export function chromiumPdfPrinter(): PdfPrinter {
  let browser: Promise<Browser> | null = null;
  const launch = async () => {
    const executablePath = findChromium();
    if (!executablePath) throw new Error('no Chromium found for PDF printing (install chromium or set NOC_CHROMIUM)');
    const { chromium } = await import('playwright-core');
    return chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  };
  return {
    async printA4(html, options) {
      browser ??= launch();
      const page = await (await browser).newPage();
      try {
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({
          format: 'A4',
          landscape: options.landscape ?? false,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: options.headerTemplate,
          footerTemplate: options.footerTemplate,
          preferCSSPageSize: true,
        });
      } finally {
        await page.close();
      }
    },
    async close() {
      if (browser) await (await browser).close();
      browser = null;
    },
  };
}
