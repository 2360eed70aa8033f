// The breach counts from the rollups (migrations 0009, 0017), the breached
// clocks listed with their overruns (whole days kept by the read connection at
// their versions, migration 0017, and asked between batches too), and the statistics' tickets grouped in
// their index's order (0015) are those of the full query, whatever the stream
// did: events arriving late and out of order (re-folding the past), batches
// cut anywhere, a policy replaced mid-stream (every clock re-projected),
// retention forgetting closed tickets. The full query counts every clock of
// the period from the index; both are checked against the tickets folded from
// their events at the period's end too.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clocksAt, type Policy } from '../../../shared/domain';
import type { FeedEvent } from '../../../shared/protocol';
import { Engine } from '../../../electron/core/ingest/engine';
import { KNOWN_GROUPINGS } from '../../../electron/core/store/breaches';
import { queryBreaches, type BreachQuery } from '../../../electron/core/board/breaches';
import { stateFromStore } from '../../../electron/core/ingest/tickets';
import { generatedEvents, openTemp, policy, sql, SOURCE, tempDir } from '../support/cache';

const HOUR = 3_600_000;
const STREAM = generatedEvents(24, 23);
const FIRST_AT = Date.parse(STREAM[0]!.at);
const LAST_AT = Math.max(...STREAM.map((event) => Date.parse(event.at)));

/** Another policy: shorter limits, so re-projection moves clocks between breached and met. */
const STRICTER: Policy = {
  ...policy,
  version: 'rollup-test-stricter',
  clocks: {
    ...policy.clocks,
    dispatch: { ...policy.clocks.dispatch, limit: { minutes: 5 } },
    accept: { ...policy.clocks.accept, limit: { minutes: 10 } },
    repair: { ...policy.clocks.repair, rules: [], fallback: { hours: 2 } },
  },
};

const instant = fc.integer({ min: FIRST_AT - 6 * HOUR, max: LAST_AT + 30 * HOUR });
const period = fc
  .tuple(instant, fc.integer({ min: 1, max: 4 * 24 * HOUR }))
  .map(([from, length]) => ({ from, to: from + length }));

const scenario = fc.record({
  // Each event moves back in the stream by up to this many places: it arrives late, after events of later `at`.
  delays: fc.array(fc.integer({ min: 0, max: 150 }), { minLength: STREAM.length, maxLength: STREAM.length }),
  cuts: fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 6 }),
  reversed: fc.boolean(),
  // Replace the policy after this many batches (never when beyond the last).
  replaceAfter: fc.integer({ min: 0, max: 8 }),
  now: fc.integer({ min: 0, max: 48 * HOUR }),
  purgeDays: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  periods: fc.array(period, { minLength: 2, maxLength: 3 }),
  // The end of the wide period asked between batches (its whole days are kept by the read connection), or the wide one's.
  midTo: fc.option(instant, { nil: null }),
});

/** Whole days on both sides of the stream, so the read connection keeps days (migration 0017) that later batches change. */
const WIDE = { from: FIRST_AT - 2 * 24 * HOUR, to: LAST_AT + 2 * 24 * HOUR };

/** The stream in arrival order, renumbered as the source would number it. */
function arrival(delays: readonly number[]): FeedEvent[] {
  const order = STREAM.map((event, i) => ({ event, key: i + delays[i]! + i / STREAM.length }));
  order.sort((a, b) => a.key - b.key);
  return order.map(({ event }, i) => ({ ...event, seq: i + 1 }));
}

type Cells = ReturnType<typeof queryBreaches>['cells'];
const sorted = (cells: Cells) =>
  cells.map((cell) => ({ ...cell, ...(cell.overrunsMs ? { overrunsMs: [...cell.overrunsMs].sort((a, b) => a - b) } : {}) }));

/** Each rollup against a recount of the clocks table. */
const RECOUNTS: [string, string][] = [
  [
    'SELECT day, city, name, total FROM clock_counts_city_clock WHERE total <> 0 ORDER BY 1, 2, 3',
    "SELECT (started_at + 28800000) / 86400000, coalesce(city, ''), name, COUNT(*) FROM clocks WHERE started_at IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
  ],
  [
    'SELECT day, service, tier, total FROM clock_counts_service_tier WHERE total <> 0 ORDER BY 1, 2, 3',
    "SELECT (started_at + 28800000) / 86400000, coalesce(service, ''), coalesce(tier, ''), COUNT(*) FROM clocks WHERE started_at IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
  ],
  [
    'SELECT hour, city, total FROM clock_counts_city_hour WHERE total <> 0 ORDER BY 1, 2',
    "SELECT started_at / 3600000, coalesce(city, ''), COUNT(*) FROM clocks WHERE started_at IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
  ],
];

/**
 * What each start day holds that the kept days are read from (migration 0017): its clock rows, and the statistics'
 * columns of the tickets whose repair started on it. A day whose rows change must have a higher version.
 */
function daysWritten(store: Parameters<typeof sql>[0]): Map<number, string> {
  const rows = [
    ...sql<unknown[]>(store, 'SELECT (started_at + 28800000) / 86400000, * FROM clocks WHERE started_at IS NOT NULL ORDER BY source, ticket_id, name, idx'),
    ...sql<unknown[]>(
      store,
      `SELECT (repair_started_at + 28800000) / 86400000, source, ticket_id, city, repair_started_at, accept_stopped_at, repaired_at, satisfaction
       FROM tickets WHERE repair_started_at IS NOT NULL ORDER BY source, ticket_id`,
    ),
  ].map((row) => Object.values(row as object));
  const days = new Map<number, string>();
  for (const [day, ...rest] of rows) days.set(Number(day), `${days.get(Number(day)) ?? ''}${JSON.stringify(rest)}\n`);
  return days;
}
const versionOf = (store: Parameters<typeof sql>[0], day: number) =>
  sql<{ version: number }>(store, 'SELECT version FROM clock_day_versions WHERE day = ?', day)[0]?.version ?? 0;

