import { BrowserWindow } from 'electron';
import type { PdfPrinter } from '../core/pdf';

/** Electron's own printToPDF, in a hidden sandboxed window with no preload. */
export function electronPdfPrinter(): PdfPrinter {
  return {
    async printA4(html, options) {
      const window = new BrowserWindow({
        show: false,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          javascript: false,
          disableBlinkFeatures: 'Auxclick',
        },
      });
      try {
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
        return await window.webContents.printToPDF({
          pageSize: 'A4',
          landscape: options.landscape ?? false,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: options.headerTemplate,
          footerTemplate: options.footerTemplate,
          preferCSSPageSize: true,
        });
      } finally {
        window.destroy();
      }
    },
    async close() {},
  };
}
