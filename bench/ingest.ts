// Ingest end to end (issue 4) and the main event loop under a burst (issue 8): a
// real socket.io source in a child process (ingest-feed.ts), a real FeedManager
// and Engine writing a fresh SQLite file, against SQLite's raw insert ceiling
// and an idle event loop measured in the same run.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadDefaultPolicy } from '../shared/domain';
import { io } from 'socket.io-client';
import { FEED_NAMESPACE, MAX_EVENTS_PER_BATCH, WIRE, type FeedEvent, type SourceInfo } from '../shared/protocol';
import { sequencedEvents } from '../electron/simulator/jsonl';
import Database from 'better-sqlite3';
import { createCacheFile, Store } from '../electron/core/store/db';
import { Engine } from '../electron/core/ingest/engine';
import { FeedManager } from '../electron/core/feeds/manager';
import { median, type BenchRow } from './table';

export const BENCH_SOURCE: SourceInfo = { id: 'bench-eom', name: 'Bench source', level: 'province' };
export const BENCH_TOKEN = 'bench-token';
export type FeedParentMessage = 'burst' | 'close';
export type FeedChildMessage = { url?: string; headSeq: number };

export interface IngestBenchOptions {
  /** Backlog served at subscribe time. */
  events: number;
  /** Events appended at once to the caught-up client. */
  burst: number;
  runs: number;
}

const SEED = 7;
const START = Date.parse('2026-11-20T00:00:00+08:00');
/** Of the raw insert ceiling and of the socket.io transport ceiling (issue 19). */
const MIN_SHARE_OF_CEILING = 0.5;
const MAX_P99_MS = 20;
const NS_PER_MS = 1e6;

/** The first `count` events of the generator's stream, numbered from 1 as one source numbers them. */
export function benchEvents(count: number): FeedEvent[] {
  const events: FeedEvent[] = [];
  if (count === 0) return events;
  for (const event of sequencedEvents({ seed: SEED, start: START, tickets: Infinity })) {
    events.push(event);
    if (events.length === count) break;
  }
  return events;
}

class FeedChild {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(backlog: number, burst: number): Promise<FeedChild> {
    // fork inherits execArgv, so the child runs under the same tsx loader as this process.
    const child = fork(join(__dirname, 'ingest-feed.ts'), [String(backlog), String(burst)], { stdio: 'inherit' });
    const ready = await FeedChild.message(child);
    if (ready.url === undefined) throw new Error('the bench feed did not announce its url');
    return new FeedChild(child, ready.url);
  }

  private static message(child: ChildProcess): Promise<FeedChildMessage> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the bench feed exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (message: FeedChildMessage) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  }

  /** The source's CPU time so far, ms (its process: the bench's source, not the console). */
  cpuMs(): number {
    return processCpuMs(`/proc/${this.child.pid}/stat`);
  }

  /** Asks the source to append the burst; resolves with the new head seq. */
  async burst(): Promise<number> {
    const answer = FeedChild.message(this.child);
    this.child.send('burst' satisfies FeedParentMessage);
    return (await answer).headSeq;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send('close' satisfies FeedParentMessage);
    await exited;
  }
}

function appliedUpTo(manager: FeedManager, seq: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = manager.onChange((status) => {
      if ((status.sources[0]?.appliedSeq ?? 0) < seq) return;
      stop();
      resolve();
    });
  });
}

