import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../electron/core/dispatch';
import { PushBus } from '../../../electron/core/push-bus';
import { startWebServer, type WebServer } from '../../../electron/web/server';
import { DEFAULT_SETTINGS, pushFromWire } from '../../../shared/contract';

function builtRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'noc-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>noc</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

// Only the settings channels answer here; the full core is covered by contract.test.ts.
const dispatch = createDispatcher({
  'settings:get': () => DEFAULT_SETTINGS,
} as unknown as Handlers);

let server: WebServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const invoke = (url: string, auth: object, channel: string) =>
  new Promise<unknown>((resolve, reject) => {
    const socket = io(url, { path: '/contract', auth, transports: ['websocket'], reconnection: false });
    socket.on('connect_error', (error) => {
      socket.close();
      reject(error);
    });
    socket.on('connect', () =>
      socket.emit('invoke', channel, {}, (outcome: unknown) => {
        socket.close();
        resolve(outcome);
      }),
    );
  });

describe('web mode server', () => {
  it('refuses to bind beyond loopback without a token', async () => {
    await expect(
      startWebServer({ dispatch, pushes: new PushBus(), staticDir: builtRenderer(), host: '0.0.0.0', port: 0 }),
    ).rejects.toThrow('a token is required');
  });

  it('serves the renderer with the CSP, and index.html for app routes and escapes', async () => {
    server = await startWebServer({ dispatch, pushes: new PushBus(), staticDir: builtRenderer(), host: '127.0.0.1', port: 0 });
    const asset = await fetch(`${server.url}assets/app.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
    for (const path of ['boards/group', '..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/etc/passwd', 'assets/..%5c..%5cpackage.json', 'assets/app.js%00.html']) {
      const page = await fetch(`${server.url}${path}`);
      expect(await page.text(), path).toContain('<title>noc</title>');
      expect(page.headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('answers the contract over WebSocket, refusing unknown channels', async () => {
    server = await startWebServer({ dispatch, pushes: new PushBus(), staticDir: builtRenderer(), host: '127.0.0.1', port: 0 });
    expect(await invoke(server.url, {}, 'settings:get')).toEqual({ ok: true, result: DEFAULT_SETTINGS });
    expect(await invoke(server.url, {}, 'shell:exec')).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('with a token, refuses a socket without it and serves one with it', async () => {
    const token = 's3cret-wall-token-2026';
    server = await startWebServer({ dispatch, pushes: new PushBus(), staticDir: builtRenderer(), host: '127.0.0.1', port: 0, token });
    expect(await invoke(server.url, { token }, 'settings:get')).toMatchObject({ ok: true });
    await expect(invoke(server.url, { token: 'guess' }, 'settings:get')).rejects.toThrow('unauthorized');
  });

  it('forwards pushes to connected renderers', async () => {
    const pushes = new PushBus();
    server = await startWebServer({ dispatch, pushes, staticDir: builtRenderer(), host: '127.0.0.1', port: 0 });
    const socket = io(server.url, { path: '/contract', transports: ['websocket'] });
    await new Promise((resolve) => socket.on('connect', () => resolve(null)));
    const messages: unknown[] = [];
    socket.io.engine.on('packet', (packet) => packet.type === 'message' && messages.push(packet.data));
    const received = new Promise((resolve) => socket.on('push', (channel, wire) => resolve([channel, wire])));
    pushes.publish('settings:changed', DEFAULT_SETTINGS);
    // As one JSON string (shared/contract/wire.ts), which is what the renderer's bridge reads, in one WebSocket message.
    const [channel, wire] = (await received) as [string, unknown];
    expect(channel).toBe('settings:changed');
    expect(typeof wire).toBe('string');
    expect(pushFromWire(wire)).toEqual(DEFAULT_SETTINGS);
    expect(messages).toHaveLength(1);
    socket.close();
  });
});
