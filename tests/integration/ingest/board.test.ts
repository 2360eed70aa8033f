import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardRow, ticketDetail as ticketDetailSchema } from '../../../shared/contract';
import type { Policy } from '../../../shared/domain';
import { Engine } from '../../../electron/core/ingest/engine';
import { boardRows, mostUrgentRows } from '../../../electron/core/board/rows';
import { compareUrgency } from '../../../shared/board/urgency';
import { ticketDetail } from '../../../electron/core/board/detail';
import { queryBreaches, type BreachDimension } from '../../../electron/core/board/breaches';
import type { Store } from '../../../electron/core/store/db';
import { generatedEvents, openTemp, policy, SOURCE, START, tempDir } from '../support/cache';

const HOUR = 3_600_000;
const NOW = START + 4 * 24 * HOUR;
const events = generatedEvents(400);
// Halfway through the stream: many tickets open, some closed, later events to ignore.
const CUT = Date.parse(events[Math.floor(events.length / 2)]!.at);

describe('boards and breaches from the cache', () => {
  let dir: ReturnType<typeof tempDir>;
  let cache: Store;
  let engine: Engine;
  let partial: Engine;
  let partialCache: Store;

  beforeAll(async () => {
    dir = tempDir('board');
    cache = openTemp(dir);
    engine = await Engine.open(cache, { policy, now: () => NOW });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    await engine.ingest(SOURCE.id, events);
    await engine.flushed();
    // The same source as it stood at CUT: only the events that had happened by then.
    partialCache = openTemp(dir, 'partial.db');
    partial = await Engine.open(partialCache, { policy, now: () => CUT });
    partial.registerSource(SOURCE, 'http://127.0.0.1:1');
    await partial.ingest(SOURCE.id, events.filter((e) => Date.parse(e.at) <= CUT));
    await partial.flushed();
  });
  afterAll(async () => {
    await cache.close();
    await partialCache.close();
    dir.remove();
  });

  it('lists each board complete, sorted breached first then by due time', () => {
    for (const level of ['group', 'province'] as const) {
      const rows = boardRows(engine, level, CUT);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(boardRow.parse(row)).toEqual(row);
        expect(row.boards).toContain(level);
        expect(row.sourceName).toBe(SOURCE.name);
        if (row.customer && level === 'group') expect(row.customer.tier).toBe('group');
      }
      expect([...rows].sort((a, b) => compareUrgency(a, b, CUT))).toEqual(rows);
    }
    const flags = boardRows(engine, 'group', CUT).map((row) => (row.clocks.some((c) => c.state === 'breached') ? 1 : 0));
    expect(flags).toEqual([...flags].sort((a, b) => b - a));
    expect(flags).toContain(1);
  });

  it("builds only a board's most urgent rows for a first paint: the same rows as the head of the whole list, and its count", () => {
    for (const level of ['group', 'province'] as const) {
      const whole = boardRows(engine, level, CUT);
      for (const first of [1, 7, whole.length + 5]) {
        expect(mostUrgentRows(engine, level, CUT, first)).toEqual({ rows: whole.slice(0, first), total: whole.length });
      }
    }
  });

  it('shows a board as it stood at a past time, as if later events had not arrived', () => {
    for (const level of ['group', 'province'] as const) {
      expect(boardRows(engine, level, CUT)).toEqual(boardRows(partial, level, CUT));
    }
  });

  it('filters rows by city, tier and text', () => {
    const all = boardRows(engine, 'province', CUT);
    const city = all[0]!.city!;
    const byCity = boardRows(engine, 'province', CUT, { cities: [city] });
    expect(byCity.length).toBeGreaterThan(0);
    expect(byCity.every((row) => row.city === city)).toBe(true);
    expect(boardRows(engine, 'province', CUT, { text: all[0]!.ticketId })).toEqual([all[0]]);
  });

  it('details a ticket in the contract shape', () => {
    const [row] = boardRows(engine, 'group', CUT);
    const detail = ticketDetail(engine, { source: row!.source, ticketId: row!.ticketId }, CUT);
    expect(ticketDetailSchema.parse(detail)).toEqual(detail);
    expect(detail.row).toEqual(row);
    expect(detail.timeline.every((entry) => entry.at <= CUT)).toBe(true);
    expect(() => ticketDetail(engine, { source: SOURCE.id, ticketId: 'nope' }, CUT)).toThrow(/no ticket nope/);
  });

  const windows = [
    [START, NOW],
    [START, CUT],
    [CUT - 3 * HOUR, CUT + 2 * HOUR],
  ];
  const groupings: BreachDimension[][] = [['city', 'clock'], ['city', 'hour'], ['service', 'tier']];

  it('counts breaches from stored clocks exactly as from folding the events', () => {
    const refold = { ...policy, version: `${policy.version}-refold` };
    for (const [from, to] of windows) {
      for (const by of groupings) {
        const stored = queryBreaches(cache, { from: from!, to: to!, by, policy });
        const folded = queryBreaches(cache, { from: from!, to: to!, by, policy: refold });
        expect(stored.cells).toEqual(folded.cells);
        // The overruns too: the stored clocks of re-folded tickets are taken back out of their cells' lists.
        const withOverruns = (p: Policy) =>
          queryBreaches(cache, { from: from!, to: to!, by, policy: p, overruns: true }).cells.map((c) => ({ ...c, overrunsMs: [...(c.overrunsMs ?? [])].sort((a, b) => a - b) }));
        expect(withOverruns(policy)).toEqual(withOverruns(refold));
        expect(stored.cells.reduce((n, c) => n + c.total, 0)).toBeGreaterThan(0);
        expect(stored.cells.reduce((n, c) => n + c.breached, 0)).toBeGreaterThan(0);
      }
    }
  });

  it('counts a past period the same whether or not later events have arrived', () => {
    const by: BreachDimension[] = ['city', 'clock'];
    const from = CUT - 6 * HOUR;
    expect(queryBreaches(cache, { from, to: CUT, by, policy }).cells).toEqual(
      queryBreaches(partialCache, { from, to: CUT, by, policy }).cells,
    );
  });

  it('refuses a reversed period and an unknown dimension', () => {
    expect(() => queryBreaches(cache, { from: NOW, to: START, by: ['city'], policy })).toThrow(/before/);
    expect(() => queryBreaches(cache, { from: START, to: NOW, by: ['colour' as BreachDimension], policy })).toThrow(/unknown dimension/);
  });
});
