// What the supervisor sees (issues #5 and #8): the group board in Chromium, web
// mode, fed by a real upstream socket.io source. An event's way from the
// source's append to the painted row, frames dropped while scrolling under live
// updates, cold start, and the memory 10,000 open tickets hold.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, _electron, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { BOARD_PAINTED_MARK, START_MARKS } from '../shared/contract';
import type { DraftEvent } from '../electron/simulator/draft';
import { generateTickets } from '../electron/simulator/generator';
import { startFeedServer, type FeedServer } from '../electron/simulator/server';
import { CENTERS, type SourceInfo } from '../shared/protocol';
import { toShanghaiIso } from '../shared/time';
import { median, percentile, type BenchRow } from './table';
import { findChromium, HEADLESS_CHROMIUM_ARGS } from '../electron/core/chromium';

// A plain CommonJS helper shared with scripts/start.mjs and the Electron tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findElectron } = require('../scripts/electron-binary.cjs') as { findElectron(): { path: string | null; reason?: string } };

const ROOT = resolve(__dirname, '..');
const SOURCE: SourceInfo = { id: 'bench-screen', name: '压测源', level: 'group' };
const TOKEN_ENV = 'NOC_BENCH_SCREEN_TOKEN';
const TOKEN = 'bench-screen-token';
const HOUR = 3_600_000;
const FRAME_MS = 1000 / 60;
/** A rAF interval this long means at least one 60 Hz frame was not produced. */
const DROPPED_MS = 25;
export const GRID = '[data-testid="grid-group"]';
const WALL_GROUP_ROW = '[data-testid="wall-board-group"] [data-testid="wall-row"]';

interface Sizes {
  tickets: number;
  rate: number;
  latencySeconds: number;
  /** The traffic's first seconds after the quiet minute, measured apart from the steady rate. */
  warmUpMs: number;
  scrollMs: number;
  coldRuns: number;
  /** Flings of the board and of its baseline list, alternating. */
  flings: number;
  /** How long the settled memory reading waits after the one at rest (SETTLE_MS). */
  settleMs: number;
}

/**
 * Generated tickets made group tier and cut before they are repaired (and
 * before now), so every one stays open on the group board; the live events
 * then land on tickets whose lifecycles are real.
 */
function openGroupBacklog(count: number, now: number): { drafts: DraftEvent[]; ticketIds: string[] } {
  // The hourly profile stretches the four hours `count / 4` an hour would take (at night to ten and
  // more): the backlog starts early enough for its last ticket to be created a minute before now. One
  // reaching past now gave 97 % of the tickets events after now, and the live events, landing before
  // them in (at, seq) order, each refolded its ticket from the cache.
  let start = now - 6 * HOUR;
  let tickets = generateTickets({ seed: 85, start, count, ticketsPerHour: count / 4, burstsPerDay: 0 });
  while (tickets.at(-1)!.createdAt > now - 60_000) {
    start -= tickets.at(-1)!.createdAt - (now - 60_000) + HOUR;
    tickets = generateTickets({ seed: 85, start, count, ticketsPerHour: count / 4, burstsPerDay: 0 });
  }
  const drafts: DraftEvent[] = [];
  for (const ticket of tickets) {
    const end = ticket.events.findIndex(
      (event, index) => event.type === 'repaired' || event.type === 'confirmed' || event.type === 'closed' || ticket.times[index]! > now - 60_000,
    );
    for (const event of ticket.events.slice(0, end < 0 ? undefined : Math.max(1, end))) {
      drafts.push(event.type === 'created' ? { ...event, data: { ...event.data, customer: { ...event.data.customer, tier: 'group' } } } : event);
    }
  }
  return { drafts, ticketIds: tickets.map((ticket) => ticket.ticketId) };
}

export interface Sent {
  key: string;
  at: number;
}

/**
 * Live upstream traffic that changes what the row shows (stage, centre,
 * handler, the accept clock): each ticket is transferred, then accepted, then
 * transferred again, round-robin over the tickets, so one ticket's events are
 * tickets/rate seconds apart and each painted key matches one event.
 */
export class Traffic {
  private serial = 0;

  constructor(
    private readonly feed: FeedServer,
    private readonly ticketIds: readonly string[],
  ) {}

  /** Appends `rate` events a second for `ms`; with `sent`, records when each left the source. */
  async run(rate: number, ms: number, sent: Sent[] | null = null): Promise<void> {
    const started = Date.now();
    const total = Math.round((rate * ms) / 1000);
    let appended = 0;
    while (appended < total) {
      await new Promise((done) => setTimeout(done, 5));
      const now = Date.now();
      const due = Math.min(total, Math.floor(((now - started) * rate) / 1000)) - appended;
      if (due <= 0) continue;
      const at = toShanghaiIso(now);
      const batch: DraftEvent[] = [];
      for (let n = 0; n < due; n += 1) {
        this.serial += 1;
        const ticketId = this.ticketIds[this.serial % this.ticketIds.length]!;
        const round = Math.floor(this.serial / this.ticketIds.length);
        const handler = `值守${this.serial}`;
        const id = `screen-${this.serial}`;
        batch.push(
          round % 2 === 0
            ? { id, ticketId, type: 'transferred', at, data: { center: CENTERS[round % CENTERS.length]!, handler, reason: '压测转派' } }
            : { id, ticketId, type: 'accepted', at, data: { handler } },
        );
        sent?.push({ key: `${SOURCE.id}:${ticketId}`, at: now });
      }
      this.feed.append(batch);
      appended += due;
    }
  }
}

