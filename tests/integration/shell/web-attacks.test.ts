// Web mode as an attacker tries it: a malformed address, a page of another
// origin (or a DNS-rebound name) driving the console from a tab on the same
// machine, short tokens and fast token guessing.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../electron/core/dispatch';
import { PushBus } from '../../../electron/core/push-bus';
import { startWebServer, type WebServer, type WebServerOptions } from '../../../electron/web/server';
import { DEFAULT_SETTINGS } from '../../../shared/contract';

const TOKEN = 'wall-token-0123456789abcdef';

function builtRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'noc-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>noc</title>');
  return dir;
}

const dispatch = createDispatcher({ 'settings:get': () => DEFAULT_SETTINGS } as unknown as Handlers);

let server: WebServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(options: Partial<WebServerOptions> = {}): Promise<WebServer> {
  server = await startWebServer({ dispatch, pushes: new PushBus(), staticDir: builtRenderer(), host: '127.0.0.1', port: 0, ...options });
  return server;
}

const portOf = (url: string) => Number(new URL(url).port);

/** One raw HTTP GET with exactly these headers (fetch would normalise the path and refuse to set Host). */
function get(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: portOf(url), path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the contract socket as a browser would, with its Origin (and Host) headers, and calls settings:get. */
function invoke(url: string, headers: Record<string, string>, auth: object = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { path: '/contract', auth, transports: ['websocket'], reconnection: false, extraHeaders: headers });
    socket.on('connect_error', (error) => {
      socket.close();
      reject(error);
    });
    socket.on('connect', () =>
      socket.emit('invoke', 'settings:get', {}, (outcome: unknown) => {
        socket.close();
        resolve(outcome);
      }),
    );
  });
}

describe('web mode refuses strangers', () => {
  it('answers a malformed percent-escape with 400 and stays up', async () => {
    const { url } = await start();
    for (const path of ['/%ZZ', '/assets/%E0%A4%A', '/%']) expect((await get(url, path)).status, path).toBe(400);
    expect((await get(url, '/')).body).toContain('<title>noc</title>');
    expect(await invoke(url, {})).toMatchObject({ ok: true });
  });

  it('in loopback mode, refuses the contract socket to a page of another origin', async () => {
    const { url } = await start();
    const own = `http://127.0.0.1:${portOf(url)}`;
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${portOf(url) + 1}`, `https://127.0.0.1:${portOf(url)}`]) {
      await expect(invoke(url, { origin }), origin).rejects.toThrow();
    }
    expect(await invoke(url, { origin: own })).toMatchObject({ ok: true });
    expect(await invoke(url, { origin: `http://localhost:${portOf(url)}` })).toMatchObject({ ok: true });
  });

  it('refuses a DNS-rebound name in Host, on the socket and the pages, unless given with --allow-host', async () => {
    const { url } = await start({ allowHosts: ['noc-wall.example'] });
    const port = portOf(url);
    const evil = `evil.example:${port}`;
    await expect(invoke(url, { host: evil, origin: `http://${evil}` })).rejects.toThrow();
    const page = await get(url, '/', { host: evil });
    expect(page.status).toBe(403);
    expect(page.body).toContain('--allow-host');
    expect((await get(url, '/', { host: `127.0.0.1:${port}` })).status).toBe(200);
    const named = `noc-wall.example:${port}`;
    expect((await get(url, '/', { host: named })).status).toBe(200);
    expect(await invoke(url, { host: named, origin: `http://${named}` })).toMatchObject({ ok: true });
  });

  it('refuses a page request another origin makes (a cross-origin fetch carries its Origin)', async () => {
    const { url } = await start();
    expect((await get(url, '/', { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('refuses a token shorter than 16 characters at start', async () => {
    await expect(start({ token: 's3cret' })).rejects.toThrow(/at least 16 characters/);
  });

  it('backs off an address after failed handshakes, whatever it tries next', async () => {
    let now = Date.parse('2026-11-23T09:00:00+08:00');
    const { url } = await start({ token: TOKEN, now: () => now });
    await expect(invoke(url, {}, { token: 'guess-1' })).rejects.toThrow('unauthorized');
    // Straight after a failure even the right token waits: a guesser learns nothing while blocked.
    await expect(invoke(url, {}, { token: TOKEN })).rejects.toThrow(/too many attempts/);
    now += 1000;
    for (let guess = 2; guess <= 8; guess += 1) {
      await expect(invoke(url, {}, { token: `guess-${guess}` })).rejects.toThrow('unauthorized');
      now += 60_000;
    }
    await expect(invoke(url, {}, { token: 'guess-9' })).rejects.toThrow('unauthorized');
    // Nine failures in a row: the wait has grown past half a minute.
    now += 30_000;
    await expect(invoke(url, {}, { token: TOKEN })).rejects.toThrow(/too many attempts/);
    now += 31_000;
    expect(await invoke(url, {}, { token: TOKEN })).toMatchObject({ ok: true });
  });
});
