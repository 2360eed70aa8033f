// A wall's page in web mode comes with its first rows drawn (electron/web/first-paint.ts): a real core
// on a real cache behind a real HTTP server. The rows are the core's own first wall rows, the replies
// beside them validate against the contract, a seat's language and theme come from its cookies, and
// a customer named like an attack stays text: in the markup, in the JSON, in the replacement patterns.
import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startConsoleCore, type ConsoleCore } from '../../../electron/core/console-core';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { PushBus } from '../../../electron/core/push-bus';
import { startWebServer, type WebServer } from '../../../electron/web/server';
import { FIRST_REPLIES_ID, firstReplies, type BoardSnapshot, type Settings } from '../../../shared/contract';
import { pickWallRows } from '../../../shared/board/wall';
import { STRINGS } from '../../../shared/i18n';
import type { FeedEvent } from '../../../shared/protocol';
import { manualTimers } from '../../support/timers';
import { cacheBefore, generatedEvents, tempDir } from '../support/cache';

// Every customer is named like an attack on the page: a script ending the JSON's element, markup with a
// handler, and String.replace's patterns ($' is the rest of the body, $` all before the root).
const HOSTILE = `</script><img src=x onerror="alert(1)">$'$\`<!--`;
const stream: FeedEvent[] = generatedEvents(600, 29).map((event) => {
  const data = event.data as { customer?: { name: string } };
  return data.customer ? ({ ...event, data: { ...data, customer: { ...data.customer, name: `${HOSTILE}${data.customer.name}` } } } as FeedEvent) : event;
});
const NOW = Date.parse(stream[Math.floor(stream.length * 0.6)]!.at) + 60_000;
const CSS = '.wall-row{height:3rem}';
// The shape of the built index.html (electron-vite): the module script and the stylesheet in the head, an empty #root.
const INDEX = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8" />
    <title>noc</title>
    <script type="module" crossorigin src="./assets/index-abc.js"></script>
    <link rel="stylesheet" crossorigin href="./assets/index-def.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

