// The SQL of breach counting (board/breaches.ts holds the counting itself):
// the clocks of a period counted from the rollups (migrations 0009 and 0017:
// per start bucket and cell) for its whole start buckets and from the index
// clocks_started_at at its edges, and its clocks with a breach instant listed
// from the index clocks_breaching (breached at the period's end `to` and by
// how much is decided in JavaScript, so a whole day's lists serve any `to`).
// The Shanghai days of a period are kept by the read connection at their
// versions (migration 0017, store/day-versions.ts) and read again only when a
// write changed them (a day cut at the period's edge clock by clock, with the
// starts that cut it, since any `from` and `to` may cut it). For a
// grouping no rollup holds, every clock of the period is counted from
// clocks_started_at. The rollup rows and the breaching clocks are listed (one
// row of JSON lists), not grouped: sorting them for a GROUP BY cost more than
// the rest of the statement. And the tickets whose stored clocks may not be
// their clocks as of the period's end.
import type Database from 'better-sqlite3';
import { SHANGHAI_OFFSET_MS } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import { perConnection, prepareRead, type ReadDb } from './read';
import { shanghaiDayIndex } from '../../../shared/heatmap/period';
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
 * A rollup of migrations 0009 and 0017: which dimensions it holds (SQL over its columns)
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

/**
 * The clocks of a day cut at a period's edge, from the index alone, one by
 * one as lists: each dimension's value and the start, so that any part of the
 * day is counted from the kept lists (grouping half a day's 2,300 clocks in SQL,
 * a sort, took three times as long as listing them).
 */
