// The SQL of breach counting (board/breaches.ts holds the counting itself):
// the clocks of a period counted from the rollups (migrations 0009 and 0014:
// per start bucket and cell) for its whole start buckets and from the index
// clocks_started_at at its edges, and its clocks with a breach instant listed
// from the index clocks_breaching (breached at the period's end `to` and by
// how much is decided in JavaScript, so a whole day's lists serve any `to`).
// The whole Shanghai days of a period are kept by the read connection at their
// versions (migration 0017, store/day-versions.ts) and read again only when a
// write changed them; the partial days at the edges are read each time. For a
// grouping no rollup holds, every clock of the period is counted from
// clocks_started_at. The rollup rows and the breaching clocks are listed (one
// row of JSON lists), not grouped: sorting them for a GROUP BY cost more than
// the rest of the statement. And the tickets whose stored clocks may not be
// their clocks as of the period's end.
import type Database from 'better-sqlite3';
import { SHANGHAI_OFFSET_MS } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import { perConnection, prepareRead, type ReadDb } from './read';
import { DayCache, dayVersionReads } from './day-versions';

// `day` is the Shanghai day (days since the epoch) the clock started on, for the calendar heatmap.
export const BREACH_DIMENSIONS = ['city', 'clock', 'hour', 'service', 'tier', 'day'] as const;
export type BreachDimension = (typeof BREACH_DIMENSIONS)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** SQL over the clocks table (alias c) for each dimension. */
const SQL_OF: Record<BreachDimension, string> = {
  city: 'c.city',
  clock: 'c.name',
  hour: `((c.started_at + ${SHANGHAI_OFFSET_MS}) / ${HOUR_MS}) % 24`,
  service: 'c.service',
  tier: 'c.tier',
  day: `(c.started_at + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS}`,
};

// The stored clocks that started in [from, to). For a ticket with no event after `to`, its stored clocks are its clocks at `to`.
const STORED_IN_PERIOD = 'FROM clocks c WHERE c.started_at >= @from AND c.started_at < @to';
const BREACHED_AT_TO = 'c.breach_at IS NOT NULL AND c.breach_at <= @to';
// A stored clock stopped by `to` overran by its elapsed time (suspensions excluded); one still running, by the calendar time since its breach instant.
const OVERRUN = 'CASE WHEN c.stopped_at IS NOT NULL AND c.stopped_at <= @to THEN c.elapsed_ms - c.limit_ms ELSE @to - c.breach_at END';

const dimensionColumns = (by: readonly BreachDimension[]) => by.map((dimension, i) => `${SQL_OF[dimension]} AS d${i}`).join(', ');

/** Dimensions whose values are text (listed as JSON strings, null kept); the others are integers. */
const TEXT_DIMENSIONS: ReadonlySet<BreachDimension> = new Set(['city', 'clock', 'service', 'tier']);

/** An aggregate listing `sql` (a value of `dimension`, or an integer when none) over every row as a JSON array. */
const listOf = (sql: string, dimension?: BreachDimension) =>
  dimension !== undefined && TEXT_DIMENSIONS.has(dimension) ? `json_group_array(${sql})` : `'[' || group_concat(${sql}) || ']'`;

type Value = string | number | null;

/** A one-row aggregate's lists, each checked to hold `count` entries (group_concat skips a NULL, which would shift the rest). */
function listsOf(row: Record<string, Value>, names: readonly string[]): Value[][] {
  return names.map((name) => {
    const list = row[name] === null ? [] : (JSON.parse(String(row[name])) as Value[]);
    if (list.length !== Number(row.count)) throw new Error(`breaches: list ${name} has ${list.length} entries of ${String(row.count)}`);
    return list;
  });
}

/**
 * The cells of parallel lists of values (one list per dimension): the index
 * each cell first appears at, and each index's cell. A map per dimension keyed
 * by its value (null apart from ''), so no entry builds a key.
 */