/** utime + stime of a /proc stat file (a process's or one thread's), in ms. */
function processCpuMs(statFile: string): number {
  // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th of them.
  const fields = readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Linux's USER_HZ, what /proc counts CPU time in. */
const CLOCK_TICKS_PER_SECOND = 100;

const p99Ms = (histogram: ReturnType<typeof monitorEventLoopDelay>) => histogram.percentile(99) / NS_PER_MS;

/** This process's main thread, whose id is the process's. */
const MAIN_THREAD_STAT = `/proc/self/task/${process.pid}/stat`;

interface IngestRun {
  eventsPerSecond: number;
  burstP99Ms: number;
  idleP99Ms: number;
  /** The cache file (and its WAL) per ticket, once every event is in. */
  bytesPerTicket: number;
  /** Its raw events' JSON per ticket, as received. */
  rawBytesPerTicket: number;
  /** `noc rebuild` of that cache, per ticket. */
  rebuildMsPerTicket: number;
  /** Ingesting the same events end to end, per ticket. */
  ingestMsPerTicket: number;
  /** CPU time per event while catching up: the console's main thread, its other threads (feed worker, writer, checkpointer, GC), the source's process. */
  cpuUsPerEvent: { main: number; others: number; source: number };
}

async function ingestRun(options: IngestBenchOptions, dir: string, run: number, after: number): Promise<IngestRun> {
  // A live console's clock: it moves, so running clocks' rows change from one batch to the next.
  const since = Date.now();
  const now = () => after + (Date.now() - since);
  const feed = await FeedChild.start(options.events, options.burst);
  const store = Store.open(join(dir, `ingest-${run}.db`));
  const manager = new FeedManager({
    engine: await Engine.open(store, { policy: loadDefaultPolicy(), now }),
    sources: [{ url: feed.url, id: BENCH_SOURCE.id }],
    tokens: { get: () => BENCH_TOKEN },
    client: 'noc-bench/1',
    now: () => Date.now(),
  });
  try {
    const caughtUp = appliedUpTo(manager, options.events);
    const cpuBefore = { process: process.cpuUsage(), main: processCpuMs(MAIN_THREAD_STAT), source: feed.cpuMs() };
    const started = performance.now();
    manager.start();
    await caughtUp;
    const eventsPerSecond = options.events / ((performance.now() - started) / 1000);
    const { user, system } = process.cpuUsage(cpuBefore.process);
    const mainMs = processCpuMs(MAIN_THREAD_STAT) - cpuBefore.main;
    const perEvent = (ms: number) => (ms * 1000) / options.events;
    const cpuUsPerEvent = { main: perEvent(mainMs), others: perEvent((user + system) / 1000 - mainMs), source: perEvent(feed.cpuMs() - cpuBefore.source) };

    const busy = monitorEventLoopDelay({ resolution: 5 });
    busy.enable();
    const burstStarted = performance.now();
    await appliedUpTo(manager, await feed.burst());
    busy.disable();
    const idle = monitorEventLoopDelay({ resolution: 5 });
    idle.enable();
    await sleep(performance.now() - burstStarted);
    idle.disable();
    await manager.stop();
    const bytes = cacheBytes(join(dir, `ingest-${run}.db`));
    const rebuildStarted = performance.now();
    const { tickets } = await Engine.rebuilt(store, { policy: loadDefaultPolicy(), now });
    const rebuildMs = performance.now() - rebuildStarted;
    const total = options.events + options.burst;
    const rawBytes = benchEvents(total).reduce((sum, event) => sum + Buffer.byteLength(JSON.stringify(event)), 0);
    return {
      eventsPerSecond,
      burstP99Ms: p99Ms(busy),
      idleP99Ms: p99Ms(idle),
      bytesPerTicket: bytes / tickets,
      rawBytesPerTicket: rawBytes / tickets,
      rebuildMsPerTicket: rebuildMs / tickets,
      ingestMsPerTicket: (total / eventsPerSecond) * 1000 / tickets,
      cpuUsPerEvent,
    };
  } finally {
    await manager.stop();
    await feed.close();
    await store.close();
  }
}

interface TransportRun {
  eventsPerSecond: number;
  p99Ms: number;
}

/**
 * The same backlog from the same child source through socket.io into a consumer
 * that only counts the events: what receiving them costs this thread (the
 * frame's UTF-8 decoding and JSON.parse of each wire batch, in one piece), the
 * ceiling of any ingest behind this transport.
 */
async function transportCeiling(events: number): Promise<TransportRun> {
  const feed = await FeedChild.start(events, 0);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  try {
    const started = performance.now();
    loop.enable();
    await new Promise<void>((resolve, reject) => {
      const socket = io(feed.url + FEED_NAMESPACE, { auth: { token: BENCH_TOKEN, client: 'noc-bench/1' }, reconnection: false, forceNew: true, transports: ['websocket'] });
      let received = 0;
      socket.on('connect', () => socket.emit(WIRE.subscribe, { since: 0 }, () => undefined));
      socket.on('connect_error', reject);
      socket.on(WIRE.events, (batch: unknown[]) => {
        received += batch.length;
        if (received < events) return;
        socket.close();
        resolve();
      });
    });
    loop.disable();
    return { eventsPerSecond: events / ((performance.now() - started) / 1000), p99Ms: p99Ms(loop) };
  } finally {
    await feed.close();
  }
}

/**
 * The cache's size once its WAL is copied back: its pages as a reader sees
 * them. The file and the WAL on disk at that moment depend on when the last
 * automatic checkpoint ran, and how far readers let it go.
 */
function cacheBytes(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  } finally {
    db.close();
  }
}

