// Many consoles, one truth (issue 14): a progress report sent on console A
// clears the due state on console B's board, through the source's echo. Two
// cores with two caches on one real protocol-1.1 source (the simulator's, in
// this process: the round trip crosses its socket twice per report), against
// the plain socket.io round trip of one acknowledged message measured in the
// same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { loadDefaultPolicy } from '../shared/domain';
import { reportDue } from '../shared/reports';
import { toShanghaiIso } from '../shared/time';
import { boardRows } from '../electron/core/board/rows';
import { FeedManager } from '../electron/core/feeds/manager';
import { Engine } from '../electron/core/ingest/engine';
import { chromiumPdfPrinter } from '../electron/core/pdf';
import { feedTransport } from '../electron/core/reports/sender';
import { ReportService } from '../electron/core/reports/service';
import { ReportTemplates } from '../electron/core/reports/templates';
import { Store } from '../electron/core/store/db';
import type { DraftEvent } from '../electron/simulator/draft';
import { startFeedServer, type FeedServer } from '../electron/simulator/server';
import { percentile, type BenchRow } from './table';

const SOURCE = { id: 'bench-group', name: 'Bench group source', level: 'group' as const };
const TOKEN = 'bench-echo-token';
const MAX_P95_MS = 250;

/** `count` group-tier faults opened a quarter of an hour ago: each owes its first progress report. */
function openFaults(count: number, now: number): DraftEvent[] {
  const at = (minutesAgo: number) => toShanghaiIso(now - minutesAgo * 60_000);
  return Array.from({ length: count }, (_, i): DraftEvent[] => {
    const ticketId = `JS-NJ-BENCH-${String(i + 1).padStart(4, '0')}`;
    return [
      {
        id: `${ticketId}-1`,
        ticketId,
        type: 'created',
        at: at(15),
        data: {
          customer: { id: `C-${i}`, name: `客户 ${i + 1}`, tier: 'group' },
          circuit: { id: `NJ-${i}`, level: 'AAA' },
          service: 'mpls-vpn',
          city: '南京',
          channel: 'group-one-stop',
          title: '专线中断',
          faultLevel: 2,
        },
      },
      { id: `${ticketId}-2`, ticketId, type: 'dispatched', at: at(10), data: { center: 'support', handler: '王建国' } },
    ];
  }).flat();
}

interface Console {
  engine: Engine;
  feeds: FeedManager;
  store: Store;
  close(): Promise<void>;
}

async function openConsole(dir: string, name: string, server: FeedServer): Promise<Console> {
  const store = Store.open(join(dir, `${name}.db`));
  const engine = await Engine.open(store, { policy: loadDefaultPolicy(), now: () => Date.now() });
  const feeds = new FeedManager({
    engine,
    sources: [{ id: SOURCE.id, url: server.url, name: SOURCE.name }],
    tokens: { get: () => TOKEN },
    client: `bench-${name}`,
    now: () => Date.now(),
  });
  feeds.start();
  await new Promise<void>((resolve) => {
    const caughtUp = () => feeds.status().sources.some((s) => s.state === 'connected' && s.appliedSeq >= server.headSeq());
    if (caughtUp()) return resolve();
    const stop = feeds.onChange(() => {
      if (!caughtUp()) return;
      stop();
      resolve();
    });
  });
  return {
    engine,
    feeds,
    store,
    async close() {
      await feeds.stop();
      await engine.flushed();
      await store.close();
    },
  };
}

/** Milliseconds from a click on A until B's board no longer shows the ticket's progress report due. */
async function echoRoundTrips(reports: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-echo-'));
  const server = await startFeedServer({ source: SOURCE, token: TOKEN });
  server.append(openFaults(reports, Date.now()));
  const a = await openConsole(dir, 'desk', server);
  const b = await openConsole(dir, 'wall', server);
  const printer = chromiumPdfPrinter();
  const service = new ReportService({
    engine: a.engine,
    transport: feedTransport(a.feeds),
    printer,
    templates: new ReportTemplates(),
    now: () => Date.now(),
    consoleName: () => 'desk-duty',
  });
  service.start();
  const samples: number[] = [];
  try {
    const keys = boardRows(b.engine, 'group', Date.now()).map((row) => ({ source: row.source, ticketId: row.ticketId }));
    for (const key of keys) {
      const cleared = new Promise<void>((resolve) => {
        const stop = b.engine.onChange((changed) => {
          if (!changed.includes(`${key.source}:${key.ticketId}`)) return;
          const row = boardRows(b.engine, 'group', Date.now()).find((r) => r.ticketId === key.ticketId);
          if (row && !reportDue(row, 'progress').due) {
            stop();
            resolve();
          }
        });
      });
      const started = performance.now();
      await service.send(key, 'progress', { operator: '张晓华', locale: 'zh-CN' });
      await cleared;
      samples.push(performance.now() - started);
    }
  } finally {
    await service.stop();
    await printer.close();
    await b.close();
    await a.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return samples;
}

/** The plain socket.io round trip: one message acknowledged by a server on loopback. */
async function socketRoundTrips(count: number): Promise<number[]> {
  const http = createServer();
  const ioServer = new Server(http);
  ioServer.on('connection', (socket) => socket.on('ping', (_payload: unknown, ack: (answer: string) => void) => ack('pong')));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await client.emitWithAck('ping', { i });
    samples.push(performance.now() - started);
  }
  client.close();
  await ioServer.close();
  return samples;
}

export async function benchEcho(options: { reports: number }): Promise<BenchRow[]> {
  const echo = await echoRoundTrips(options.reports);
  const plain = await socketRoundTrips(Math.max(50, options.reports));
  const row = (share: number, label: string): BenchRow => {
    const value = percentile(echo, share);
    const baseline = percentile(plain, share);
    return {
      figure: `echo round trip ${label} (report on console A → due cleared on console B's board, two caches, ${echo.length} reports)`,
      value,
      unit: 'ms',
      baseline,
      baselineLabel: `plain socket.io round trip ${label}, loopback`,
      target: share === 0.95 ? `< ${MAX_P95_MS} ms` : '—',
      met: share === 0.95 ? value < MAX_P95_MS : null,
    };
  };
  return [row(0.5, 'p50'), row(0.95, 'p95')];
}
