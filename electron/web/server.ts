import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import type { Dispatch } from '../core/dispatch';
import { errorToWire } from '../core/dispatch';
import type { PushBus } from '../core/push-bus';
import { CONTENT_SECURITY_POLICY } from '../core/security';

export const CONTRACT_PATH = '/contract';

export interface WebServerOptions {
  dispatch: Dispatch;
  pushes: PushBus;
  /** The built renderer (out/renderer). */
  staticDir: string;
  host: string;
  port: number;
  /** Required whenever `host` is not a loopback address. */
  token?: string;
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function tokensMatch(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const wanted = normalize(join(root, decodeURIComponent(url.pathname)));
  // Anything outside the build folder, or a route of the single-page app, gets index.html.
  const inside = wanted.startsWith(root + sep) && existsSync(wanted) && statSync(wanted).isFile();
  const file = inside ? wanted : join(root, 'index.html');
  response.writeHead(200, {
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  createReadStream(file).pipe(response);
}

/**
 * Web mode: the built renderer over HTTP and the contract over socket.io, so a
 * wall screen's kiosk browser runs the same console as the Electron window.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  if (!isLoopback(options.host) && !options.token) {
    throw new Error(`binding ${options.host} exposes the console on the network: a token is required (--token or NOC_WEB_TOKEN)`);
  }
  const root = resolve(options.staticDir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`no built renderer in ${root}: run \`npm run build\` first`);
  }
  const http: HttpServer = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    serveStatic(root, request, response);
  });
  const io = new SocketServer(http, { path: CONTRACT_PATH, serveClient: false, maxHttpBufferSize: 32 * 1024 * 1024 });
  const token = options.token;
  if (token) {
    io.use((socket, next) => {
      const auth = socket.handshake.auth as Record<string, unknown>;
      if (tokensMatch(auth.token, token)) next();
      else next(new Error('unauthorized'));
    });
  }
  io.on('connection', (socket) => {
    const caller = `ws:${socket.handshake.address}`;
    socket.on('invoke', (channel: unknown, args: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      options.dispatch(channel, args, { caller }).then(
        (result) => ack({ ok: true, result }),
        (error: unknown) => ack({ ok: false, error: errorToWire(error) }),
      );
    });
  });
  const unsubscribe = options.pushes.subscribe((channel, payload) => io.emit('push', channel, payload));

  await new Promise<void>((done, fail) => {
    http.once('error', fail);
    http.listen(options.port, options.host, () => done());
  });
  const address = http.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: async () => {
      unsubscribe();
      await io.close();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
}
