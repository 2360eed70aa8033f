// The SQL of breach counting (board/breaches.ts holds the counting itself):
// the clocks of a period and those breached at its end `to` counted from the
// rollups (migrations 0009 and 0014: per start bucket, cell and breach day)
// for its whole start buckets, with the breaches of `to`'s own day from the
// index clocks_breach_at, and at the period's edges from the index
// clocks_started_at; the breached clocks' overruns (the heatmaps' median) from
// the index clocks_breaching; or, for a grouping no rollup holds, every clock
// of the period from clocks_started_at. The rollup rows and the breached
// clocks are listed (one row of JSON lists), not grouped: sorting them for a
// GROUP BY cost more than the rest of the statement. And the tickets whose
// stored clocks may not be their clocks as of the period's end.
import type Database from 'better-sqlite3';
import { SHANGHAI_OFFSET_MS } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import { perConnection, prepareRead, type ReadDb } from './read';
import { breachDayOf } from './rollups';

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
  /** Whether it counts by breach day too (migration 0014), so it tells which clocks had breached at `to`. */
  breachDays: boolean;
}

const ROLLUPS: readonly Rollup[] = [
  { table: 'clock_counts_city_clock', bucket: 'day', dimensions: { city: "nullif(r.city, '')", clock: 'r.name', day: 'r.day' }, breachDays: true },
  {
    table: 'clock_counts_service_tier',
    bucket: 'day',
    dimensions: { service: "nullif(r.service, '')", tier: "nullif(r.tier, '')", day: 'r.day' },
    breachDays: false,
  },
  {
    table: 'clock_counts_city_hour',
    bucket: 'hour',
    dimensions: {
      city: "nullif(r.city, '')",
      hour: `(r.hour + ${SHANGHAI_OFFSET_MS / HOUR_MS}) % 24`,
      day: `(r.hour + ${SHANGHAI_OFFSET_MS / HOUR_MS}) / 24`,
    },
    breachDays: false,
  },
];