const GC_ON_SIGNAL = join(__dirname, 'gc-on-signal.cjs');
const LOOP_STALLS = join(__dirname, 'loop-stalls.cjs');
const GARBAGE_COLLECTED = 'bench: garbage collected';

export interface ConsoleProcess {
  url: string;
  pid: number;
  /** Has its main thread collect garbage (gc-on-signal.cjs); resolves once it did. */
  collectGarbage(): Promise<void>;
  /** What the server printed so far (its start marks with NOC_START_MARKS=1, bench/coldstart.ts). */
  output(): string;
  /** The longest turn of its event loop that began in [from, to] (epoch ms; started with loopStalls); 0 with none over 10 ms. */
  longestStall(from: number, to: number): number;
  stop(): Promise<void>;
}

/**
 * The built web mode (out/main/serve.js, as `npm run serve` runs it) run by
 * node itself, so its pid is the server's; `serve` names another build's (an
 * A/B against an earlier commit's bundle).
 */
export async function startConsole(dataDir: string, serve = 'out/main/serve.js', { loopStalls = false } = {}): Promise<ConsoleProcess> {
  // --expose-gc and the preload: residentAtRest can have it collect garbage first. The stalls' 1 ms timer only
  // where they are read (cold starts), not under the latency and memory rows.
  const preloads = ['--require', GC_ON_SIGNAL, ...(loopStalls ? ['--require', LOOP_STALLS] : [])];
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', ...preloads, serve, '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, [TOKEN_ENV]: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  let out = '';
  let line = '';
  let collections = 0;
  const stalls: [number, number][] = [];
  const url = await new Promise<string>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-20_000);
      const lines = (line + chunk.toString()).split('\n');
      line = lines.pop()!;
      collections += lines.filter((whole) => whole === GARBAGE_COLLECTED).length;
      for (const whole of lines) {
        const stall = /^bench: loop stall (\d+) (\d+)$/.exec(whole);
        if (stall) stalls.push([Number(stall[1]), Number(stall[2])]);
      }
      const match = /web mode: (http:\S+)/.exec(out);
      if (match) done(match[1]!);
    });
    child.once('exit', (code) => fail(new Error(`the web server exited (${code}) before listening: ${errors}`)));
  });
  return {
    url,
    pid: child.pid!,
    output: () => out,
    longestStall: (from, to) => Math.max(0, ...stalls.filter(([at]) => at >= from && at <= to).map(([, ms]) => ms)),
    async collectGarbage() {
      const before = collections;
      child.kill('SIGUSR2');
      await until(() => collections > before, 60_000, 'the console never said it collected garbage');
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/**
 * The console's resident memory at rest: a second after a garbage collection
 * of its main thread. Memory the process holds for garbage not yet collected
 * (the backlog's ingest leaves some 200 MB of it) is not what it keeps.
 */
async function residentAtRest(server: ConsoleProcess): Promise<number> {
  await server.collectGarbage();
  await new Promise((done) => setTimeout(done, 1000));
  return residentBytes(server.pid);
}

/**
 * A minute later, with nothing happening: V8's memory reducer, which runs once
 * the process has allocated little for a while, gives back the young
 * generation a backlog grew (the main thread's 32 MB, then 1 MB) and compacts
 * the old one (154 MB held for 97 MB of objects, then 117); a collection forced
 * by hand does neither. The served console with 10,000 open tickets, read every
 * 2 s after that collection: 379 MB, flat for 30 s, then 303 (another run: 417
 * for 9 s, then 353 and 321; the rss branch's report).
 */
const SETTLE_MS = 60_000;

async function residentSettled(server: ConsoleProcess, settleMs: number): Promise<number> {
  await new Promise((done) => setTimeout(done, settleMs));
  return residentBytes(server.pid);
}

function residentBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

export const launchChromium = () => {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium found (install chromium or set NOC_CHROMIUM)');
  return chromium.launch({ executablePath, args: [...HEADLESS_CHROMIUM_ARGS] });
};

/**
 * The console and Chromium started together, as a wall's machine starts its
 * service and its kiosk browser at boot and as the Electron shell starts its
 * core and its window; `onServer` and `onBrowser` hear each as it is up. If one
 * fails the other is stopped.
 */
export async function startTogether(dataDir: string, serve?: string, heard: { onServer?(): void; onBrowser?(): void } = {}): Promise<[ConsoleProcess, Browser]> {
  const [server, browser] = await Promise.allSettled([
    startConsole(dataDir, serve, { loopStalls: true }).then((started) => (heard.onServer?.(), started)),
    launchChromium().then((launched) => (heard.onBrowser?.(), launched)),
  ]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') return [server.value, browser.value];
  if (server.status === 'fulfilled') await server.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // tsx compiles this file with keepNames, which wraps the page-side functions below in a helper the page lacks.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  return context;
}

// The page's side, typed by hand: the bench compiles without the DOM library.
interface Cell {
  readonly childElementCount: number;
  readonly textContent: string | null;
}
interface Row {
  readonly offsetHeight: number;
  querySelectorAll(selector: string): { forEach(visit: (cell: Cell) => void): void };
}
interface Scroller {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  querySelector(selector: string): Row | null;
}
interface PageScope {
  document: { querySelector(selector: string): (Scroller & { textContent: string | null }) | null };
  requestAnimationFrame(callback: (time: number) => void): number;
  paints?: [number, string[]][];
}

async function settle(page: Page, ms: number): Promise<void> {
  await page.waitForTimeout(ms);
}

async function until(condition: () => boolean, timeout: number, failure: string): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function heapUsed(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value;
  if (used === undefined) throw new Error('no JSHeapUsedSize metric');
  return used;
}

async function waitForTotal(page: Page, total: number, timeout: number): Promise<void> {
  const shown = () => page.evaluate(() => (globalThis as unknown as PageScope).document.querySelector('[data-testid="count-total"] b')?.textContent);
  await page
    .waitForFunction(([want]) => (globalThis as unknown as PageScope).document.querySelector('[data-testid="count-total"] b')?.textContent === want, [String(total)], {
      timeout,
      polling: 250,
    })
    .catch(async (error: unknown) => {
      throw new Error(`the board shows ${await shown()} open tickets, not ${total}, after ${timeout / 1000} s`, { cause: error });
    });
}

/** The size of the board's scrolled viewport, for a baseline list of the same size. */
export async function viewportSize(page: Page): Promise<{ width: number; height: number }> {
  const box = await page.locator(`${GRID} .ag-grid-viewport`).boundingBox();
  if (!box) throw new Error('the board has no viewport');
  return { width: Math.round(box.width), height: Math.round(box.height) };
}

export interface Fling {
  /** Animation frames drawn during the fling. */
  frames: number;
  /** Intervals between them longer than DROPPED_MS: at least one 60 Hz frame missed. */
  dropped: number;
  /** Tasks of the page over 50 ms (the Long Tasks API) while it ran, and the longest. */
  longTasks: number;
  longestTaskMs: number;
  /**
   * The share of the viewport's cells those frames showed drawn, averaged over
   * the frames: a frame of blank rows is a frame too. ag-grid builds a fling's
   * new rows in animation-frame tasks of up to 60 ms; given 8 ms a frame it
   * drew 110-130 frames in a 3 s fling with no task over 50 ms, and 0-10 % of
   * their rows (against 70 frames, 98.6 % drawn, with its 60; 5 December).
   */
  drawn: number;
}

/**
 * rAF intervals over a scripted scroll of the grid from top to bottom (a fling:
 * every frame a fresh set of rows), and what each frame showed: at the start of
 * each frame, the viewport's rows (by their `row-index`) as the frame before
 * left them, each row's cells with something in them (`cell` matches a cell)
 * against a row's at rest before the fling. `rows`: how many the list has.
 */
export async function scrollFrames(page: Page, ms: number, { rows, cell }: { rows: number; cell: string }): Promise<Fling> {
  return page.evaluate(
    ([selector, duration, limit, count, cellSelector]) =>
      new Promise<Fling>((done, fail) => {
        const scope = globalThis as unknown as PageScope;
        const viewport = scope.document.querySelector(selector);
        if (!viewport || viewport.scrollHeight <= viewport.clientHeight) throw new Error(`nothing to scroll in ${selector}`);
        const cellsDrawn = (row: Row | null) => {
          let drawn = 0;
          row?.querySelectorAll(cellSelector).forEach((one) => {
            if (one.childElementCount > 0 || (one.textContent ?? '') !== '') drawn += 1;
          });
          return drawn;
        };
        const rowAt = (index: number) => viewport.querySelector(`[row-index="${index}"]`);
        let full = 0;
        let rowPx = 0;
        const shownDrawn = () => {
          const top = viewport.scrollTop;
          const last = Math.min(count - 1, Math.floor((top + viewport.clientHeight - 1) / rowPx));
          let drawn = 0;
          let seen = 0;
          for (let index = Math.floor(top / rowPx); index <= last; index += 1) {
            drawn += Math.min(full, cellsDrawn(rowAt(index)));
            seen += full;
          }
          return seen === 0 ? 1 : drawn / seen;
        };
        const intervals: number[] = [];
        const shares: number[] = [];
        const tasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) tasks.push(entry.duration);
        });
        let start = -1;
        let last = 0;
        const step = (time: number) => {
          if (start < 0) {
            start = time;
            // A browser's entry type: the bench compiles against Node's, which lacks it.
            observer.observe({ type: 'longtask' as never });
          } else {
            intervals.push(time - last);
            shares.push(shownDrawn());
          }
          last = time;
          const progress = Math.min(1, (time - start) / duration);
          viewport.scrollTop = progress * (viewport.scrollHeight - viewport.clientHeight);
          if (progress < 1) scope.requestAnimationFrame(step);
          else {
            // The last frame's own task is reported once it has ended.
            setTimeout(() => {
              for (const entry of observer.takeRecords()) tasks.push(entry.duration);
              observer.disconnect();
              done({
                frames: intervals.length,
                dropped: intervals.filter((interval) => interval > limit).length,
                longTasks: tasks.length,
                longestTaskMs: Math.max(0, ...tasks),
                drawn: shares.reduce((sum, share) => sum + share, 0) / Math.max(1, shares.length),
              });
            }, 0);
          }
        };
        // Start from a frame where the jump to the top has been drawn: its first row's cells as many two frames running.
        viewport.scrollTop = 0;
        let frames = 0;
        const atTop = () => {
          const drawn = cellsDrawn(rowAt(0));
          frames += 1;
          if (drawn > 0 && drawn === full) {
            rowPx = rowAt(0)!.offsetHeight;
            return scope.requestAnimationFrame(step);
          }
          if (frames > 600) return fail(new Error(`no drawn first row in ${selector} after 600 frames`));
          full = drawn;
          scope.requestAnimationFrame(atTop);
        };
        scope.requestAnimationFrame(atTop);
      }),
    [`${GRID} .ag-grid-viewport`, ms, DROPPED_MS, rows, cell] as const,
  );
}