/** The statistics' counts per city and day (and hour) recounted from the tickets table, with no index. */
const statisticsRecount = (hourly: boolean) => `SELECT city, (repair_started_at + 28800000) / 86400000, ${hourly ? 'repair_started_at / 3600000' : 'NULL'},
    COUNT(*), SUM(repaired_at IS NOT NULL AND repaired_at <= @to), SUM(satisfaction IS NOT NULL), SUM(satisfaction IS 'satisfied'),
    group_concat(CASE WHEN accept_stopped_at <= @to THEN accept_stopped_at - repair_started_at END)
  FROM tickets NOT INDEXED WHERE repair_started_at >= @from AND repair_started_at < @to GROUP BY 1, 2, 3`;
/** Rows in one order, each row's response times (a list, or the recount's text) in ascending order. */
const countsInOrder = (rows: unknown[][]) =>
  rows
    .map((row) => {
      const responses = Array.isArray(row[7]) ? (row[7] as number[]) : row[7] === null ? [] : String(row[7]).split(',').map(Number);
      return JSON.stringify([...row.slice(0, 7), [...responses].sort((a, b) => a - b)]);
    })
    .sort();

describe('breach counts from the rollups', () => {
  const dir = tempDir('rollups');
  afterAll(() => dir.remove());
  let run = 0;

  it('equal the full query and the tickets folded at the period end, on streams with late and reordered events', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const store = openTemp(dir, `run-${run++}.db`);
        const expectFast = (query: BreachQuery) =>
          expect(sorted(queryBreaches(store, query).cells)).toEqual(sorted(queryBreaches(store, { ...query, fullScan: true }).cells));
        const expectStatistics = (period: { from: number; to: number }, hourly: boolean) => {
          const counted = store.read((reads) => reads.statistics.countsOfPeriod(period, { hourly }));
          expect(countsInOrder(counted)).toEqual(countsInOrder(sql<object>(store, statisticsRecount(hourly), period).map(Object.values)));
        };
        try {
          const now = LAST_AT + s.now;
          const engine = await Engine.open(store, { policy, now: () => now, sliceSize: 97 });
          engine.registerSource(SOURCE, 'http://127.0.0.1:1');
          const events = arrival(s.delays);
          let active = policy;
          let start = 0;
          let written = new Map<number, string>();
          let versions = new Map<number, number>();
          for (let batch = 0; start < events.length; batch += 1) {
            const size = s.cuts[batch % s.cuts.length]!;
            const part = events.slice(start, start + size);
            start += size;
            await engine.ingest(SOURCE.id, s.reversed ? [...part].reverse() : part);
            if (batch === s.replaceAfter) {
              await engine.replacePolicy(STRICTER);
              active = STRICTER;
            }
            // Mid-stream too: the whole days read now are kept (migration 0017), and later batches change them.
            await engine.flushed();
            const now = daysWritten(store);
            for (const [day, rows] of now) if (rows !== written.get(day)) expect(versionOf(store, day)).toBeGreaterThan(versions.get(day) ?? 0);
            for (const day of written.keys()) if (!now.has(day)) expect(versionOf(store, day)).toBeGreaterThan(versions.get(day) ?? 0);
            written = now;
            versions = new Map(sql<[number, number]>(store, 'SELECT day, version FROM clock_day_versions').map((row) => [row[0], row[1]]));
            for (const by of KNOWN_GROUPINGS) expectFast({ ...WIDE, to: s.midTo ?? WIDE.to, by, policy: active, overruns: true });
            expectStatistics({ ...WIDE, to: s.midTo ?? WIDE.to }, false);
          }
          await engine.flushed();
          if (s.purgeDays !== null) await engine.purgeClosed(s.purgeDays);
          for (const by of KNOWN_GROUPINGS) expectFast({ ...WIDE, by, policy: active, overruns: true });

          for (const [rolled, recount] of RECOUNTS) {
            expect(sql<object>(store, rolled).map(Object.values)).toEqual(sql<object>(store, recount).map(Object.values));
          }
          for (const { from, to } of s.periods) {
            for (const by of KNOWN_GROUPINGS) {
              for (const overruns of [false, true]) expectFast({ from, to, by, policy: active, overruns });
            }
            // The statistics' tickets, grouped in the order of their index (migration 0015), against a recount of the table.
            for (const hourly of [false, true]) expectStatistics({ from, to }, hourly);
            // Independently of the stored clocks: every ticket folded from its events up to `to`.
            const byClock = new Map<string, { total: number; breached: number }>();
            store.read((reads) => {
              for (const key of reads.events.ticketKeys()) {
                const { fold, reports } = stateFromStore(reads, key, to);
                if (fold.lastAt === null || !reads.projection.exists(key.source, key.ticketId)) continue;
                for (const clock of clocksAt(fold, reports, active, to).clocks) {
                  if (clock.state === 'notApplicable' || clock.startedAt === null || clock.startedAt < from || clock.startedAt >= to) continue;
                  const cell = byClock.get(clock.name) ?? { total: 0, breached: 0 };
                  cell.total += 1;
                  if (clock.state === 'breached' || clock.state === 'metLate') cell.breached += 1;
                  byClock.set(clock.name, cell);
                }
              }
            });
            const counted = queryBreaches(store, { from, to, by: ['clock'], policy: active }).cells;
            expect(Object.fromEntries(counted.map((cell) => [cell.clock, { total: cell.total, breached: cell.breached }]))).toEqual(
              Object.fromEntries(byClock),
            );
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 10) },
    );
  }, 600_000);
});