describe("a wall's first paint in web mode", () => {
  let dir: ReturnType<typeof tempDir>;
  let core: ConsoleCore;
  let server: WebServer | null = null;
  let staticDir: string;
  const ask = <T>(channel: string, args: unknown) => core.dispatch(channel, args, { caller: 'test' }) as Promise<T>;
  const serve = (options: { token?: string; dispatch?: ConsoleCore['dispatch']; timers?: ReturnType<typeof manualTimers>['timers'] } = {}) =>
    startWebServer({
      dispatch: options.dispatch ?? core.dispatch,
      pushes: new PushBus(),
      staticDir,
      host: '127.0.0.1',
      port: 0,
      // A limit for when something hangs: a busy machine must not turn the first paint off.
      firstPaintWaitMs: 60_000,
      ...options,
    });

  beforeAll(async () => {
    dir = tempDir('first-paint');
    await cacheBefore(dir, stream, NOW, 'NOC_FIRST_PAINT_NO_TOKEN');
    staticDir = join(dir.dir, 'renderer');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), INDEX);
    writeFileSync(join(staticDir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(staticDir, 'assets', 'index-def.css'), CSS);
    core = await startConsoleCore({ dataDir: dir.dir, shell: 'web', printer: chromiumPdfPrinter(), now: () => NOW });
  });
  afterAll(async () => {
    await server?.close();
    await core?.close();
    dir.remove();
  });

  it("draws the core's first wall rows, escaped, with the replies beside them for the app", async () => {
    server = await serve();
    // The province board is the default playlist's second page: this display starts one page later.
    const response = await fetch(`${server.url}?wall=1&offset=1`);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN" class="is-wall" data-theme="dark">');
    // The stylesheet inline, the module script kept; no script but it and the replies' JSON.
    expect(html).toContain(`<style>${CSS}</style>`);
    expect(html).not.toContain('<link rel="stylesheet"');
    expect(html.match(/<script/g)).toHaveLength(2);

    const settings = await ask<Settings>('settings:get', {});
    const expected = await ask<BoardSnapshot>('board:list', { level: 'province', first: settings.wall.maxRows, order: 'wall' });
    const shown = pickWallRows(expected.rows, settings.wall.maxRows, expected.at).shown;
    expect(shown.length).toBeGreaterThan(3);
    const json = new RegExp(`<script type="application/json" id="${FIRST_REPLIES_ID}">(.*?)</script>`, 's').exec(html)![1]!;
    const replies = firstReplies.parse(JSON.parse(json));
    expect(replies.settings).toEqual(settings);
    expect(replies.boards).toEqual([expected]);
    expect([...html.matchAll(/data-testid="wall-row" data-key="([^"]+)"/g)].map((match) => match[1])).toEqual(shown.map((row) => row.key));
    expect(html).toContain(`<h1 id="wall-title-province">${STRINGS['zh-CN'].board.title.province}</h1>`);

    // The attack is text wherever it went: escaped in the markup, its "<" escaped in the JSON, its
    // replacement patterns not expanded (one <body>, one root, the head once).
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;$&#x27;$`&lt;!--');
    expect(json).not.toContain('<');
    expect(html.match(/<body>/g)).toHaveLength(1);
    expect(html.match(/<div id="root">/g)).toHaveLength(1);
    expect(html.match(/<title>/g)).toHaveLength(1);
  });

  it("speaks the seat's language and wears its theme, from its cookies; anything else is the default", async () => {
    server ??= await serve();
    const english = await (await fetch(`${server.url}?wall=1`, { headers: { cookie: 'noc-locale=en; noc-theme=light' } })).text();
    expect(english).toContain('<html lang="en" class="is-wall" data-theme="light">');
    expect(english).toContain(`<th scope="col">${STRINGS.en.board.col.urgency}</th>`);
    expect(english).toContain(`<h1 id="wall-title-group">${STRINGS.en.board.title.group}</h1>`);
    const odd = await (await fetch(`${server.url}?wall=1`, { headers: { cookie: 'noc-locale=%E0%A4%A; noc-theme=<x>' } })).text();
    expect(odd).toContain('<html lang="zh-CN" class="is-wall" data-theme="dark">');
  });

  it('serves the desk and a HEAD request as before: no rows in them', async () => {
    server ??= await serve();
    const desk = await (await fetch(`${server.url}#/group`)).text();
    expect(desk).toBe(INDEX);
    const head = await fetch(`${server.url}?wall=1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses a wall asked for under another name or from another origin (DNS rebinding, a foreign page), before any row is drawn', async () => {
    const asked: string[] = [];
    const counting = await serve({
      dispatch: (channel, args, context) => {
        asked.push(String(channel));
        return core.dispatch(channel, args, context);
      },
    });
    try {
      const foreign: Record<string, string>[] = [{ host: `evil.example:${new URL(counting.url).port}` }, { origin: 'http://evil.example' }];
      for (const headers of foreign) {
        const response = await rawGet(counting.url, '/?wall=1', headers);
        expect(response.status, JSON.stringify(headers)).toBe(403);
        expect(response.body).not.toContain('wall-row');
        expect(response.body).not.toContain(FIRST_REPLIES_ID);
      }
      // Refused before the core was asked anything.
      expect(asked).toEqual([]);
    } finally {
      await counting.close();
    }
  });

  it('with a token, a page anyone may fetch holds no ticket', async () => {
    const guarded = await serve({ token: 'a-wall-token-of-2026' });
    try {
      const html = await (await fetch(`${guarded.url}?wall=1`)).text();
      expect(html).toBe(INDEX);
    } finally {
      await guarded.close();
    }
  });

  it('sends the plain page when the core fails to answer, and says why in the log', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const failing = await serve({ dispatch: () => Promise.reject(new Error('the cache is damaged')) });
    try {
      const html = await (await fetch(`${failing.url}?wall=1`)).text();
      expect(html).toContain('<div id="root"></div>');
      expect(html).not.toContain(FIRST_REPLIES_ID);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('the cache is damaged'));
    } finally {
      warn.mockRestore();
      await failing.close();
    }
  });

  it('sends the plain page when the core does not answer in time, and the page stays whole', async () => {
    const clock = { now: 0 };
    const manual = manualTimers(clock);
    const silent = await serve({ dispatch: () => new Promise(() => undefined), timers: manual.timers });
    try {
      const response = await fetch(`${silent.url}?wall=1`);
      // The head is out at once; the body waits for the core until the first paint's wait is over.
      const reader = response.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain(`<style>${CSS}</style>`);
      expect(first).not.toContain('id="root"');
      await until(() => manual.pendingCount() === 1);
      manual.advanceTo(60_000);
      let rest = '';
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
      expect(first + rest).toContain('<div id="root"></div>');
      expect(first + rest).not.toContain(FIRST_REPLIES_ID);
      expect((first + rest).trimEnd().endsWith('</html>')).toBe(true);
    } finally {
      await silent.close();
    }
  });
});

/** A GET with headers fetch() would not send as given (Host): on Node's own HTTP client. */
function rawGet(base: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(new URL(path, base), { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