/**
 * The fling's baseline: the same tickets as a plain list (every row in the DOM,
 * no grid, no framework) in a page of its own, its viewport as wide and as
 * tall as the board's, rows as high, a cell for each of the board's columns.
 */
export async function plainListFrames(context: BrowserContext, drafts: readonly DraftEvent[], size: { width: number; height: number }, ms: number) {
  const rows: string[][] = [];
  for (const draft of drafts) {
    if (draft.type !== 'created') continue;
    const data = draft.data as { customer: { name: string; tier: string }; city: string; service: string; circuit: { level: string }; title: string; accountManager?: { name: string } };
    rows.push([
      '01:23:45',
      '正常',
      draft.ticketId,
      data.customer.name,
      data.city,
      data.service,
      data.circuit.level,
      data.customer.tier,
      `${data.title} · 值守`,
      '派 接 修',
      '12%',
      '进展上报 00:30:00',
      '—',
      '',
      '3小时',
      data.accountManager?.name ?? '',
    ]);
  }
  const page = await context.newPage();
  try {
    await page.setContent(
      `<!doctype html><meta charset="utf-8"><style>
        body { margin: 0; font: 13px system-ui, sans-serif; }
        .ag-grid-viewport { width: ${size.width}px; height: ${size.height}px; overflow: auto; }
        .row { display: flex; height: 36px; line-height: 35px; border-bottom: 1px solid #ddd; white-space: nowrap; }
        .row > .cell { flex: 0 0 88px; overflow: hidden; text-overflow: ellipsis; padding: 0 6px; }
      </style><div data-testid="grid-group"><div class="ag-grid-viewport"></div></div>`,
    );
    await page.evaluate((all) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { innerHTML: string } } }).document;
      const escape = (text: string) => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
      doc.querySelector('.ag-grid-viewport').innerHTML = all.map((cells, index) => `<div class="row" row-index="${index}">${cells.map((cell) => `<span class="cell">${escape(cell)}</span>`).join('')}</div>`).join('');
    }, rows);
    return await scrollFrames(page, ms, { rows: rows.length, cell: '.cell' });
  } finally {
    await page.close();
  }
}

