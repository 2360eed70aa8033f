// The Electron shell: windows, IPC, and the few Electron-only services
// (safeStorage, printToPDF, powerSaveBlocker). Everything else is the core.
import { app, BrowserWindow, dialog, ipcMain, powerSaveBlocker, screen, session } from 'electron';
import { join } from 'node:path';
import { REQUEST_CHANNELS } from '../../shared/contract/channels';
import { errorToWire } from '../core/dispatch';
import { CONTENT_SECURITY_POLICY } from '../core/security';
import { startingConsoleCore } from '../core/console-core';
import type { Dispatch } from '../core/dispatch';
import type { PushBus } from '../core/push-bus';
import { startEmbeddedProvince } from '../simulator';
import { safeStorageTokenStore } from './token-store';
import { electronPdfPrinter } from './printer';
import { isRendererUrl } from './sender';

const wallMode = process.argv.includes('--wall');
const windowPerDisplay = process.argv.includes('--all-displays');
const rendererIndex = join(__dirname, '../renderer/index.html');
const windows = new Set<BrowserWindow>();

function createWindow(bounds?: Electron.Rectangle, playlistOffset = 0): BrowserWindow {
  const window = new BrowserWindow({
    ...(bounds ?? { width: 1440, height: 900 }),
    show: false,
    backgroundColor: '#0f1419',
    title: '政企故障督办台',
    fullscreen: wallMode,
    kiosk: wallMode,
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      // Alarms sound on an unattended wall: no click is needed to start audio.
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => windows.delete(window));
  const query: Record<string, string> = wallMode ? { wall: '1', offset: String(playlistOffset) } : {};
  void window.loadFile(rendererIndex, { query });
  windows.add(window);
  return window;
}

/** Only our own top frame may call the core. */
function fromOurFrame(event: Electron.IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isRendererUrl(frame.url, rendererIndex);
}

function registerIpc(core: { dispatch: Dispatch; pushes: PushBus }): void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, async (event, args: unknown) => {
      if (!fromOurFrame(event)) {
        return { ok: false, error: { code: 'forbidden', message: `sender not allowed: ${event.senderFrame?.url ?? 'unknown'}` } };
      }
      try {
        return { ok: true, result: await core.dispatch(channel, args, { caller: `ipc:${event.sender.id}` }) };
      } catch (error) {
        return { ok: false, error: errorToWire(error) };
      }
    });
  }
  core.pushes.subscribe((channel, payload) => {
    for (const window of windows) window.webContents.send(channel, payload);
  });
}

function hardenSessions(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // The wall keeps the display awake with powerSaveBlocker; nothing needs more than fullscreen.
  session.defaultSession.setPermissionRequestHandler((_webContents, permission, callback) => {
    callback(permission === 'fullscreen');
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
  });
}

async function main(): Promise<void> {
  await app.whenReady();
  hardenSessions();
  const starting = startingConsoleCore({
    dataDir: process.env.NOC_DATA_DIR ?? app.getPath('userData'),
    shell: 'electron',
    tokenStore: safeStorageTokenStore(join(app.getPath('userData'), 'tokens.bin')),
    printer: electronPdfPrinter(),
    simulator: { start: startEmbeddedProvince },
    sqliteBinding: process.env.NOC_SQLITE_BINDING,
  });
  // The windows load their page while the cache opens; their first calls wait for the core.
  registerIpc(starting);
  if (wallMode) powerSaveBlocker.start('prevent-display-sleep');
  if (wallMode && windowPerDisplay) {
    screen.getAllDisplays().forEach((display, offset) => createWindow(display.bounds, offset));
  } else {
    createWindow();
  }
  app.on('window-all-closed', () => {
    void starting.ready.then((core) => core.close()).finally(() => app.quit());
  });
  await starting.ready;
}

main().catch((error: unknown) => {
  // The cache would not open (damaged, locked, full disk): say so rather than leave an empty window.
  dialog.showErrorBox('政企故障督办台', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
