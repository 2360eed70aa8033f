// A wall's first paint in web mode. A wall screen turned on asks for `/?wall=1`;
// the page's script then takes about 0.6 s of a core to draw its first rows
// (module evaluation 194 ms, React's first renders about 120, in a trace). So
// the server sends the page's head at once (the browser fetches the scripts
// and the stylesheet meanwhile), asks the core for what the wall's first asks
// would get (shared/contract/first-paint) and sends the body with the wall's
// first rows drawn as markup (renderer/src/wall/firstPaint, the app's own
// components) and the replies beside them as JSON for the app's first render.
//
// Only without a token: a page anyone may fetch holds no ticket while the
// contract it stands for wants a token (the socket's handshake checks it).
// A core that does not answer within `waitMs` gets the plain page: the app
// then asks for itself, as it always did.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_CLIENT_SETTINGS, FIRST_REPLIES_ID, SEAT_COOKIES, seatLook } from '../../shared/contract';
import type { FirstReplies, RequestArgs, RequestChannel, RequestResult, SeatLook } from '../../shared/contract';
import { parseWallParams, rotatePlaylist } from '../../shared/board/wallParams';
import type { Dispatch } from '../core/dispatch';
import type { Timers } from '../core/timers';
import type { StaticFiles } from './static-files';
import type * as FirstPaintModule from '../../renderer/src/wall/firstPaint';

type Painter = typeof FirstPaintModule;

/** How long the page's body waits for the core's replies at most (a cold start on 10,000 open tickets: about 0.1 s). */
export const FIRST_PAINT_WAIT_MS = 1500;

/** The seat's language and theme from its cookies (renderer/src/app/seatCookies.ts); the defaults for anything missing or invalid. */
export function seatLookOf(cookieHeader: string | undefined): SeatLook {
  const cookies = new Map<string, string>();
  for (const part of (cookieHeader ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0) cookies.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const value = <K extends keyof SeatLook>(key: K): SeatLook[K] => {
    let raw: string | undefined;
    try {
      raw = decodeURIComponent(cookies.get(SEAT_COOKIES[key]) ?? '');
    } catch {
      raw = undefined;
    }
    const parsed = seatLook.shape[key].safeParse(raw);
    return parsed.success ? (parsed.data as SeatLook[K]) : DEFAULT_CLIENT_SETTINGS[key];
  };
  return { locale: value('locale'), theme: value('theme') };
}

/**
 * What the wall's first asks get, for the board its first page shows and only
 * the rows that page can show (asking both boards' first 64 rows held the
 * server's loop about 0.2 s on a busy machine while the page's stylesheet
 * waited behind it). The app asks for the rest itself.
 */
export async function wallFirstReplies(dispatch: Dispatch, caller: string, search: string): Promise<FirstReplies> {
  // The dispatcher validates every result before it leaves (core/dispatch.ts): validated twice, the first
  // replies cost the first paint 0.1 s more at a cold start (zod compiling the rows' schema again, profiled).
  const ask = <C extends RequestChannel>(channel: C, args: RequestArgs<C>) => dispatch(channel, args, { caller }) as Promise<RequestResult<C>>;
  const settings = await ask('settings:get', {});
  const first = rotatePlaylist(settings.wall.playlist, parseWallParams(search).offset)[0];
  const feeds = await ask('feed:status', {});
  const boards = first && first.page !== 'heatmap' ? [await ask('board:list', { level: first.page, first: settings.wall.maxRows, order: 'wall' })] : [];
  return { settings, feeds, boards };
}

/** JSON that nothing in it can end early inside a script element (a customer named `</script>…`). */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The page split where its body begins, or null when it has no <body> or no empty #root to draw into. */
export function pageParts(index: string): { head: string; body: string } | null {
  const at = index.indexOf('<body>');
  if (at < 0 || !index.includes('<div id="root"></div>')) return null;
  return { head: index.slice(0, at + '<body>'.length), body: index.slice(at + '<body>'.length) };
}

/**
 * The head with the stylesheets inline, made once (the build never changes
 * while the server runs): a request for them waited behind the core's start
 * on the server's loop (0.2 s on a busy machine), and the first paint waits
 * for them.
 */
function inlineStylesheets(head: string, stylesheet: (href: string) => string): string {
  return head.replace(/<link rel="stylesheet"[^>]*href="\.(\/assets\/[^"]+\.css)"[^>]*>/g, (_, href: string) => `<style>${stylesheet(href)}</style>`);
}

/** The head with the seat's language and theme and the wall's class on <html>, as the app sets them (App.tsx). */
function wallHead(head: string, look: SeatLook): string {
  return head.replace(/<html[^>]*>/, () => `<html lang="${look.locale}" class="is-wall" data-theme="${look.theme}">`);
}

/** The body with the markup in #root and the replies before </body>. Replaced by functions: a `$'` in a customer's name is text, not a pattern. */
function bodyWith(body: string, markup: string | null, replies: FirstReplies | null): string {
  if (markup === null || replies === null) return body;
  return body
    .replace('<div id="root"></div>', () => `<div id="root">${markup}</div>`)
    .replace('</body>', () => `<script type="application/json" id="${FIRST_REPLIES_ID}">${scriptSafeJson(replies)}</script></body>`);
}

export interface WallFirstPaintOptions {
  dispatch: Dispatch;
  timers: Timers;
  waitMs: number;
  /** The renderer's first-paint module, loaded on the first wall's request (a desk never needs React's server renderer). */
  load?: () => Promise<Painter>;
}

/**
 * Serves the wall's page (the build's index.html) with its first paint, or
 * plain when the core is not quick enough; null when the page has no place
 * for one.
 */
export function wallPages({ dispatch, timers, waitMs, load = () => import('../../renderer/src/wall/firstPaint') }: WallFirstPaintOptions, files: StaticFiles) {
  const parts = pageParts(files.index.body.toString('utf8'));
  if (parts === null) return null;
  const head = inlineStylesheets(parts.head, (href) => files.at(href).body.toString('utf8'));
  const { body } = parts;
  let painter: Promise<Painter> | null = null;
  return {
    async serve(request: IncomingMessage, response: ServerResponse, headers: Record<string, string>): Promise<void> {
      const look = seatLookOf(request.headers.cookie);
      // The page holds the boards' rows: never kept by a cache.
      response.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', Vary: 'Cookie' });
      if (request.method === 'HEAD') return void response.end();
      response.write(wallHead(head, look));
      const search = new URL(request.url ?? '/', 'http://localhost').search;
      const painted = await within(
        timers,
        waitMs,
        Promise.all([(painter ??= load()), wallFirstReplies(dispatch, `first-paint:${request.socket.remoteAddress ?? ''}`, search)]).then(([module, replies]) => ({
          markup: module.wallFirstPaint(replies, look, search),
          replies,
        })),
      ).catch((error: unknown) => {
        // The page still works without it: said once per page, in the server's log.
        console.warn(`a wall's first paint was left out: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      response.end(bodyWith(body, painted?.markup ?? null, painted?.replies ?? null));
    },
  };
}

/** `work`'s result, or null once `ms` have passed without it. */
function within<T>(timers: Timers, ms: number, work: Promise<T>): Promise<T | null> {
  return new Promise((settle, fail) => {
    const timer = timers.set(() => settle(null), ms);
    work.then(
      (value) => {
        timers.clear(timer);
        settle(value);
      },
      (error: unknown) => {
        timers.clear(timer);
        fail(error);
      },
    );
  });
}