/** Collects every painted-board mark from now on (the renderer keeps only the latest in the timeline). */
export async function observePaints(page: Page): Promise<void> {
  await page.evaluate((name) => {
    const scope = globalThis as unknown as PageScope;
    scope.paints = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntriesByName(name, 'mark')) {
        scope.paints!.push([performance.timeOrigin + entry.startTime, ((entry as unknown as { detail: { keys: string[] } }).detail.keys)]);
      }
    }).observe({ type: 'mark' });
  }, BOARD_PAINTED_MARK);
}

/**
 * Each sent event's latency: from its append to the first paint of its key
 * after it, in wall-clock ms. Waits until every event has reached the screen
 * (a loaded machine takes seconds to drain): one that never does within
 * `timeout` is lost, and that is an error, not a slow figure.
 */
export async function matchPaints(page: Page, sent: readonly Sent[], timeout: number): Promise<number[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const { paints, skew } = await page.evaluate(() => ({
      paints: (globalThis as unknown as PageScope).paints ?? [],
      // timeOrigin + now() is monotonic time; Date.now() is the wall clock the source stamped with.
      skew: Date.now() - (performance.timeOrigin + performance.now()),
    }));
    const paintsByKey = new Map<string, number[]>();
    for (const [at, keys] of paints) for (const key of keys) (paintsByKey.get(key) ?? paintsByKey.set(key, []).get(key)!).push(at + skew);
    const latencies: number[] = [];
    for (const event of sent) {
      const painted = paintsByKey.get(event.key)?.find((at) => at >= event.at);
      if (painted !== undefined) latencies.push(painted - event.at);
    }
    if (latencies.length === sent.length) return latencies;
    if (Date.now() > deadline) throw new Error(`only ${latencies.length} of ${sent.length} events reached the screen within ${timeout / 1000} s of the last`);
    await new Promise((done) => setTimeout(done, 500));
  }
}