export function cellsOfLists(values: readonly (readonly Value[])[], length: number): { first: number[]; cellOf: Int32Array } {
  type Node = Map<Value, Node | number>;
  const root: Node = new Map();
  const first: number[] = [];
  const cellOf = new Int32Array(length);
  const last = values.length - 1;
  for (let i = 0; i < length; i += 1) {
    let node = root;
    for (let dimension = 0; dimension < last; dimension += 1) {
      const value = values[dimension]![i]!;
      let next = node.get(value) as Node | undefined;
      if (!next) node.set(value, (next = new Map()));
      node = next;
    }
    let cell = node.get(values[last]![i]!) as number | undefined;
    if (cell === undefined) {
      cell = first.length;
      first.push(i);
      node.set(values[last]![i]!, cell);
    }
    cellOf[i] = cell;
  }
  return { first, cellOf };
}

/**
 * The stored-clock count grouped by `by`. The overruns are read from the table
 * only for the breached clocks: the filter is decided from the index, and the
 * row is fetched when first needed.
 */
function storedCountSql(by: readonly BreachDimension[], overruns: boolean): string {
  return `SELECT ${dimensionColumns(by)},
       COUNT(*) AS total, SUM(${BREACHED_AT_TO}) AS breached${overruns ? `, group_concat(${OVERRUN}) FILTER (WHERE ${BREACHED_AT_TO}) AS overruns` : ''}
     ${STORED_IN_PERIOD}
     GROUP BY ${by.map((_, i) => `d${i}`).join(', ')}`;
}

/** One ticket's stored clocks of the period, with what the stored count made of each. */
function storedOfTicketSql(by: readonly BreachDimension[]): string {
  return `SELECT ${dimensionColumns(by)}, ${BREACHED_AT_TO} AS breached, ${OVERRUN} AS overrun
     ${STORED_IN_PERIOD} AND c.source = @source AND c.ticket_id = @ticketId`;
}

/** The stored breached clocks one by one. */
function storedBreachedSql(by: readonly BreachDimension[]): string {
  return `SELECT ${dimensionColumns(by)}, c.source, c.ticket_id, c.name, c.idx, ${OVERRUN} AS overrun
     ${STORED_IN_PERIOD} AND ${BREACHED_AT_TO}`;
}

/**
 * A rollup of migrations 0009 and 0014: which dimensions it holds (SQL over its columns)
 * and the width of its start buckets. A grouping is counted from the first
 * rollup holding all of its dimensions.
 */
interface Rollup {
  table: string;
  bucket: 'day' | 'hour';
  dimensions: Partial<Record<BreachDimension, string>>;
}

const ROLLUPS: readonly Rollup[] = [
  { table: 'clock_counts_city_clock', bucket: 'day', dimensions: { city: "nullif(r.city, '')", clock: 'r.name', day: 'r.day' } },
  { table: 'clock_counts_service_tier', bucket: 'day', dimensions: { service: "nullif(r.service, '')", tier: "nullif(r.tier, '')", day: 'r.day' } },
  {
    table: 'clock_counts_city_hour',
    bucket: 'hour',
    dimensions: {
      city: "nullif(r.city, '')",
      hour: `(r.hour + ${SHANGHAI_OFFSET_MS / HOUR_MS}) % 24`,
      day: `(r.hour + ${SHANGHAI_OFFSET_MS / HOUR_MS}) / 24`,
    },
  },
];

/** The rollup that holds every dimension of `by`, if one does. */
function rollupOf(by: readonly BreachDimension[]): Rollup | undefined {
  return ROLLUPS.find((rollup) => by.every((dimension) => rollup.dimensions[dimension] !== undefined));
}

/** A bucket's first instant, and the bucket an instant falls in (Shanghai days; hours since the epoch). */
const BUCKET_MS = { day: DAY_MS, hour: HOUR_MS } as const;
const BUCKET_OFFSET_MS = { day: SHANGHAI_OFFSET_MS, hour: 0 } as const;

/**
 * The whole buckets of `rollup` inside [from, to) as [first, end) bucket
 * numbers (empty when first >= end), and the instants they cover.
 */
export function wholeBuckets(bucket: Rollup['bucket'], period: Period): { first: number; end: number; start: number; stop: number } {
  const width = BUCKET_MS[bucket];
  const offset = BUCKET_OFFSET_MS[bucket];
  const first = Math.ceil((period.from + offset) / width);
  const end = Math.floor((period.to + offset) / width);
  return { first, end, start: first * width - offset, stop: end * width - offset };
}

/**
 * The clocks of the whole buckets [first, end), a rollup row by row as lists
 * (each dimension's value and the count), added up per cell by `rolledRows`.
 * Not grouped in SQL: the sort of a month's rows (about 3,300 of city × clock)
 * cost twice as much as listing them.
 */
