import { BrowserWindow } from 'electron';
import { serialised, withPrintFonts, type PdfPrinter } from '../core/pdf';
import { FontSubsetter } from '../core/pdf-fonts';

/**
 * Electron's own printToPDF, in one hidden sandboxed window with no preload
 * and no script, kept for every print (a new window per print cost a renderer
 * process start each time); the fonts are cut per document as in web mode
 * (core/pdf-fonts.ts).
 */
export function electronPdfPrinter(fonts: FontSubsetter = new FontSubsetter()): PdfPrinter {
  let window: BrowserWindow | null = null;
  const hiddenWindow = () => {
    if (window && !window.isDestroyed()) return window;
    window = new BrowserWindow({
      show: false,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        javascript: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    return window;
  };
  return {
    async warm() {
      hiddenWindow();
      await fonts.warm();
    },
    printPdf: serialised(async (html: string) => {
      const printed = await withPrintFonts(fonts, html);
      const target = hiddenWindow();
      await target.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(printed)}`);
      return target.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
    }),
    async close() {
      await fonts.close();
      if (window && !window.isDestroyed()) window.destroy();
      window = null;
    },
  };
}
