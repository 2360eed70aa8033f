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
import { BOARD_PAINTED_MARK } from '../shared/contract';
import type { DraftEvent } from '../electron/simulator/draft';
import { generateTickets } from '../electron/simulator/generator';
import { startFeedServer, type FeedServer } from '../electron/simulator/server';
import { CENTERS, type SourceInfo } from '../shared/protocol';
import { toShanghaiIso } from '../shared/time';
import { median, percentile, type BenchRow } from './table';

// A plain CommonJS helper shared with scripts/start.mjs and the Electron tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findElectron } = require('../scripts/electron-binary.cjs') as { findElectron(): { path: string | null; reason?: string } };

const ROOT = resolve(__dirname, '..');
const CHROMIUM_PATH = process.env.NOC_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SOURCE: SourceInfo = { id: 'bench-screen', name: '压测源', level: 'group' };
const TOKEN_ENV = 'NOC_BENCH_SCREEN_TOKEN';
const TOKEN = 'bench-screen-token';
const HOUR = 3_600_000;
const FRAME_MS = 1000 / 60;
/** A rAF interval this long means at least one 60 Hz frame was not produced. */
const DROPPED_MS = 25;
const GRID = '[data-testid="grid-group"]';

interface Sizes {
  tickets: number;
  rate: number;
  latencySeconds: number;
  scrollMs: number;
  coldRuns: number;
}

/**
 * Generated tickets made group tier and cut before they are repaired (and
 * before now), so every one stays open on the group board; the live events
 * then land on tickets whose lifecycles are real.
 */