/** The paints seen so far are forgotten: the next measurement matches only its own. */
async function forgetPaints(page: Page): Promise<void> {
  await page.evaluate(() => ((globalThis as unknown as PageScope).paints = []));
}

/** One core kept busy by another process for as long as it runs: the machine shared, as a console's often is. */
export function cpuHog(): { stop(): Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  return {
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

export async function openGroupBoard(page: Page, url: string, timeout?: number): Promise<void> {
  await page.goto(`${url}#/group`, { timeout });
}

/**
 * Has the page keep every task of its own over 50 ms (the Long Tasks API: what
 * holds a click or a key back) from its first script on, as [start, duration]
 * on the wall clock; `longTasksBetween` reads them.
 */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const scope = globalThis as unknown as { longTasks?: [number, number][] };
    scope.longTasks = [];
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) scope.longTasks!.push([performance.timeOrigin + task.startTime, task.duration]);
      // A browser's entry type: the bench compiles against Node's, which lacks it.
    }).observe({ type: 'longtask' as never });
  });
}

/** The durations of the page's tasks over 50 ms that started between `from` and `to` (wall clock, ms). */
export async function longTasksBetween(page: Page, from: number, to: number): Promise<number[]> {
  const tasks = await page.evaluate(() => (globalThis as unknown as { longTasks: [number, number][] }).longTasks);
  return tasks.filter(([start]) => start >= from && start <= to).map(([, duration]) => duration);
}

/**
 * Has the page note (wall clock, ms) when the first element matching `selector`
 * is shown: in the DOM with a box, then a display frame later (a frame, then a
 * task: the frame that drew it has been painted), as the blank page's baseline
 * is read. The page notes it itself: Playwright's own wait looks again 20, 50,
 * 100, 100, then every 500 ms, and it waited for the page's load event first,
 * which a wall's rows drawn as markup come before (its first paint in web mode).
 */
export async function recordFirstShown(page: Page, selector: string): Promise<void> {
  // A string: the bench compiles without the DOM's types.
  await page.addInitScript(`(() => {
    const selector = ${JSON.stringify(selector)};
    let noted = false;
    const look = () => {
      const element = noted ? null : document.querySelector(selector);
      const box = element && element.getBoundingClientRect();
      if (!box || box.width === 0 || box.height === 0) return;
      noted = true;
      requestAnimationFrame(() => setTimeout(() => { globalThis.firstShown = performance.timeOrigin + performance.now(); }, 0));
    };
    new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
  })();`);
}

/** When the element `recordFirstShown` watches for was first shown (wall clock, ms), waiting up to `timeout`. */
export async function firstShownAt(page: Page, timeout: number): Promise<number> {
  const handle = await page.waitForFunction(() => (globalThis as unknown as { firstShown?: number }).firstShown, undefined, { timeout });
  return (await handle.jsonValue()) as number;
}

/** When the page set a performance mark (wall clock, ms), waiting for it up to `timeout`. */
export async function pageMark(page: Page, name: string, timeout: number): Promise<number> {
  const handle = await page.waitForFunction(
    (mark) => {
      const entry = performance.getEntriesByName(mark)[0];
      return entry ? performance.timeOrigin + entry.startTime : undefined;
    },
    name,
    { timeout, polling: 100 },
  );
  return (await handle.jsonValue()) as number;
}

export interface ColdStart {
  /** From the spawn to a board row on screen. */
  ms: number;
  /** The page's tasks over 50 ms while the whole lists and the alarms streamed in after that row (durations, ms). */
  streaming: number[];
  /** The same page's tasks over 50 ms in as long a span right after, the lists and alarms whole and nothing arriving. */
  after: number[];
  /** The console's longest event-loop turn while they streamed in (ms): what a live event or a call waited for at most. */
  coreStall: number;
  /** Its longest in as long a span right after. */
  coreStallAfter: number;
}

/**
 * Web mode from nothing: the server on a prepared data dir and Chromium started
 * together (startTogether), until a board row shows; then its whole lists and
 * alarms. (One after the other until 4 December: 2,919 against 2,695 ms
 * together, five alternating pairs.)
 */
async function coldStartWeb(dataDir: string): Promise<ColdStart> {
  const started = Date.now();
  const [server, browser] = await startTogether(dataDir);
  try {
    const page = await browser.newPage();
    await recordLongTasks(page);
    await recordFirstShown(page, `${GRID} .ag-row`);
    await openGroupBoard(page, server.url);
    const shown = await firstShownAt(page, 60_000);
    const ms = shown - started;
    // The lists and the alarms stream side by side: whole once both are.
    const whole = Math.max(await pageMark(page, START_MARKS.wholeBoards, 120_000), await pageMark(page, START_MARKS.wholeAlarms, 120_000));
    await new Promise((done) => setTimeout(done, Math.max(0, whole - shown)));
    const [streaming, after] = [await longTasksBetween(page, shown, whole), await longTasksBetween(page, whole, whole + (whole - shown))];
    return { ms, streaming, after, coreStall: server.longestStall(shown, whole), coreStallAfter: server.longestStall(whole, whole + (whole - shown)) };
  } finally {
    await browser.close();
    await server.stop();
  }
}