function rollupCountSql(rollup: Rollup, by: readonly BreachDimension[]): string {
  const key = rollup.bucket;
  return `SELECT ${by.map((dimension, i) => `${listOf(rollup.dimensions[dimension]!, dimension)} AS d${i}`).join(', ')},
       COUNT(*) AS count, ${listOf('r.total')} AS total
     FROM ${rollup.table} r WHERE r.${key} >= @first AND r.${key} < @end`;
}

/** The clocks that started in [from, to), from the index alone (the partial buckets at a period's edges). */
function edgeCountSql(by: readonly BreachDimension[]): string {
  return `SELECT ${dimensionColumns(by)}, COUNT(*) AS total ${STORED_IN_PERIOD} GROUP BY ${by.map((_, i) => `d${i}`).join(', ')}`;
}

/**
 * The stored clocks that started in [from, to) with a breach instant, from
 * the index of breaching clocks alone, as one row of parallel lists: each
 * dimension's value, the breach instant, the stop (null while running) and the
 * overrun once stopped (elapsed less the limit), in index order. Whether each
 * had breached at the period's end and by how much is decided per query
 * (`countBreached`), so a whole day's lists are kept for any end. Not grouped
 * in SQL: the GROUP BY's sort of the ~21,900 breached clocks of 30 days of a
 * million tickets was most of a heatmap's time.
 */
function breachingClocksSql(by: readonly BreachDimension[]): string {
  return `SELECT ${by.map((dimension, i) => `${listOf(SQL_OF[dimension], dimension)} AS d${i}`).join(', ')}, COUNT(*) AS count,
       ${listOf('c.breach_at')} AS breach_at, json_group_array(c.stopped_at) AS stopped_at, json_group_array(c.elapsed_ms - c.limit_ms) AS stopped_overrun
     FROM clocks c INDEXED BY clocks_breaching
     WHERE c.started_at >= @from AND c.started_at < @to AND c.breach_at IS NOT NULL`;
}

export type DimensionRow = Record<string, string | number | null>;
export interface Period {
  from: number;
  to: number;
}

/** Every grouping the heatmaps, statistics and `noc breaches` ask for, so the query-plan test sees each statement. */
export const KNOWN_GROUPINGS: readonly (readonly BreachDimension[])[] = [
  ['city', 'clock'],
  ['city', 'hour'],
  ['service', 'tier'],
  ['day', 'hour'],
  ['day', 'clock'],
  ['city', 'day', 'hour', 'clock'],
];

/** A rollup's lists (rollupCountSql) added up per cell, as the grouped statements' rows. */
function rolledRows(by: readonly BreachDimension[], row: Record<string, Value>): DimensionRow[] {
  const names = by.map((_, i) => `d${i}`);
  const lists = listsOf(row, [...names, 'total']);
  const values = lists.slice(0, by.length);
  const { first, cellOf } = cellsOfLists(values, Number(row.count));
  const rows = first.map((at) => {
    const cell: DimensionRow = { total: 0 };
    names.forEach((name, i) => (cell[name] = values[i]![at]!));
    return cell;
  });
  const totals = lists[by.length]!;
  cellOf.forEach((cell, i) => (rows[cell]!.total = Number(rows[cell]!.total) + Number(totals[i])));
  return rows;
}

/** A cell of `periodCells`: its values in the order of `by`, the clocks that started in the period, those of them breached at its end, and their overruns. */
export interface PeriodCell {
  values: Value[];
  total: number;
  breached: number;
  /** One entry per breached clock (never negative) when overruns were asked, else empty. */
  overrunsMs: number[];
}

/** The cells of one grouping seen by a connection, numbered: the days' data refers to cells by number. */
class Cells {
  private readonly ids = new Map<string, number>();
  readonly values: Value[][] = [];

  idOf(values: Value[]): number {
    const key = JSON.stringify(values);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(key, id);
      this.values.push(values);
    }
    return id;
  }
}

/** The breaching clocks of a range (breachingClocksSql), by cell number; a stop of NaN is none. */
interface BreachingClocks {
  cell: Int32Array;
  breachAt: Float64Array;
  stoppedAt: Float64Array;
  stoppedOverrun: Float64Array;
}

