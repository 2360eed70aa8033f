import { test, expect, _electron as electron, type ElectronApplication } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// A plain CommonJS helper shared with scripts/start.mjs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findElectron } = require('../../scripts/electron-binary.cjs') as { findElectron(): { path: string | null; reason?: string } };

const found = findElectron();
const root = resolve(__dirname, '../..');

test.describe('Electron window', () => {
  test.skip(!found.path, `skipped: ${found.reason ?? ''}`);

  let app: ElectronApplication;
  test.beforeAll(async () => {
    app = await electron.launch({
      executablePath: found.path!,
      args: [root],
      env: { ...process.env, NOC_DATA_DIR: mkdtempSync(join(tmpdir(), 'noc-electron-')) },
    });
  });
  test.afterAll(async () => {
    await app?.close();
  });

  test('window runs sandboxed, isolated, without Node', async () => {
    const flags = await app.evaluate(({ BrowserWindow }) => {
      // Not in Electron 45's typings, still present at run time.
      const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences(): Electron.WebPreferences | null };
      const prefs = contents.getLastWebPreferences();
      return { sandbox: prefs?.sandbox, contextIsolation: prefs?.contextIsolation, nodeIntegration: prefs?.nodeIntegration };
    });
    expect(flags).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false });
  });

  test('the preload exposes exactly the contract bridge', async () => {
    const page = await app.firstWindow();
    const surface = await page.evaluate(() => ({
      keys: Object.keys((window as unknown as { noc: object }).noc).sort(),
      hasRequire: typeof (window as unknown as { require?: unknown }).require,
      hasProcess: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(surface).toEqual({ keys: ['invoke', 'on', 'shell'], hasRequire: 'undefined', hasProcess: 'undefined' });
    const refused = await page.evaluate(() => (window as unknown as { noc: { invoke: (c: string, a: unknown) => Promise<unknown> } }).noc.invoke('fs:read', {}));
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  test('navigation away and new windows are blocked', async () => {
    const page = await app.firstWindow();
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
      window.open('https://example.com/');
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
  });
});