/**
 * The wall turned on (`?wall=1`, 1920x1080), as the desk above: the server and
 * Chromium started together, until the group board's first row shows. The wall
 * loads no grid, and in web mode its page comes with its first rows drawn
 * (electron/web/first-paint.ts): what it waits for is the core's first answer
 * and the page's HTML and stylesheet, not its script.
 */
async function coldStartWall(dataDir: string): Promise<number> {
  const started = Date.now();
  const [server, browser] = await startTogether(dataDir);
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await recordFirstShown(page, WALL_GROUP_ROW);
    await page.goto(`${server.url}?wall=1`, { waitUntil: 'commit' });
    return (await firstShownAt(page, 60_000)) - started;
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** The floor of any web-mode start: Chromium launched and a static blank page painted. */
export async function coldStartBlank(): Promise<number> {
  const started = Date.now();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // Read as the boards' first rows are (recordFirstShown).
    await recordFirstShown(page, 'p');
    await page.goto('data:text/html,<!doctype html><title>blank</title><p>blank</p>', { waitUntil: 'commit' });
    return (await firstShownAt(page, 60_000)) - started;
  } finally {
    await browser.close();
  }
}

/** The Electron window from nothing on the same data dir, until a board row shows. */
async function coldStartElectron(binary: string, dataDir: string): Promise<number> {
  const started = performance.now();
  const app = await _electron.launch({ executablePath: binary, args: [ROOT], env: { ...process.env, NOC_DATA_DIR: dataDir, [TOKEN_ENV]: TOKEN } });
  try {
    const window = await app.firstWindow();
    await window.locator(`${GRID} .ag-row`).first().waitFor({ state: 'visible', timeout: 60_000 });
    return performance.now() - started;
  } finally {
    await app.close();
  }
}

const MB = 1024 * 1024;

/** A console in web mode on a fresh data dir, fed by the bench source, its group board open in Chromium. */
export interface BoardUnderTest {
  feed: FeedServer;
  server: ConsoleProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  traffic: Traffic;
  drafts: DraftEvent[];
  /** Holds config.json and the cache: removed by the caller. */
  dataDir: string;
  /** Appends the backlog and waits until the board shows every ticket. */
  fill(timeout?: number): Promise<void>;
  close(): Promise<void>;
}

