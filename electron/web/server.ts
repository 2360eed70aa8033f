import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import type { Dispatch } from '../core/dispatch';
import { errorToWire } from '../core/dispatch';
import type { PushBus } from '../core/push-bus';
import { CONTENT_SECURITY_POLICY } from '../core/security';
import { pushToWire } from '../../shared/contract';
import { loadStaticFiles, type StaticFiles } from './static-files';
import { FIRST_PAINT_WAIT_MS, wallPages } from './first-paint';
import { wallByAddress } from '../../shared/board/wallParams';
import { NODE_TIMERS, type Timers } from '../core/timers';
import { FailedAttempts, hostNamesFor, isLoopback, MIN_TOKEN_LENGTH, refusal, validHostName, type AccessRules } from './access';

export const CONTRACT_PATH = '/contract';

export interface WebServerOptions {
  dispatch: Dispatch;
  pushes: PushBus;
  /** The built renderer (out/renderer). */
  staticDir: string;
  host: string;
  port: number;
  /** Required whenever `host` is not a loopback address; at least MIN_TOKEN_LENGTH characters. */
  token?: string;
  /** Names (besides loopback and the bound address) browsers may reach the console by (`--allow-host`). */
  allowHosts?: readonly string[];
  /** The clock of the token back-off; tests move it. */
  now?(): number;
  /** The timers of a wall's first paint (its wait for the core); tests set them. */
  timers?: Timers;
  /** How long a wall's page waits for the core's first replies to draw them (./first-paint). */
  firstPaintWaitMs?: number;
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

function tokensMatch(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The path a request names, decoded; null when its percent-escapes are malformed (`/%ZZ`). */
function decodedPath(request: IncomingMessage): string | null {
  try {
    return decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    return null;
  }
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }).end(`${message}\n`);
}

/** The headers every file is served with. */
const HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function serveStatic(files: StaticFiles, path: string, request: IncomingMessage, response: ServerResponse): void {
  // Only the build's own files are in memory: any other address, a route of the single-page app included, gets index.html.
  const file = files.at(path);
  response.writeHead(200, { ...HEADERS, 'Content-Type': file.type, 'Content-Length': file.body.length, 'Cache-Control': file.cacheControl });
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

/** Throws what is wrong with how web mode is to be started (before anything starts). */
export function checkWebOptions(options: Pick<WebServerOptions, 'host' | 'token' | 'allowHosts'>): void {
  if (!isLoopback(options.host) && !options.token) {
    throw new Error(`binding ${options.host} exposes the console on the network: a token is required (--token or NOC_WEB_TOKEN)`);
  }
  if (options.token !== undefined && options.token.length < MIN_TOKEN_LENGTH) {
    throw new Error(`the web token must be at least ${MIN_TOKEN_LENGTH} characters (it has ${options.token.length}): a short token is guessed; try \`openssl rand -hex 16\``);
  }
  const badName = (options.allowHosts ?? []).find((name) => !validHostName(name));
  if (badName !== undefined) throw new Error(`--allow-host ${JSON.stringify(badName)} is not a host name or address`);
}

/**
 * Web mode: the built renderer over HTTP and the contract over socket.io, so a
 * wall screen's kiosk browser runs the same console as the Electron window.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  checkWebOptions(options);
  // Known once the server listens (port 0 picks one); no request comes before.
  let rules: AccessRules = { names: new Set(), port: -1 };
  const refused = (request: IncomingMessage) => refusal(rules, request.headers.host, request.headers.origin);
  const files = loadStaticFiles(resolve(options.staticDir));
  // A wall's page comes with its first rows drawn, unless a token guards the contract (./first-paint says why).
  const walls = options.token ? null : wallPages({ dispatch: options.dispatch, timers: options.timers ?? NODE_TIMERS, waitMs: options.firstPaintWaitMs ?? FIRST_PAINT_WAIT_MS }, files);
  const http: HttpServer = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    const why = refused(request);
    if (why !== null) return refuse(response, 403, why);
    try {
      const path = decodedPath(request);
      if (path === null) return refuse(response, 400, 'malformed address');
      if (walls && files.at(path) === files.index && wallByAddress(new URL(request.url ?? '/', 'http://localhost').search)) {
        return void walls.serve(request, response, HEADERS).catch((error: unknown) => response.destroy(error as Error));
      }
      serveStatic(files, path, request, response);
    } catch (error) {
      // Whatever one request does, the console stays up for the others.
      refuse(response, 500, `cannot serve ${request.url ?? ''}: ${(error as Error).message}`);
    }
  });
  const io = new SocketServer(http, {
    path: CONTRACT_PATH,
    serveClient: false,
    maxHttpBufferSize: 32 * 1024 * 1024,
    // Every handshake (polling or WebSocket) of the contract: only from the console's own pages.
    allowRequest: (request, answer) => {
      const why = refused(request);
      answer(why, why === null);
    },
  });
  const token = options.token;
  if (token) {
    const attempts = new FailedAttempts({ now: options.now ?? Date.now });
    io.use((socket, next) => {
      const address = socket.handshake.address;
      const wait = attempts.waitFor(address);
      if (wait > 0) return next(new Error(`too many attempts: retry in ${Math.ceil(wait / 1000)} s`));
      const auth = socket.handshake.auth as Record<string, unknown>;
      if (tokensMatch(auth.token, token)) {
        attempts.succeeded(address);
        next();
      } else {
        attempts.failed(address);
        next(new Error('unauthorized'));
      }
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
  const unsubscribe = options.pushes.subscribe((channel, payload) => io.emit('push', channel, pushToWire(payload)));

  await new Promise<void>((done, fail) => {
    http.once('error', fail);
    http.listen(options.port, options.host, () => done());
  });
  const address = http.address() as AddressInfo;
  rules = { names: hostNamesFor(options.host, options.allowHosts ?? []), port: address.port };
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
