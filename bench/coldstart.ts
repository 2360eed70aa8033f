// A cold start's phases, web mode, on a cache of open group tickets:
//   npx tsx bench/coldstart.ts [--tickets 10000] [--runs 3] [--data-dir DIR] [--before OUT_DIR]
// Each run spawns `node out/main/serve.js` (and, with --before, another build's
// serve.js, alternating, on the same cache and so the same machine load) and
// Chromium together, opens the group board and prints, in ms after the spawn:
// the server listening, the cache open, the first board asked for and answered
// (the core's start marks, shared/contract START_MARKS), the first rows in the
// renderer's store, the first row painted (what bench/screen.ts times), every
// open ticket folded, the whole lists in the renderer, the first alarm on
// screen and the whole alarms in the renderer; then the page's tasks over 50 ms
// while those lists and alarms streamed in (input waits behind each). A
// Chromium launch with a blank page painted, the baseline of the screen bench's
// cold-start row, runs before each. Without --data-dir the cache is filled
// first (as the screen bench does) and its directory printed, to pass again.
import { loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BOARD_PAINTED_MARK, START_MARKS } from '../shared/contract';
import { boardUnderTest, coldStartBlank, firstShownAt, GRID, longTasksBetween, openGroupBoard, recordFirstShown, recordLongTasks, startTogether } from './screen';
import { median } from './table';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    'data-dir': { type: 'string' },
    before: { type: 'string' },
  },
});

type Phases = Record<string, number>;

async function until<T>(read: () => Promise<T | undefined> | T | undefined, timeout: number): Promise<T | undefined> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (value !== undefined || Date.now() > end) return value;
    await new Promise((done) => setTimeout(done, 50));
  }
}

function coreMark(output: string, name: string): number | undefined {
  const match = new RegExp(`start mark ${name} (\\d+)`).exec(output);
  return match ? Number(match[1]) : undefined;
}

/** Whether the renderer `serve` serves (out/main/serve.js beside out/renderer) sets the mark `name`: a build from before it does not. */
function rendererMarks(serve: string, name: string): boolean {
  const assets = join(dirname(serve), '../renderer/assets');
  return readdirSync(assets).some((file) => file.endsWith('.js') && readFileSync(join(assets, file), 'utf8').includes(name));
}

async function coldStartPhases(dataDir: string, serve: string): Promise<Phases> {
  const spawned = Date.now();
  const phases: Phases = {};
  const [server, browser] = await startTogether(dataDir, serve, {
    onServer: () => (phases['server listening'] = Date.now()),
    onBrowser: () => (phases['Chromium launched'] = Date.now()),
  });
  try {
    const page = await browser.newPage();
    // The board's first painted mark (the renderer keeps only its latest in the timeline).
    await page.addInitScript((name) => {
      new PerformanceObserver((list, observer) => {
        const first = list.getEntriesByName(name, 'mark')[0];
        if (!first) return;
        (globalThis as unknown as { firstPainted?: number }).firstPainted = performance.timeOrigin + first.startTime;
        observer.disconnect();
      }).observe({ type: 'mark' });
    }, BOARD_PAINTED_MARK);
    // When the alarm banner first shows an alarm (the cache's group board holds breached tickets). A string:
    // the bench compiles without the DOM's types.
    await page.addInitScript(`new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid="alarm-item"]')) return;
      globalThis.firstAlarm = performance.timeOrigin + performance.now();
      observer.disconnect();
    }).observe(document, { subtree: true, childList: true });`);
    await recordLongTasks(page);
    await recordFirstShown(page, `${GRID} .ag-row`);
    await openGroupBoard(page, server.url, 120_000);
    phases['first row painted (the bench figure)'] = await firstShownAt(page, 120_000);
    const pageMark = (name: string) =>
      page.evaluate((mark) => {
        const entry = performance.getEntriesByName(mark)[0];
        return entry ? performance.timeOrigin + entry.startTime : undefined;
      }, name);
    // A build from before the start marks has none to wait for.
    const marked = server.output().includes('start mark');
    const whole = marked ? await until(() => pageMark(START_MARKS.wholeBoards), 120_000) : undefined;
    const alarms = rendererMarks(serve, START_MARKS.wholeAlarms) ? await until(() => pageMark(START_MARKS.wholeAlarms), 120_000) : undefined;
    const folded = marked ? await until(() => coreMark(server.output(), START_MARKS.ticketsFolded), 60_000) : undefined;
    const output = server.output();
    const streaming = await longTasksBetween(page, phases['first row painted (the bench figure)']!, Math.max(alarms ?? 0, whole ?? 0) || Date.now());
    Object.assign(phases, {
      'cache open': coreMark(output, START_MARKS.cacheOpen),
      'first board asked': coreMark(output, START_MARKS.firstBoardAsked),
      'first board answered': coreMark(output, START_MARKS.firstBoardAnswered),
      'first rows in the renderer': await pageMark(START_MARKS.firstRows),
      'first rows painted (the page\'s own mark)': await page.evaluate(() => (globalThis as unknown as { firstPainted?: number }).firstPainted),
      'open tickets folded': folded,
      'whole lists in the renderer': whole,
      'first alarm on screen': await until(() => page.evaluate(() => (globalThis as unknown as { firstAlarm?: number }).firstAlarm), 60_000),
      'whole alarms in the renderer': alarms,
    });
    for (const name of Object.keys(phases)) phases[name] = phases[name] === undefined ? NaN : phases[name]! - spawned;
    // Not times after the spawn: what the page's thread did while the whole lists and alarms streamed in.
    phases['tasks over 50 ms while the whole lists and alarms stream (count)'] = streaming.length;
    phases['longest of those tasks (ms)'] = Math.max(0, ...streaming);
    return phases;
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  process.env.NOC_START_MARKS = '1';
  let dataDir = values['data-dir'];
  if (!dataDir) {
    const board = await boardUnderTest(Number(values.tickets));
    await board.fill();
    await board.close();
    await board.feed.close();
    dataDir = board.dataDir;
    console.log(`cache of ${values.tickets} open tickets in ${dataDir} (pass --data-dir to reuse it)`);
  }
  const builds: [string, string][] = [['this build', 'out/main/serve.js']];
  if (values.before) builds.unshift(['before', join(resolve(values.before), 'main/serve.js')]);
  const results = new Map<string, Phases[]>(builds.map(([name]) => [name, []]));
  const blank: number[] = [];
  for (let run = 0; run < Number(values.runs); run += 1) {
    for (const [name, serve] of builds) {
      blank.push(await coldStartBlank());
      const phases = await coldStartPhases(dataDir, serve);
      results.get(name)!.push(phases);
      console.log(`run ${run + 1}, ${name}: ${JSON.stringify(Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)])))}`);
    }
  }
  console.log(`\nload average ${loadavg().map((n) => n.toFixed(2)).join(' ')}; blank page baseline median ${median(blank).toFixed(0)} ms (${blank.map((n) => n.toFixed(0)).join(', ')})`);
  const names = Object.keys(results.get(builds[0]![0])![0]!);
  console.log(['phase (ms after spawn, median)', ...builds.map(([name]) => name)].join(' | '));
  for (const phase of names) console.log([phase, ...builds.map(([name]) => median(results.get(name)!.map((p) => p[phase]!)).toFixed(0))].join(' | '));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