/** What a range holds, independent of the instant asked about: clocks started per cell, and its breaching clocks. */
interface RangeClocks {
  totalCells: Int32Array;
  totals: Float64Array;
  breaching: BreachingClocks;
}

/** The sums of a period per cell number, grown as cells are seen. */
class Tallies {
  total: number[] = [];
  breached: number[] = [];
  overruns: number[][] = [];

  constructor(private readonly withOverruns: boolean) {}

  add(range: RangeClocks, at: number): void {
    const { totalCells, totals, breaching } = range;
    for (let i = 0; i < totalCells.length; i += 1) {
      const cell = totalCells[i]!;
      this.total[cell] = (this.total[cell] ?? 0) + totals[i]!;
    }
    const { cell: cells, breachAt, stoppedAt, stoppedOverrun } = breaching;
    for (let i = 0; i < cells.length; i += 1) {
      // Breached at `at` once its breach instant has come (as BREACHED_AT_TO), by OVERRUN's amount.
      if (!(breachAt[i]! <= at)) continue;
      const cell = cells[i]!;
      this.breached[cell] = (this.breached[cell] ?? 0) + 1;
      if (this.withOverruns) (this.overruns[cell] ??= []).push(Math.max(0, stoppedAt[i]! <= at ? stoppedOverrun[i]! : at - breachAt[i]!));
    }
  }

  cells(known: Cells): PeriodCell[] {
    const out: PeriodCell[] = [];
    for (let cell = 0; cell < known.values.length; cell += 1) {
      if (this.total[cell] === undefined && this.breached[cell] === undefined) continue;
      out.push({ values: known.values[cell]!, total: this.total[cell] ?? 0, breached: this.breached[cell] ?? 0, overrunsMs: this.overruns[cell] ?? [] });
    }
    return out;
  }
}

