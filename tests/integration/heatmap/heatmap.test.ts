import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { clocksAt, SHANGHAI_OFFSET_MS } from '../../../shared/domain';
import { HEATMAP_GROUPINGS, requests, type HeatmapGrouping, type HeatmapResult } from '../../../shared/contract';
import { toShanghaiIso } from '../../../shared/time';
import { DAY_MS } from '../../../shared/heatmap/period';
import { Engine } from '../../../electron/core/ingest/engine';
import type { Store } from '../../../electron/core/store/db';
import { axisKey, breachedClocksByCell, DIMENSIONS_OF, heatmapQuery, median } from '../../../electron/core/heatmap/heatmap';
import { drillQuery } from '../../../electron/core/heatmap/drill';
import { heatmapHandlers } from '../../../electron/core/heatmap/handlers';
import { queryBreaches } from '../../../electron/core/board/breaches';
import { stateFromStore } from '../../../electron/core/ingest/tickets';
import { generatedEvents, openTemp, policy, sql, SOURCE, START, tempDir } from '../support/cache';

const ROOT = resolve(__dirname, '../../..');
const NOC = resolve(ROOT, 'electron/cli/noc.ts');
const HOUR = 3_600_000;
const all = generatedEvents(900, 11);
// The cache stands where the feed had got to at NOW: the last tickets are still open.
const NOW = Date.parse(all[Math.floor(all.length * 0.8)]!.at);
const events = all.filter((event) => Date.parse(event.at) <= NOW);
const CUT = Date.parse(events[Math.floor(events.length / 2)]!.at);

// A whole history, a period ending mid-stream (later events must not count),
// a few hours around that cut, and a calendar day.
const PERIODS: [string, number, number][] = [
  ['everything', START, NOW],
  ['up to the cut', START, CUT],
  ['around the cut', CUT - 5 * HOUR, CUT + 3 * HOUR],
  ['one Shanghai day', START + 24 * HOUR, START + 48 * HOUR],
];

const run = promisify(execFile);

async function nocBreaches(db: string, from: number, to: number, by: HeatmapGrouping) {
  const args = ['--import', 'tsx', NOC, 'breaches', '--db', db, '--from', toShanghaiIso(from), '--to', toShanghaiIso(to), '--by', by, '--json'];
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as { cells: ({ total: number; breached: number } & Record<string, string | number | null>)[] };
}

function nonEmpty(map: HeatmapResult) {
  return map.cells
    .filter((cell) => cell.total > 0)
    .map((cell) => ({ row: cell.row, col: cell.col, total: cell.total, breached: cell.breached }))
    .sort((a, b) => (a.row + a.col < b.row + b.col ? -1 : 1));
}