function dayClocksSql(by: readonly BreachDimension[]): string {
  return `SELECT ${by.map((dimension, i) => `${listOf(SQL_OF[dimension], dimension)} AS d${i}`).join(', ')}, COUNT(*) AS count,
       ${listOf('c.started_at')} AS started_at
     ${STORED_IN_PERIOD}`;
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
       ${listOf('c.started_at')} AS started_at, ${listOf('c.breach_at')} AS breach_at, json_group_array(c.stopped_at) AS stopped_at,
       json_group_array(c.elapsed_ms - c.limit_ms) AS stopped_overrun
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

/** The breaching clocks of a day (breachingClocksSql), by cell number; a stop of NaN is none. */
interface BreachingClocks {
  cell: Int32Array;
  startedAt: Float64Array;
  breachAt: Float64Array;
  stoppedAt: Float64Array;
  stoppedOverrun: Float64Array;
}

/**
 * What a day holds, independent of the instant asked about: the clocks started
 * per cell (from the rollup, for a whole day; one by one with their starts, for
 * a day cut at a period's edge: `starts`), and its breaching clocks.
 */
interface DayClocks {
  totalCells: Int32Array;
  totals: Float64Array;
  starts: Float64Array | null;
  breaching: BreachingClocks;
}

/** A day's clocks and the part of it a period covers (null: all of it). */
interface DayPart {
  clocks: DayClocks;
  part: Period | null;
}

/** The cells of `days` at `at`: clocks started, those breached at `at` and (if asked) their overruns, per cell number. */
function tally(days: readonly DayPart[], at: number, cells: Cells, withOverruns: boolean): PeriodCell[] {
  const size = cells.values.length;
  const total = new Float64Array(size);
  const breached = new Float64Array(size);
  const seen = new Uint8Array(size);
  const overruns: number[][] = [];
  for (const { clocks, part } of days) {
    const { totalCells, totals, starts, breaching } = clocks;
    const from = part?.from ?? -Infinity;
    const to = part?.to ?? Infinity;
    for (let i = 0; i < totalCells.length; i += 1) {
      if (starts && !(starts[i]! >= from && starts[i]! < to)) continue;
      const cell = totalCells[i]!;
      total[cell]! += totals[i]!;
      seen[cell] = 1;
    }
    const { cell: of, startedAt, breachAt, stoppedAt, stoppedOverrun } = breaching;
    for (let i = 0; i < of.length; i += 1) {
      // Breached at `at` once its breach instant has come (as BREACHED_AT_TO), by OVERRUN's amount.
      if (!(breachAt[i]! <= at) || !(startedAt[i]! >= from && startedAt[i]! < to)) continue;
      const cell = of[i]!;
      breached[cell]! += 1;
      seen[cell] = 1;
      if (withOverruns) (overruns[cell] ??= []).push(Math.max(0, stoppedAt[i]! <= at ? stoppedOverrun[i]! : at - breachAt[i]!));
    }
  }
  const out: PeriodCell[] = [];
  for (let cell = 0; cell < size; cell += 1) {
    if (seen[cell]) out.push({ values: cells.values[cell]!, total: total[cell]!, breached: breached[cell]!, overrunsMs: overruns[cell] ?? [] });
  }
  return out;
}

/** The instants of a Shanghai day. */
const dayRange = (day: number): Period => ({ from: day * DAY_MS - SHANGHAI_OFFSET_MS, to: (day + 1) * DAY_MS - SHANGHAI_OFFSET_MS });

/** How many days cut at a period's edge a connection keeps (one by one, so bigger than a whole day's). */
const KEPT_EDGE_DAYS = 8;

export const breachReads = perConnection((db: ReadDb) => {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = prepareRead(db, sql)));
    return statement;
  };
  const versions = dayVersionReads(db);
  // Per grouping: its cells, and its days kept at their versions (store/day-versions.ts), whole and cut at an edge.
  const groupings = new Map<string, { cells: Cells; whole: DayCache<DayClocks>; cut: DayCache<DayClocks> }>();
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

  /** A day's breaching clocks, their cells numbered in `cells`. */
  const breachingOf = (by: readonly BreachDimension[], cells: Cells, day: Period): BreachingClocks => {
    const row = prepared(breachingClocksSql(by)).get(day) as Record<string, Value>;
    const lists = listsOf(row, [...by.map((_, i) => `d${i}`), 'started_at', 'breach_at', 'stopped_at', 'stopped_overrun']);
    const values = lists.slice(0, by.length);
    const { first, cellOf } = cellsOfLists(values, Number(row.count));
    const ids = first.map((at) => cells.idOf(values.map((column) => column[at]!)));
    const [startedAt, breachAt, stoppedAt, stoppedOverrun] = lists.slice(by.length) as (number | null)[][];
    const instants = (list: (number | null)[]) => Float64Array.from(list, (at) => (at === null ? NaN : at));
    return {
      cell: Int32Array.from(cellOf, (cell) => ids[cell]!),
      startedAt: instants(startedAt!),
      breachAt: instants(breachAt!),
      stoppedAt: instants(stoppedAt!),
      stoppedOverrun: instants(stoppedOverrun!),
    };
  };

  /** A whole day: the clocks started per cell from the rollup holding `by` (its buckets of the day). */
  const wholeDay = (by: readonly BreachDimension[], rollup: Rollup, cells: Cells, day: Period): DayClocks => {
    const buckets = wholeBuckets(rollup.bucket, day);
    const rolled = rolledRows(by, prepared(rollupCountSql(rollup, by)).get({ first: buckets.first, end: buckets.end }) as Record<string, Value>);
    return {
      totalCells: Int32Array.from(rolled, (cell) => cells.idOf(by.map((_, i) => cell[`d${i}`] ?? null))),
      totals: Float64Array.from(rolled, (cell) => Number(cell.total)),
      starts: null,
      breaching: breachingOf(by, cells, day),
    };
  };

  /** A day cut at a period's edge: its clocks one by one with their starts, from the index. */
  const cutDay = (by: readonly BreachDimension[], cells: Cells, day: Period): DayClocks => {
    const row = prepared(dayClocksSql(by)).get(day) as Record<string, Value>;
    const lists = listsOf(row, [...by.map((_, i) => `d${i}`), 'started_at']);
    const values = lists.slice(0, by.length);
    const { first, cellOf } = cellsOfLists(values, Number(row.count));
    const ids = first.map((at) => cells.idOf(values.map((column) => column[at]!)));
    return {
      totalCells: Int32Array.from(cellOf, (cell) => ids[cell]!),
      totals: new Float64Array(cellOf.length).fill(1),
      starts: Float64Array.from(lists[by.length]! as number[]),
      breaching: breachingOf(by, cells, day),
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
     * Shanghai days of the period as kept at their versions (read again when
     * a write changed them): a whole day from the rollup holding `by`, a day
     * cut at the period's edge clock by clock with their starts, so that any
     * part of it is counted from what is kept.
     */
    periodCells: (by: readonly BreachDimension[], period: Period, options: { overruns: boolean }): PeriodCell[] => {
      const rollup = rollupOf(by);
      if (!rollup) throw new Error(`breaches: no rollup holds ${by.join(', ')}`);
      const name = by.join(',');
      let grouping = groupings.get(name);
      if (!grouping) groupings.set(name, (grouping = { cells: new Cells(), whole: new DayCache(), cut: new DayCache(KEPT_EDGE_DAYS) }));
      const { cells, whole, cut } = grouping;
      const first = shanghaiDayIndex(period.from);
      const last = shanghaiDayIndex(period.to - 1);
      const version = versions.versions(first, last + 1);
      const days: DayPart[] = [];
      for (let day = first; day <= last; day += 1) {
        const range = dayRange(day);
        if (period.from <= range.from && range.to <= period.to) days.push({ clocks: whole.get(day, version(day), () => wholeDay(by, rollup, cells, range)), part: null });
        else days.push({ clocks: cut.get(day, version(day), () => cutDay(by, cells, range)), part: period });
      }
      return tally(days, period.to, cells, options.overruns);
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
        prepared(dayClocksSql(by));
        prepared(breachingClocksSql(by));
        const rollup = rollupOf(by);
        if (rollup) prepared(rollupCountSql(rollup, by));
      }
    },
  };
});