export const breachReads = perConnection((db: ReadDb) => {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = prepareRead(db, sql)));
    return statement;
  };
  const days = dayVersionReads(db);
  // Per grouping: its cells, and its whole days' clocks kept at their versions (store/day-versions.ts).
  const groupings = new Map<string, { cells: Cells; days: DayCache<RangeClocks> }>();
  // Tickets that may have stood otherwise at `to` than stored: events after it and a clock that can have started before it.
  const withLaterEvents = prepareRead<[Period], { source: string; ticket_id: string }>(
    db,
    'SELECT source, ticket_id FROM tickets WHERE last_event_at > @to AND clocks_from < @to',
  );
  // Under another policy than the projection's: every ticket that may have a clock in the period.
  const candidates = prepareRead<[Period], { source: string; ticket_id: string }>(
    db,
    `SELECT source, ticket_id FROM tickets WHERE created_at < @to AND (closed_at IS NULL OR closed_at >= @from)
     UNION SELECT source, ticket_id FROM tickets WHERE incomplete = 1`,
  );
  const keys = (rows: { source: string; ticket_id: string }[]): TicketKey[] => rows.map((row) => ({ source: row.source, ticketId: row.ticket_id }));

  /** The stored clocks that started in [from, to) per cell, from the rollup holding `by` for its whole buckets and from the index for the rest. */
  const rolledCounts = (by: readonly BreachDimension[], rollup: Rollup, period: Period): DimensionRow[] => {
    const whole = wholeBuckets(rollup.bucket, period);
    const edges = prepared(edgeCountSql(by));
    if (whole.first >= whole.end) return edges.all(period) as DimensionRow[];
    const rows = rolledRows(by, prepared(rollupCountSql(rollup, by)).get({ first: whole.first, end: whole.end }) as Record<string, Value>);
    if (period.from < whole.start) rows.push(...(edges.all({ from: period.from, to: whole.start }) as DimensionRow[]));
    if (whole.stop < period.to) rows.push(...(edges.all({ from: whole.stop, to: period.to }) as DimensionRow[]));
    return rows;
  };

  /** What [from, to) holds of `by`, its cells numbered in `cells`. */
  const rangeClocks = (by: readonly BreachDimension[], rollup: Rollup, cells: Cells, period: Period): RangeClocks => {
    const rolled = rolledCounts(by, rollup, period);
    const row = prepared(breachingClocksSql(by)).get(period) as Record<string, Value>;
    const lists = listsOf(row, [...by.map((_, i) => `d${i}`), 'breach_at', 'stopped_at', 'stopped_overrun']);
    const values = lists.slice(0, by.length);
    const { first, cellOf } = cellsOfLists(values, Number(row.count));
    const ids = first.map((at) => cells.idOf(values.map((column) => column[at]!)));
    const [breachAt, stoppedAt, stoppedOverrun] = lists.slice(by.length) as (number | null)[][];
    return {
      totalCells: Int32Array.from(rolled, (cell) => cells.idOf(by.map((_, i) => cell[`d${i}`] ?? null))),
      totals: Float64Array.from(rolled, (cell) => Number(cell.total)),
      breaching: {
        cell: Int32Array.from(cellOf, (cell) => ids[cell]!),
        breachAt: Float64Array.from(breachAt!, Number),
        stoppedAt: Float64Array.from(stoppedAt!, (at) => (at === null ? NaN : at)),
        stoppedOverrun: Float64Array.from(stoppedOverrun!, (overrun) => (overrun === null ? NaN : overrun)),
      },
    };
  };

  return {
    storedCounts: (by: readonly BreachDimension[], overruns: boolean, period: Period) =>
      prepared(storedCountSql(by, overruns)).all(period) as DimensionRow[],
    storedOfTicket: (by: readonly BreachDimension[], period: Period, key: TicketKey) =>
      prepared(storedOfTicketSql(by)).all({ ...period, source: key.source, ticketId: key.ticketId }) as DimensionRow[],
    storedBreached: (by: readonly BreachDimension[], period: Period) => prepared(storedBreachedSql(by)).all(period) as DimensionRow[],
    /** Whether a rollup holds every dimension of `by` (else only storedCounts can count them). */
    rolledUp: (by: readonly BreachDimension[]): boolean => rollupOf(by) !== undefined,
    /**
     * The stored clocks that started in [from, to) per cell (`total`), those
     * of them breached at `to` (`breached`) and, if asked, their overruns: the
     * whole Shanghai days of the period as kept at their versions (read again
     * when a write changed them), the partial days at its edges read each time.
     */
    periodCells: (by: readonly BreachDimension[], period: Period, options: { overruns: boolean }): PeriodCell[] => {
      const rollup = rollupOf(by);
      if (!rollup) throw new Error(`breaches: no rollup holds ${by.join(', ')}`);
      const name = by.join(',');
      let grouping = groupings.get(name);
      if (!grouping) groupings.set(name, (grouping = { cells: new Cells(), days: new DayCache() }));
      const { cells, days: kept } = grouping;
      const tallies = new Tallies(options.overruns);
      const whole = wholeBuckets('day', period);
      if (whole.first >= whole.end) tallies.add(rangeClocks(by, rollup, cells, period), period.to);
      else {
        const version = days.versions(whole.first, whole.end);
        for (let day = whole.first; day < whole.end; day += 1) {
          const range = { from: day * DAY_MS - SHANGHAI_OFFSET_MS, to: (day + 1) * DAY_MS - SHANGHAI_OFFSET_MS };
          tallies.add(kept.get(day, version(day), () => rangeClocks(by, rollup, cells, range)), period.to);
        }
        if (period.from < whole.start) tallies.add(rangeClocks(by, rollup, cells, { from: period.from, to: whole.start }), period.to);
        if (whole.stop < period.to) tallies.add(rangeClocks(by, rollup, cells, { from: whole.stop, to: period.to }), period.to);
      }
      return tallies.cells(cells);
    },
    ticketsWithLaterEvents: (period: Period): TicketKey[] => keys(withLaterEvents.all(period)),
    ticketsOfPeriod: (period: Period): TicketKey[] => keys(candidates.all(period)),
    /** Prepares every statement of the known groupings (the query-plan test explains them). */
    prepareKnown: () => {
      for (const by of KNOWN_GROUPINGS) {
        prepared(storedCountSql(by, false));
        prepared(storedCountSql(by, true));
        prepared(storedBreachedSql(by));
        prepared(storedOfTicketSql(by));
        prepared(edgeCountSql(by));
        prepared(breachingClocksSql(by));
        const rollup = rollupOf(by);
        if (rollup) prepared(rollupCountSql(rollup, by));
      }
    },
  };
});