export async function boardUnderTest(tickets: number, serve?: string): Promise<BoardUnderTest> {
  const { drafts, ticketIds } = openGroupBacklog(tickets, Date.now());
  const feed = await startFeedServer({ source: SOURCE, token: TOKEN });
  const dataDir = mkdtempSync(join(tmpdir(), 'noc-bench-screen-'));
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({ sources: [{ id: SOURCE.id, name: SOURCE.name, url: feed.url, level: SOURCE.level, tokenEnv: TOKEN_ENV }] }),
  );
  const server = await startConsole(dataDir, serve);
  const browser = await launchChromium();
  const context = await newContext(browser);
  const page = await context.newPage();
  await openGroupBoard(page, server.url);
  await page.getByTestId('empty-state').waitFor({ timeout: 60_000 });
  await until(() => feed.connectedClients() > 0, 60_000, 'the console never connected to the bench source');
  return {
    feed,
    server,
    browser,
    context,
    page,
    traffic: new Traffic(feed, ticketIds),
    drafts,
    dataDir,
    async fill(timeout = 300_000) {
      feed.append(drafts);
      await waitForTotal(page, tickets, timeout);
      await page.locator(`${GRID} .ag-row`).first().waitFor();
    },
    /** Closes the browser and the console; the source and the data dir stay (cold starts reuse them). */
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

export async function benchScreen({ smoke }: { smoke: boolean }): Promise<BenchRow[]> {
  const sizes: Sizes = smoke
    ? { tickets: 200, rate: 100, latencySeconds: 2, warmUpMs: 500, scrollMs: 1000, coldRuns: 1, flings: 1, settleMs: 1000 }
    : { tickets: 10_000, rate: 1000, latencySeconds: 15, warmUpMs: 3000, scrollMs: 3000, coldRuns: 3, flings: 3, settleMs: SETTLE_MS };
  const label = sizes.tickets.toLocaleString('en');
  // The renderer under test is the one in the tree, not whatever was built last.
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`electron-vite build failed: ${build.stderr}`);

  const board = await boardUnderTest(sizes.tickets);
  const { page, context, server, traffic } = board;
  try {
    let memory: { rss: number; rssEmpty: number; rssUncollected: number; rssSettled: number; heap: number; heapEmpty: number };
    const latency: { warmUp: number[]; quiet: number[]; hog: number[] } = { warmUp: [], quiet: [], hog: [] };
    const flings: { board: Fling[]; plain: Fling[]; live: Fling | null } = { board: [], plain: [], live: null };
    try {
      await settle(page, 1000);
      const rssEmpty = await residentAtRest(server);
      const heapEmpty = await heapUsed(context, page);
      await board.fill();
      await settle(page, 2000);
      const rssUncollected = residentBytes(server.pid);
      const rss = await residentAtRest(server);
      const heap = await heapUsed(context, page);
      memory = { rss, rssEmpty, rssUncollected, rssSettled: await residentSettled(server, sizes.settleMs), heap, heapEmpty };

      // The board and its baseline list take turns, so both see the same machine load.
      const size = await viewportSize(page);
      const boardCells = { rows: sizes.tickets, cell: '.ag-cell' };
      for (let run = 0; run < sizes.flings; run += 1) {
        flings.board.push(await scrollFrames(page, sizes.scrollMs, boardCells));
        flings.plain.push(await plainListFrames(context, board.drafts, size, sizes.scrollMs));
      }

      await observePaints(page);
      // The traffic starts after a minute without events (the settled memory reading, the flings): V8's
      // memory reducer has given back the young generation and compacted the old one, so the first second
      // ran at p95 170-270 ms in the core alone (pushes logged), then 10-50 ms. The steady rate is
      // measured after those first seconds; they are a row of their own.
      const warmUp: Sent[] = [];
      await traffic.run(sizes.rate, sizes.warmUpMs, warmUp);
      latency.warmUp = await matchPaints(page, warmUp, 300_000);
      await forgetPaints(page);
      for (const load of ['quiet', 'hog'] as const) {
        const hog = load === 'hog' ? cpuHog() : null;
        try {
          const sent: Sent[] = [];
          await traffic.run(sizes.rate, sizes.latencySeconds * 1000, sent);
          latency[load] = await matchPaints(page, sent, 300_000);
        } finally {
          await hog?.stop();
        }
        await forgetPaints(page);
      }

      // Updates flow from a second before the scroll until it ends, so it scrolls through a steady stream.
      const flowing = traffic.run(sizes.rate, sizes.scrollMs + 2000);
      await settle(page, 1000);
      flings.live = await scrollFrames(page, sizes.scrollMs, boardCells);
      await flowing;
    } finally {
      await board.close();
    }

    // Cold starts alternate with their baseline, so both see the same machine load.
    const cold: ColdStart[] = [];
    const wall: number[] = [];
    const blank: number[] = [];
    for (let run = 0; run < sizes.coldRuns; run += 1) {
      blank.push(await coldStartBlank());
      cold.push(await coldStartWeb(board.dataDir));
      wall.push(await coldStartWall(board.dataDir));
    }
    const electron = findElectron() as { path: string | null; reason?: string };
    const electronCold: number[] = [];
    if (electron.path) for (let run = 0; run < sizes.coldRuns; run += 1) electronCold.push(await coldStartElectron(electron.path, board.dataDir));

    const blankMedian = median(blank);
    const where = `group board, ${label} open tickets, ${sizes.rate} events/s, Chromium web mode`;
    const latencyRows = (values: number[], hog: boolean): BenchRow[] => {
      const p95 = percentile(values, 0.95);
      const limit = hog ? 250 : 50;
      return [
        {
          figure: `event → screen latency p50 (${where}${hog ? ', one core taken by another process' : `, after its first ${sizes.warmUpMs / 1000} s`})`,
          value: percentile(values, 0.5),
          unit: 'ms',
          baseline: FRAME_MS,
          baselineLabel: 'one 60 Hz frame (physical limit)',
          target: '—',
          met: null,
        },
        {
          figure: `event → screen latency p95 (${where}${hog ? ', one core taken by another process' : `, after its first ${sizes.warmUpMs / 1000} s`})`,
          value: p95,
          unit: 'ms',
          baseline: FRAME_MS,
          baselineLabel: 'one 60 Hz frame (physical limit)',
          target: `${hog ? '<' : '≤'} ${limit} ms`,
          met: hog ? p95 < limit : p95 <= limit,
        },
      ];
    };
    const boardFrames = median(flings.board.map((fling) => fling.frames));
    const plainFrames = median(flings.plain.map((fling) => fling.frames));
    const longTasks = median(flings.board.map((fling) => fling.longTasks));
    const live = flings.live!;
    const paused = flings.board.at(-1)!;
    const rows: BenchRow[] = [
      ...latencyRows(latency.quiet, false),
      ...latencyRows(latency.hog, true),
      {
        figure: `event → screen latency p95, the traffic's first ${sizes.warmUpMs / 1000} s after ${sizes.settleMs / 1000} s and the flings without events (${where})`,
        value: percentile(latency.warmUp, 0.95),
        unit: 'ms',
        baseline: percentile(latency.quiet, 0.95),
        baselineLabel: 'the steady rate after them, no hog (p95 above)',
        target: '—',
        met: null,
      },
      {
        figure: `frames drawn in a ${sizes.scrollMs / 1000} s fling of the board, top to bottom (${label} rows, updates paused, median of ${sizes.flings})`,
        value: boardFrames,
        unit: 'frames',
        baseline: plainFrames,
        baselineLabel: `a plain ${label}-row list, same browser and viewport, alternating`,
        target: '≥ 0.8× baseline',
        met: boardFrames >= 0.8 * plainFrames,
      },
      {
        figure: `tasks over 50 ms during that fling (longest ${Math.max(...flings.board.map((fling) => fling.longestTaskMs)).toFixed(0)} ms; median of ${sizes.flings})`,
        value: longTasks,
        unit: 'tasks',
        baseline: median(flings.plain.map((fling) => fling.longTasks)),
        baselineLabel: 'the plain list, same fling',
        target: '0',
        met: longTasks === 0,
      },
      {
        figure: `share of the viewport's cells drawn in that fling's frames (mean over its frames; median of ${sizes.flings})`,
        value: 100 * median(flings.board.map((fling) => fling.drawn)),
        unit: '%',
        baseline: 100 * median(flings.plain.map((fling) => fling.drawn)),
        baselineLabel: 'the plain list, same fling (every row in the DOM)',
        target: '—',
        met: null,
      },
      {
        figure: `frames dropped while scrolling the board (${label} tickets, ${sizes.scrollMs / 1000} s scroll, ${sizes.rate} events/s; of ${live.frames} frames)`,
        value: live.dropped,
        unit: 'frames',
        baseline: paused.dropped,
        baselineLabel: `same scroll, updates paused (of ${paused.frames} frames)`,
        target: '≤ paused + 3',
        met: live.dropped <= paused.dropped + 3,
      },
      {
        figure: `cold start to first board painted (web mode, the desk's grid, ${label} tickets cached, median of ${sizes.coldRuns})`,
        value: median(cold.map((start) => start.ms)),
        unit: 'ms',
        baseline: blankMedian,
        baselineLabel: 'Chromium launch + static blank page painted',
        target: '≤ 2× baseline',
        met: median(cold.map((start) => start.ms)) <= 2 * blankMedian,
      },
      {
        figure: `cold start to first board painted (web mode, the wall turned on, 1920x1080, ${label} tickets cached, median of ${sizes.coldRuns})`,
        value: median(wall),
        unit: 'ms',
        baseline: blankMedian,
        baselineLabel: 'Chromium launch + static blank page painted',
        target: '≤ 2× baseline',
        met: median(wall) <= 2 * blankMedian,
      },
      {
        figure: `tasks over 50 ms on the page while that cold start's whole lists and alarms stream in after its first rows (both boards, ${label} open tickets; longest ${Math.max(0, ...cold.flatMap((start) => start.streaming)).toFixed(0)} ms; median of ${sizes.coldRuns})`,
        value: median(cold.map((start) => start.streaming.length)),
        unit: 'tasks',
        baseline: median(cold.map((start) => start.after.length)),
        baselineLabel: 'the same page in as long a span right after, nothing arriving',
        target: '0',
        met: cold.every((start) => start.streaming.length === 0),
      },
      {
        figure: `the console's longest event-loop turn while that cold start's whole lists and alarms stream in (its open tickets folding, its deadlines, alarms and risk history starting; ${label} open tickets; median of ${sizes.coldRuns})`,
        value: median(cold.map((start) => start.coreStall)),
        unit: 'ms',
        baseline: median(cold.map((start) => start.coreStallAfter)),
        baselineLabel: 'the same console in as long a span right after, nothing arriving',
        target: '—',
        met: null,
      },
      electronCold.length > 0
        ? {
            figure: `cold start to first board painted (Electron, ${label} tickets cached, median of ${sizes.coldRuns})`,
            value: median(electronCold),
            unit: 'ms',
            baseline: blankMedian,
            baselineLabel: 'Chromium launch + static blank page painted',
            target: '—',
            met: null,
          }
        : {
            figure: 'cold start to first board painted (Electron): skipped',
            value: Number.NaN,
            unit: 'ms',
            baseline: null,
            baselineLabel: `skipped: ${electron.reason ?? 'no Electron binary'}`,
            target: '—',
            met: null,
          },
      {
        figure: `resident memory: main process (web mode) with ${label} open tickets, at rest (after a garbage collection)`,
        value: memory.rss / MB,
        unit: 'MB',
        baseline: memory.rssEmpty / MB,
        baselineLabel: 'same process, empty cache, after a garbage collection',
        target: '—',
        met: null,
      },
      {
        figure: `resident memory: main process (web mode) with ${label} open tickets, settled (${sizes.settleMs / 1000} s after that garbage collection, nothing happening)`,
        value: memory.rssSettled / MB,
        unit: 'MB',
        baseline: memory.rss / MB,
        baselineLabel: 'same process, at rest a second after the garbage collection',
        target: '—',
        met: null,
      },
      {
        figure: `resident memory: main process 2 s after the ${label} tickets' backlog was folded, garbage not collected (the figure read before 3 December)`,
        value: memory.rssUncollected / MB,
        unit: 'MB',
        baseline: memory.rss / MB,
        baselineLabel: 'same process, at rest after a garbage collection',
        target: '—',
        met: null,
      },
      {
        figure: `renderer JS heap with ${label} open tickets`,
        value: memory.heap / MB,
        unit: 'MB',
        baseline: memory.heapEmpty / MB,
        baselineLabel: 'same page, empty board',
        target: '—',
        met: null,
      },
    ];
    return rows;
  } finally {
    await board.feed.close();
    rmSync(board.dataDir, { recursive: true, force: true });
  }
}