function openGroupBacklog(count: number, now: number): { drafts: DraftEvent[]; ticketIds: string[] } {
  const tickets = generateTickets({ seed: 85, start: now - 6 * HOUR, count, ticketsPerHour: count / 4, burstsPerDay: 0 });
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

interface Sent {
  key: string;
  at: number;
}

/**
 * Live upstream traffic that changes what the row shows (stage, centre,
 * handler, the accept clock): each ticket is transferred, then accepted, then
 * transferred again, round-robin over the tickets, so one ticket's events are
 * tickets/rate seconds apart and each painted key matches one event.
 */
class Traffic {
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

interface ConsoleProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The built web mode (out/main/serve.js, as `npm run serve` runs it) run by node itself, so its pid is the server's. */
async function startConsole(dataDir: string): Promise<ConsoleProcess> {
  const child: ChildProcess = spawn(process.execPath, ['out/main/serve.js', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, [TOKEN_ENV]: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /web mode: (http:\S+)/.exec(out);
      if (match) done(match[1]!);
    });
    child.once('exit', (code) => fail(new Error(`the web server exited (${code}) before listening: ${errors}`)));
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

function residentBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

const launchChromium = () => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // tsx compiles this file with keepNames, which wraps the page-side functions below in a helper the page lacks.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  return context;
}

// The page's side, typed by hand: the bench compiles without the DOM library.
interface Scroller {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
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
  await page.waitForFunction(
    ([want]) => (globalThis as unknown as PageScope).document.querySelector('[data-testid="count-total"] b')?.textContent === want,
    [String(total)],
    { timeout, polling: 250 },
  );
}

/** rAF intervals over a scripted scroll of the grid from top to bottom. */
async function scrollFrames(page: Page, ms: number): Promise<{ frames: number; dropped: number }> {
  return page.evaluate(
    ([selector, duration, limit]) =>
      new Promise<{ frames: number; dropped: number }>((done) => {
        const scope = globalThis as unknown as PageScope;
        const viewport = scope.document.querySelector(selector);
        if (!viewport || viewport.scrollHeight <= viewport.clientHeight) throw new Error(`nothing to scroll in ${selector}`);
        viewport.scrollTop = 0;
        const intervals: number[] = [];
        let start = -1;
        let last = 0;
        const step = (time: number) => {
          if (start < 0) start = time;
          else intervals.push(time - last);
          last = time;
          const progress = Math.min(1, (time - start) / duration);
          viewport.scrollTop = progress * (viewport.scrollHeight - viewport.clientHeight);
          if (progress < 1) scope.requestAnimationFrame(step);
          else done({ frames: intervals.length, dropped: intervals.filter((interval) => interval > limit).length });
        };
        // Start from a frame where the jump to the top has been drawn.
        scope.requestAnimationFrame(() => scope.requestAnimationFrame(step));
      }),
    [`${GRID} .ag-grid-viewport`, ms, DROPPED_MS] as const,
  );
}

/** Collects every painted-board mark from now on (the renderer keeps only the latest in the timeline). */
async function observePaints(page: Page): Promise<void> {
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

/** Each sent event's latency: from its append to the first paint of its key after it, in wall-clock ms. */
async function matchPaints(page: Page, sent: readonly Sent[]): Promise<number[]> {
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
  if (latencies.length < sent.length * 0.99) {
    throw new Error(`only ${latencies.length} of ${sent.length} events reached the screen`);
  }
  return latencies;
}

async function openGroupBoard(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/group`);
}

/** Web mode from nothing: the server on a prepared data dir, then Chromium, until a board row shows. */
async function coldStartWeb(dataDir: string): Promise<number> {
  const started = performance.now();
  const server = await startConsole(dataDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await openGroupBoard(page, server.url);
    await page.locator(`${GRID} .ag-row`).first().waitFor({ state: 'visible', timeout: 60_000 });
    return performance.now() - started;
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** The floor of any web-mode start: Chromium launched and a static blank page painted. */
async function coldStartBlank(): Promise<number> {
  const started = performance.now();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto('data:text/html,<!doctype html><title>blank</title><p>blank</p>');
    await page.evaluate(() => new Promise((done) => (globalThis as unknown as PageScope).requestAnimationFrame(() => setTimeout(done, 0))));
    return performance.now() - started;
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

export async function benchScreen({ smoke }: { smoke: boolean }): Promise<BenchRow[]> {
  const sizes: Sizes = smoke
    ? { tickets: 200, rate: 100, latencySeconds: 2, scrollMs: 1000, coldRuns: 1 }
    : { tickets: 10_000, rate: 1000, latencySeconds: 15, scrollMs: 3000, coldRuns: 3 };
  const label = sizes.tickets.toLocaleString('en');
  // The renderer under test is the one in the tree, not whatever was built last.
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`electron-vite build failed: ${build.stderr}`);

  const { drafts, ticketIds } = openGroupBacklog(sizes.tickets, Date.now());
  const feed = await startFeedServer({ source: SOURCE, token: TOKEN });
  const dataDir = mkdtempSync(join(tmpdir(), 'noc-bench-screen-'));
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({ sources: [{ id: SOURCE.id, name: SOURCE.name, url: feed.url, level: SOURCE.level, tokenEnv: TOKEN_ENV }] }),
  );
  const traffic = new Traffic(feed, ticketIds);
  try {
    const server = await startConsole(dataDir);
    const browser = await launchChromium();
    let memory: { rss: number; rssEmpty: number; heap: number; heapEmpty: number };
    let latencies: number[];
    let scroll: { paused: { frames: number; dropped: number }; live: { frames: number; dropped: number } };
    try {
      const context = await newContext(browser);
      const page = await context.newPage();
      await openGroupBoard(page, server.url);
      await page.getByTestId('empty-state').waitFor({ timeout: 30_000 });
      await until(() => feed.connectedClients() > 0, 30_000, 'the console never connected to the bench source');
      await settle(page, 1000);
      const rssEmpty = residentBytes(server.pid);
      const heapEmpty = await heapUsed(context, page);

      feed.append(drafts);
      await waitForTotal(page, sizes.tickets, 120_000);
      await page.locator(`${GRID} .ag-row`).first().waitFor();
      await settle(page, 2000);
      memory = { rss: residentBytes(server.pid), rssEmpty, heap: await heapUsed(context, page), heapEmpty };

      const paused = await scrollFrames(page, sizes.scrollMs);
      const sent: Sent[] = [];
      await observePaints(page);
      await traffic.run(sizes.rate, sizes.latencySeconds * 1000, sent);
      await settle(page, 1500);
      latencies = await matchPaints(page, sent);

      // Updates flow from a second before the scroll until it ends, so it scrolls through a steady stream.
      const flowing = traffic.run(sizes.rate, sizes.scrollMs + 2000);
      await settle(page, 1000);
      const live = await scrollFrames(page, sizes.scrollMs);
      await flowing;
      scroll = { paused, live };
    } finally {
      await browser.close();
      await server.stop();
    }

    // Cold starts alternate with their baseline, so both see the same machine load.
    const cold: number[] = [];
    const blank: number[] = [];
    for (let run = 0; run < sizes.coldRuns; run += 1) {
      blank.push(await coldStartBlank());
      cold.push(await coldStartWeb(dataDir));
    }
    const electron = findElectron() as { path: string | null; reason?: string };
    const electronCold: number[] = [];
    if (electron.path) for (let run = 0; run < sizes.coldRuns; run += 1) electronCold.push(await coldStartElectron(electron.path, dataDir));

    const p95 = percentile(latencies, 0.95);
    const blankMedian = median(blank);
    const rows: BenchRow[] = [
      {
        figure: `event → screen latency p50 (group board, ${label} open tickets, ${sizes.rate} events/s, Chromium web mode)`,
        value: percentile(latencies, 0.5),
        unit: 'ms',
        baseline: FRAME_MS,
        baselineLabel: 'one 60 Hz frame (physical limit)',
        target: '—',
        met: null,
      },
      {
        figure: `event → screen latency p95 (group board, ${label} open tickets, ${sizes.rate} events/s, Chromium web mode)`,
        value: p95,
        unit: 'ms',
        baseline: FRAME_MS,
        baselineLabel: 'one 60 Hz frame (physical limit)',
        target: '< 250 ms',
        met: p95 < 250,
      },
      {
        figure: `frames dropped while scrolling the board (${label} tickets, ${sizes.scrollMs / 1000} s scroll, ${sizes.rate} events/s; of ${scroll.live.frames} frames)`,
        value: scroll.live.dropped,
        unit: 'frames',
        baseline: scroll.paused.dropped,
        baselineLabel: `same scroll, updates paused (of ${scroll.paused.frames} frames)`,
        target: '≤ paused + 3',
        met: scroll.live.dropped <= scroll.paused.dropped + 3,
      },
      {
        figure: `cold start to first board painted (web mode, ${label} tickets cached, median of ${sizes.coldRuns})`,
        value: median(cold),
        unit: 'ms',
        baseline: blankMedian,
        baselineLabel: 'Chromium launch + static blank page painted',
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
        figure: `resident memory: main process (web mode) with ${label} open tickets`,
        value: memory.rss / MB,
        unit: 'MB',
        baseline: memory.rssEmpty / MB,
        baselineLabel: 'same process, empty cache',
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
    await feed.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