describe('breach heatmaps', () => {
  let dir: ReturnType<typeof tempDir>;
  let cache: Store;
  let engine: Engine;

  beforeAll(async () => {
    dir = tempDir('heatmap');
    cache = openTemp(dir);
    engine = await Engine.open(cache, { policy, now: () => NOW });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    await engine.ingest(SOURCE.id, events);
    await engine.flushed();
    // Tickets still open at NOW keep running clocks: some will breach only in the future.
    expect(engine.openTicketsAt(NOW).length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await cache.close();
    dir.remove();
  });

  const ctx = () => ({ store: cache, policy });

  it.each(PERIODS)('shows the numbers `noc breaches` prints for %s, in every grouping', async (_name, from, to) => {
    for (const by of HEATMAP_GROUPINGS) {
      const map = heatmapQuery(ctx(), { from, to, by });
      requests['heatmap:query'].result.parse(map);
      const printed = await nocBreaches(cache.file, from, to, by);
      const [rowDim, colDim] = DIMENSIONS_OF[by];
      const fromCli = printed.cells
        .map((cell) => ({ row: axisKey(rowDim, cell[rowDim]), col: axisKey(colDim, cell[colDim]), total: cell.total, breached: cell.breached }))
        .sort((a, b) => (a.row + a.col < b.row + b.col ? -1 : 1));
      expect(nonEmpty(map)).toEqual(fromCli);
      expect(map.cells).toHaveLength(map.rows.length * map.cols.length);
      expect(map.total).toBe(fromCli.reduce((n, c) => n + c.total, 0));
    }
  }, 120_000);

  it('has breaches, zero cells and empty cells, told apart', () => {
    const map = heatmapQuery(ctx(), { from: START, to: NOW, by: 'city,hour' });
    expect(map.breached).toBeGreaterThan(0);
    expect(map.cells.some((c) => c.total > 0 && c.breached === 0 && c.rate === 0)).toBe(true);
    for (const cell of map.cells) {
      if (cell.total === 0) expect([cell.rate, cell.medianOverrunMs]).toEqual([null, null]);
      else expect(cell.rate).toBeCloseTo(cell.breached / cell.total, 12);
      if (cell.breached > 0) expect(cell.medianOverrunMs).toBeGreaterThan(0);
    }
    // The calendar has a row for every day of the period, with or without clocks.
    const calendar = heatmapQuery(ctx(), { from: START - 2 * 24 * HOUR, to: NOW, by: 'day,hour' });
    expect(calendar.rows[0]).toBe(toShanghaiIso(START - 2 * 24 * HOUR).slice(0, 10));
    expect(calendar.cells.filter((c) => c.row === calendar.rows[0]).every((c) => c.total === 0)).toBe(true);
  });

  it('drills down to exactly the breached clocks a cell counts, each breached at the period end', () => {
    for (const [, from, to] of PERIODS.slice(1)) {
      for (const by of HEATMAP_GROUPINGS) {
        const map = heatmapQuery(ctx(), { from, to, by });
        const hot = map.cells.filter((cell) => cell.breached > 0);
        expect(hot.length).toBeGreaterThan(0);
        for (const cell of hot.slice(0, 6)) {
          const drill = drillQuery(engine, { from, to, by, row: cell.row, col: cell.col, limit: 5000 });
          requests['heatmap:drill'].result.parse(drill);
          expect(drill.breached).toBe(cell.breached);
          expect(drill.truncated).toBe(false);
          expect(drill.tickets.reduce((n, t) => n + t.clocks.length, 0)).toBe(cell.breached);
          expect(new Set(drill.tickets.map((t) => t.row.key)).size).toBe(drill.tickets.length);
          for (const ticket of drill.tickets) {
            // Independently of the store: fold the ticket's events up to `to` and look at the listed clocks.
            const found = engine.ticketAt({ source: ticket.row.source, ticketId: ticket.row.ticketId }, to)!;
            const clocks = clocksAt(found.state.fold, [], policy, to).clocks;
            for (const listed of ticket.clocks) {
              const clock = clocks.find((c) => c.name === listed.name && c.index === listed.index)!;
              expect(['breached', 'metLate']).toContain(clock.state);
              expect(clock.startedAt! >= from && clock.startedAt! < to).toBe(true);
            }
          }
        }
      }
    }
  }, 120_000);

  it('takes each median overrun over exactly the breached clocks the drill-down lists', () => {
    for (const [, from, to] of PERIODS) {
      for (const by of HEATMAP_GROUPINGS) {
        const listed = new Map<string, number[]>();
        for (const { row, col, clock } of breachedClocksByCell(ctx(), { from, to, by })) {
          listed.set(`${row}|${col}`, [...(listed.get(`${row}|${col}`) ?? []), clock.overrunMs]);
        }
        for (const cell of heatmapQuery(ctx(), { from, to, by }).cells.filter((c) => c.total > 0)) {
          expect(cell.medianOverrunMs).toBe(median(listed.get(`${cell.row}|${cell.col}`) ?? []) ?? 0);
        }
      }
    }
  });

  it("counts the tickets' statistics per city and day exactly as their clocks and facts hold them", () => {
    // The join the statistics ran before migration 0005 copied these columns into the tickets row; the
    // satisfaction, from the ticket folded from its events (the row no longer keeps its facts, migration 0010).
    const FROM_CLOCKS = `SELECT c.source, c.ticket_id, c.city, c.started_at, a.stopped_at AS accepted_at, c.stopped_at AS repaired_at
      FROM clocks c LEFT JOIN clocks a ON a.source = c.source AND a.ticket_id = c.ticket_id AND a.name = 'accept' AND a.idx = 0
      WHERE c.started_at >= @from AND c.started_at < @to AND c.name = 'repair' AND c.idx = 0`;
    interface FromClocks {
      source: string;
      ticket_id: string;
      city: string | null;
      started_at: number;
      accepted_at: number | null;
      repaired_at: number | null;
    }
    const ascending = (values: number[]) => values.sort((a, b) => a - b);
    for (const [, from, to] of PERIODS) {
      const expected = new Map<string, { city: string | null; day: number; counts: number[]; responses: number[] }>();
      cache.read((reads) => {
        for (const row of sql<FromClocks>(cache, FROM_CLOCKS, { from, to })) {
          const { satisfaction } = stateFromStore(reads, { source: row.source, ticketId: row.ticket_id }).fold.facts;
          const day = Math.floor((row.started_at + SHANGHAI_OFFSET_MS) / DAY_MS);
          const cell = expected.get(`${row.city}|${day}`) ?? { city: row.city, day, counts: [0, 0, 0, 0], responses: [] };
          const counted = [1, row.repaired_at !== null && row.repaired_at <= to, satisfaction !== null, satisfaction === 'satisfied'];
          counted.forEach((yes, i) => (cell.counts[i]! += Number(yes)));
          if (row.accepted_at !== null && row.accepted_at <= to) cell.responses.push(row.accepted_at - row.started_at);
          expected.set(`${row.city}|${day}`, cell);
        }
      });
      const read = cache
        .read((reads) => reads.statistics.countsOfPeriod({ from, to }, { hourly: false }))
        .map(([city, day, , tickets, resolved, callbacks, satisfied, responses]) => ({
          city, day, counts: [tickets, resolved, callbacks, satisfied], responses: ascending([...responses]),
        }));
      const order = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).sort();
      expect(expected.size).toBeGreaterThan(0);
      expect(order(read)).toEqual(order([...expected.values()].map((cell) => ({ ...cell, responses: ascending(cell.responses) }))));
    }
  });

  it('answers through its handlers: stats agree with the breach counting, CSV holds every cell', async () => {
    const handlers = heatmapHandlers({ engine, now: () => NOW });
    const context = { caller: 'test' };
    for (const [, from, to] of PERIODS) {
      const stats = requests['stats:query'].result.parse(await handlers['stats:query']({ from, to }, context));
      const byClock = queryBreaches(cache, { from, to, by: ['clock'], policy }).cells;
      expect(stats.overall.clocks.map((c) => [c.name, c.total, c.breached])).toEqual(
        byClock.map((c) => [c.clock, c.total, c.breached]).sort((a, b) => stats.overall.clocks.findIndex((k) => k.name === a[0]) - stats.overall.clocks.findIndex((k) => k.name === b[0])),
      );
      // Tickets accepted in the period: one repair clock each.
      expect(stats.overall.tickets).toBe(byClock.find((c) => c.clock === 'repair')?.total ?? 0);
      expect(stats.byDay.reduce((n, d) => n + d.tickets, 0)).toBe(stats.overall.tickets);
      // A period of three days or less trends by the hour: every hour it touches, adding up to the whole.
      if (to - from <= 72 * HOUR) {
        expect(stats.byHour.map((h) => h.hourStart)).toEqual(
          Array.from({ length: Math.ceil(to / HOUR) - Math.floor(from / HOUR) }, (_, i) => (Math.floor(from / HOUR) + i) * HOUR),
        );
        expect(stats.byHour.reduce((n, h) => n + h.tickets, 0)).toBe(stats.overall.tickets);
        const hourly = new Map<string, number>();
        for (const hour of stats.byHour) for (const clock of hour.clocks) hourly.set(clock.name, (hourly.get(clock.name) ?? 0) + clock.breached);
        expect(stats.overall.clocks.map((c) => [c.name, hourly.get(c.name) ?? 0])).toEqual(stats.overall.clocks.map((c) => [c.name, c.breached]));
        for (const hour of stats.byHour) expect(hour.hour).toBe(new Date(hour.hourStart + 8 * HOUR).toISOString().slice(0, 13).replace('T', ' ') + ':00');
      } else {
        expect(stats.byHour).toEqual([]);
      }
      expect(stats.byCity.reduce((n, c) => n + c.tickets, 0)).toBe(stats.overall.tickets);
      expect(stats.overall.resolved).toBeLessThanOrEqual(stats.overall.tickets);
      expect(stats.overall.satisfied).toBeLessThanOrEqual(stats.overall.callbacks);
    }
    const full = requests['stats:query'].result.parse(await handlers['stats:query']({ from: START, to: NOW }, context));
    expect(full.overall.callbacks).toBeGreaterThan(0);
    expect(full.overall.responseMedianMs).toBeGreaterThan(0);

    const args = { from: START, to: NOW, by: 'service,tier' as const, locale: 'zh-CN' as const };
    const file = await handlers['heatmap:export-csv'](args, context);
    expect(file.fileName).toMatch(/^超时热力图_业务-等级_\d{4}-\d\d-\d\d_\d{4}\.csv$/);
    const lines = Buffer.from(file.base64, 'base64').toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    const map = heatmapQuery(ctx(), args);
    expect(lines[0]).toBe('业务,客户等级,时限数,超时数,超时率,超时中位时长（分钟）');
    expect(lines).toHaveLength(map.cells.length + 1);
    const counted = lines.slice(1).map((line) => line.split(',').slice(2, 4).map(Number));
    expect(counted).toEqual(map.cells.map((cell) => [cell.total, cell.breached]));
  });
});