/** Events/s of the raw rows alone into the events table, one transaction per wire batch, on this thread. */
function insertCeiling(events: readonly FeedEvent[], file: string, receivedAt: number): number {
  createCacheFile(file);
  const db = new Database(file);
  try {
    db.pragma('synchronous = NORMAL');
    const rows = events.map((event) => ({
      source: BENCH_SOURCE.id, seq: event.seq, eventId: event.id, ticketId: event.ticketId, at: Date.parse(event.at),
      type: event.type, valid: true, raw: JSON.stringify(event), receivedAt,
    }));
    // The same row and indexes as the console's events table, by a plain prepared statement: the ceiling, not our code.
    const insert = db.prepare(
      `INSERT INTO events (source, seq, event_id, ticket_id, at, type, valid, raw, received_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    );
    const insertBatch = db.transaction((batch: typeof rows) => {
      for (const row of batch) insert.run(row.source, row.seq, row.eventId, row.ticketId, row.at, row.type, row.raw, row.receivedAt);
    });
    const started = performance.now();
    for (let start = 0; start < rows.length; start += MAX_EVENTS_PER_BATCH) insertBatch(rows.slice(start, start + MAX_EVENTS_PER_BATCH));
    return rows.length / ((performance.now() - started) / 1000);
  } finally {
    db.close();
  }
}

export async function benchIngest(options: IngestBenchOptions): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-ingest-'));
  try {
    const ceilings: number[] = [];
    let after = 0;
    {
      const events = benchEvents(options.events + options.burst);
      // The console's clock starts just after the last event, as if it had been following live.
      after = Date.parse(events[events.length - 1]!.at) + 60_000;
      const backlog = events.slice(0, options.events);
      for (let run = 0; run < options.runs; run += 1) ceilings.push(insertCeiling(backlog, join(dir, `ceiling-${run}.db`), after));
    }
    // The generated events go out of scope first: the ingest's heap and GC pauses are then the console's own.
    const runs: IngestRun[] = [];
    const transports: TransportRun[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      transports.push(await transportCeiling(options.events));
      runs.push(await ingestRun(options, dir, run, after));
    }
    const throughput = median(runs.map((run) => run.eventsPerSecond));
    const burstP99 = median(runs.map((run) => run.burstP99Ms));
    const transport = median(transports.map((run) => run.eventsPerSecond));
    const cpu = (part: keyof IngestRun['cpuUsPerEvent']) => median(runs.map((run) => run.cpuUsPerEvent[part]));
    const cores = availableParallelism();
    return [
      {
        figure: `ingest: loopback socket.io source → SQLite with clocks (${options.events.toLocaleString('en')} events)`,
        value: throughput,
        unit: 'events/s',
        baseline: median(ceilings),
        baselineLabel: 'raw insert ceiling',
        target: `≥ ${MIN_SHARE_OF_CEILING}× ceiling`,
        met: throughput >= MIN_SHARE_OF_CEILING * median(ceilings),
      },
      {
        figure: `ingest: the same, against socket.io alone into a no-op consumer (${options.events.toLocaleString('en')} events)`,
        value: throughput,
        unit: 'events/s',
        baseline: transport,
        baselineLabel: 'socket.io transport ceiling',
        target: `≥ ${MIN_SHARE_OF_CEILING}× transport`,
        met: throughput >= MIN_SHARE_OF_CEILING * transport,
      },
      {
        // Why the two rows above are where they are: at half the ceiling's rate the machine's cores have this much CPU
        // time an event, for every thread of the console and the source together.
        figure: `ingest: CPU time an event costs (the console's main thread ${cpu('main').toFixed(1)} µs, its other threads ${cpu('others').toFixed(1)}, the source ${cpu('source').toFixed(1)})`,
        value: cpu('main') + cpu('others') + cpu('source'),
        unit: 'µs',
        baseline: (cores * 1e6) / (MIN_SHARE_OF_CEILING * median(ceilings)),
        baselineLabel: `the ${cores} cores' time an event at ${MIN_SHARE_OF_CEILING}× the raw insert ceiling`,
        target: '—',
        met: null,
      },
      {
        figure: `cache size per 1,000,000 tickets (ingested with their events)`,
        value: median(runs.map((run) => run.bytesPerTicket)) / 1000,
        unit: 'GB',
        baseline: median(runs.map((run) => run.rawBytesPerTicket)) / 1000,
        baselineLabel: 'their events as JSON',
        target: '—',
        met: null,
      },
      {
        figure: `noc rebuild per 1,000,000 tickets`,
        value: median(runs.map((run) => run.rebuildMsPerTicket)) * 1000,
        unit: 's',
        baseline: median(runs.map((run) => run.ingestMsPerTicket)) * 1000,
        baselineLabel: 'ingesting the same events',
        target: '—',
        met: null,
      },
      {
        figure: `main event-loop delay p99 while socket.io alone receives those events`,
        value: median(transports.map((run) => run.p99Ms)),
        unit: 'ms',
        baseline: median(runs.map((run) => run.idleP99Ms)),
        baselineLabel: 'idle loop',
        target: '—',
        met: null,
      },
      {
        figure: `main event-loop delay p99 during a ${options.burst.toLocaleString('en')}-event burst`,
        value: burstP99,
        unit: 'ms',
        baseline: median(runs.map((run) => run.idleP99Ms)),
        baselineLabel: 'idle loop, same length',
        target: `≤ ${MAX_P99_MS} ms`,
        met: burstP99 <= MAX_P99_MS,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
