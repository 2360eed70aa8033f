// Heatmap queries on a cache of N historical tickets (1,000,000 in the full
// bench), each against a full scan of the clocks table over the same period in
// the same run. The cache is built once by the simulator's generator and kept
// in artifacts/bench/ (see heatmap-cache.ts for the bulk path), named by the
// schema version too: a cache from an older schema is built again, not migrated.
import Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { loadDefaultPolicy } from '../shared/domain';
import { HEATMAP_GROUPINGS } from '../shared/contract';
import { DAY_MS } from '../shared/heatmap/period';
import { heatmapQuery } from '../electron/core/heatmap/heatmap';
import { statsQuery } from '../electron/core/heatmap/stats';
import { MIGRATIONS } from '../electron/core/store/migrations';
import type { Reads } from '../electron/core/store/db';
import { historyCache } from './heatmap-cache';
import { timeMedian, type BenchRow } from './table';

export interface HeatmapBenchOptions {
  tickets: number;
  runs: number;
  dir?: string;
}

const START = Date.parse('2023-01-01T00:00:00+08:00');
const SEED = 20261122;
/** Any grouping, any period (issue 19). */
const TARGET_MS = 20;

export async function benchHeatmap(options: HeatmapBenchOptions): Promise<BenchRow[]> {
  const policy = loadDefaultPolicy();
  const file = join(options.dir ?? 'artifacts/bench', `heatmap-${options.tickets}-${SEED}-${policy.version}-schema${MIGRATIONS[MIGRATIONS.length - 1]!.version}.db`);
  const { store } = await historyCache({ file, tickets: options.tickets, seed: SEED, start: START, policy, workers: availableParallelism() });
  // The baseline's own connection: a full scan is no statement of the store's.
  const raw = new Database(file, { readonly: true });
  try {
    const { end, clocks } = raw.prepare('SELECT MAX(started_at) AS end, COUNT(*) AS clocks FROM clocks').get() as { end: number; clocks: number };
    // The widest preset the page offers, ending where the history ends.
    const period = { from: end + 1 - 30 * DAY_MS, to: end + 1 };
    const ctx = { store, policy };
    const fullScan = raw.prepare(
      `SELECT city, name, COUNT(*) AS total, SUM(breach_at IS NOT NULL AND breach_at <= @to) AS breached
       FROM clocks NOT INDEXED WHERE started_at >= @from AND started_at < @to GROUP BY city, name`,
    );
    const baseline = timeMedian(Math.max(1, options.runs >> 1), () => fullScan.all(period));
    const label = `full scan of ${clocks.toLocaleString('en')} clocks`;
    const row = (figure: string, value: number): BenchRow => ({
      figure,
      value,
      unit: 'ms',
      baseline,
      baselineLabel: label,
      target: `≤ ${TARGET_MS} ms`,
      met: value <= TARGET_MS,
    });
    const size = `${options.tickets.toLocaleString('en')} tickets, 30 d`;
    // Two reads of the history at its end (a board or a handover as of now), each against a scan of every ticket:
    // until 4 December the planner took a range over the whole cache for both (0.3-0.5 s and 0.9-1.4 s here).
    const now = (raw.prepare('SELECT MAX(last_event_at) FROM tickets').pluck().get() as number) + 1;
    const tickets = raw.prepare('SELECT COUNT(*) FROM tickets NOT INDEXED WHERE created_at <= @now AND closed_at <= @now').pluck();
    const scan = timeMedian(Math.max(1, options.runs >> 1), () => tickets.get({ now }));
    const history = `${options.tickets.toLocaleString('en')} tickets`;
    const read = (figure: string, body: (reads: Reads) => unknown): BenchRow => {
      const value = timeMedian(options.runs, () => store.read(body));
      return { figure, value, unit: 'ms', baseline: scan, baselineLabel: `scan of the ${history}`, target: `≤ ${TARGET_MS} ms`, met: value <= TARGET_MS };
    };
    return [
      ...HEATMAP_GROUPINGS.map((by) => row(`heatmap ${by} (${size})`, timeMedian(options.runs, () => heatmapQuery(ctx, { ...period, by })))),
      row(`statistics tiles and trends (${size})`, timeMedian(options.runs, () => statsQuery(ctx, period))),
      read(`a board page's closed tickets with events after now (${history})`, (reads) => reads.projection.closedWithEventsAfter(now)),
      read(`a handover's fault reports still owed now (${history})`, (reads) => reads.handovers.faultReportsRunningAt(now)),
    ];
  } finally {
    raw.close();
    await store.close();
  }
}