/** The rollup that holds every dimension of `by` (and counts by breach day, if `breached` is asked), if one does. */
function rollupOf(by: readonly BreachDimension[], breached: boolean): Rollup | undefined {
  return ROLLUPS.find((rollup) => (rollup.breachDays || !breached) && by.every((dimension) => rollup.dimensions[dimension] !== undefined));
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
 * (each dimension's value, the count, and the count of those whose breach
 * instant falls on a day before `to`'s (@toDay): breached at `to`), added up
 * per cell by `rolledCounts`. Not grouped in SQL: the sort of a month's rows
 * (about 3,300 of city × clock) cost twice as much as listing them.
 */
function rollupCountSql(rollup: Rollup, by: readonly BreachDimension[]): string {
  const key = rollup.bucket;
  return `SELECT ${by.map((dimension, i) => `${listOf(rollup.dimensions[dimension]!, dimension)} AS d${i}`).join(', ')},
       COUNT(*) AS count, ${listOf('r.total')} AS total${rollup.breachDays ? `, ${listOf('iif(r.breach_day < @toDay, r.total, 0)')} AS breached` : ''}
     FROM ${rollup.table} r WHERE r.${key} >= @first AND r.${key} < @end`;
}

/** The clocks started in [start, stop) that breach on `to`'s own day, by `to` (@dayStart ≤ breach_at ≤ @to): a day's breaches, not the period's. */
function breachedOnLastDaySql(by: readonly BreachDimension[]): string {
  return `SELECT ${dimensionColumns(by)}, 0 AS total, COUNT(*) AS breached
     FROM clocks c INDEXED BY clocks_breach_at
     WHERE c.breach_at >= @dayStart AND c.breach_at <= @to AND c.started_at >= @start AND c.started_at < @stop
     GROUP BY ${by.map((_, i) => `d${i}`).join(', ')}`;
}

/** The clocks that started in [from, to) and those of them breached at @at, from the index alone (the partial buckets at a period's edges). */
function edgeCountSql(by: readonly BreachDimension[]): string {
  return `SELECT ${dimensionColumns(by)}, COUNT(*) AS total, SUM(c.breach_at IS NOT NULL AND c.breach_at <= @at) AS breached
     ${STORED_IN_PERIOD} GROUP BY ${by.map((_, i) => `d${i}`).join(', ')}`;
}

/**
 * The stored clocks of the period breached at `to`, from the index of breaching
 * clocks alone, as one row of parallel lists: each dimension's value and the
 * overrun of every such clock, in index order. Not grouped in SQL: the GROUP
 * BY's sort of the ~21,900 breached clocks of 30 days of a million tickets was
 * most of a heatmap's time (city × clock: 23-31 ms of CPU against 8 for the
 * lists, on a loaded 2-core machine); the caller groups them by cell.
 */
function breachedOverrunsSql(by: readonly BreachDimension[]): string {
  return `SELECT ${by.map((dimension, i) => `${listOf(SQL_OF[dimension], dimension)} AS d${i}`).join(', ')}, COUNT(*) AS count, ${listOf(OVERRUN)} AS overruns
     FROM clocks c INDEXED BY clocks_breaching
     WHERE c.started_at >= @from AND c.started_at < @to AND c.breach_at IS NOT NULL AND c.breach_at <= @to`;
}

/** The breached clocks of `storedOverruns`: each dimension's values and the overruns, index by index. */
export interface BreachedLists {
  values: Value[][];
  overrunsMs: number[];
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

/** A rollup's lists (rollupCountSql) added up per cell, as the grouped statements' rows (`breached` stays 0 without breach days). */
function rolledRows(by: readonly BreachDimension[], row: Record<string, Value>, breachDays: boolean): DimensionRow[] {
  const names = by.map((_, i) => `d${i}`);
  const lists = listsOf(row, [...names, 'total', ...(breachDays ? ['breached'] : [])]);
  const values = lists.slice(0, by.length);
  const { first, cellOf } = cellsOfLists(values, Number(row.count));
  const rows = first.map((at) => {
    const cell: DimensionRow = { total: 0, breached: 0 };
    names.forEach((name, i) => (cell[name] = values[i]![at]!));
    return cell;
  });
  const [totals, breached] = [lists[by.length]!, lists[by.length + 1]];
  cellOf.forEach((cell, i) => {
    rows[cell]!.total = Number(rows[cell]!.total) + Number(totals[i]);
    if (breached) rows[cell]!.breached = Number(rows[cell]!.breached) + Number(breached[i]);
  });
  return rows;
}

export const breachReads = perConnection((db: ReadDb) => {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = prepareRead(db, sql)));
    return statement;
  };
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
  return {
    storedCounts: (by: readonly BreachDimension[], overruns: boolean, period: Period) =>
      prepared(storedCountSql(by, overruns)).all(period) as DimensionRow[],
    storedOfTicket: (by: readonly BreachDimension[], period: Period, key: TicketKey) =>
      prepared(storedOfTicketSql(by)).all({ ...period, source: key.source, ticketId: key.ticketId }) as DimensionRow[],
    storedBreached: (by: readonly BreachDimension[], period: Period) => prepared(storedBreachedSql(by)).all(period) as DimensionRow[],
    /** Whether a rollup holds every dimension of `by`, and counts the breached clocks if `breached` (else only storedCounts can count them). */
    rolledUp: (by: readonly BreachDimension[], options: { breached: boolean }): boolean => rollupOf(by, options.breached) !== undefined,
    /**
     * The stored clocks that started in [from, to) (`total`), and those of
     * them breached at `to` (`breached`, unless `breached` is false: a caller
     * that reads every breached clock anyway), counted from the rollup holding
     * `by` for its whole buckets and from the indexes for the rest.
     */
    rolledCounts: (by: readonly BreachDimension[], period: Period, options: { breached: boolean }): DimensionRow[] => {
      const rollup = rollupOf(by, options.breached);
      if (!rollup) throw new Error(`breaches: no rollup holds ${by.join(', ')}`);
      const whole = wholeBuckets(rollup.bucket, period);
      const edges = prepared(edgeCountSql(by));
      if (whole.first >= whole.end) return edges.all({ ...period, at: period.to }) as DimensionRow[];
      const toDay = breachDayOf(period.to);
      const bucketRange = { first: whole.first, end: whole.end, ...(rollup.breachDays ? { toDay } : {}) };
      const rows = rolledRows(by, prepared(rollupCountSql(rollup, by)).get(bucketRange) as Record<string, Value>, rollup.breachDays);
      if (options.breached) {
        const dayStart = toDay * DAY_MS - SHANGHAI_OFFSET_MS;
        rows.push(...(prepared(breachedOnLastDaySql(by)).all({ dayStart, to: period.to, start: whole.start, stop: whole.stop }) as DimensionRow[]));
      }
      if (period.from < whole.start) rows.push(...(edges.all({ from: period.from, to: whole.start, at: period.to }) as DimensionRow[]));
      if (whole.stop < period.to) rows.push(...(edges.all({ from: whole.stop, to: period.to, at: period.to }) as DimensionRow[]));
      return rows;
    },
    /** The stored clocks that started in [from, to) and had breached by `to`, with their overruns, as lists (not grouped). */
    storedOverruns: (by: readonly BreachDimension[], period: Period): BreachedLists => {
      const lists = listsOf(prepared(breachedOverrunsSql(by)).get(period) as Record<string, Value>, [...by.map((_, i) => `d${i}`), 'overruns']);
      return { values: lists.slice(0, by.length), overrunsMs: lists[by.length] as number[] };
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
        prepared(breachedOverrunsSql(by));
        prepared(breachedOnLastDaySql(by));
        for (const rollup of new Set([rollupOf(by, false), rollupOf(by, true)])) if (rollup) prepared(rollupCountSql(rollup, by));
      }
    },
  };
});
