// Breach counting, the one implementation the heatmaps and `noc breaches` share.
// `total` counts the clocks that started in [from, to); `breached` those of them
// whose state at `to` is breached or metLate. Tickets whose stored projection
// holds all their events up to `to` (the common case) are counted in SQL from
// the stored clocks; the others (events after `to`, or another policy than the
// projection's) are folded from their events up to `to` and evaluated then.
// The stored count takes every clock of the period from the index
// clocks_started_at; the tickets with events after `to` (few: `to` is mostly
// now) are found in the tickets table, and their stored clocks are taken back
// out of the count before their folded ones are added.
import { clocksAt, SHANGHAI_OFFSET_MS, type Clock, type Policy, type TicketFacts } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import type { Cache } from '../store/db';
import { NO_ACKED_REPORTS, type AckedReports } from '../store/reports';
import { repositories } from '../store/repositories';
import { foldStored } from '../ingest/tickets';
import { ticketKeyOf } from '../ingest/keys';

// `day` is the Shanghai day (days since the epoch) the clock started on, for the calendar heatmap.
export const BREACH_DIMENSIONS = ['city', 'clock', 'hour', 'service', 'tier', 'day'] as const;
export type BreachDimension = (typeof BREACH_DIMENSIONS)[number];

export interface BreachQuery {
  from: number;
  to: number;
  by: readonly BreachDimension[];
  policy: Policy;
  reports?: AckedReports;
  /** Also list each cell's breached clocks' overruns (the heatmap's median), from the same pass as the counts. */
  overruns?: boolean;
}

export type BreachCell = Partial<Record<BreachDimension, string | number | null>> & {
  breached: number;
  total: number;
  /** Present when the query asked for `overruns`: one entry per breached clock, in ms, never negative. */
  overrunsMs?: number[];
};

export interface BreachResult {
  from: number;
  to: number;
  by: BreachDimension[];
  cells: BreachCell[];
}

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

function valueOf(dimension: BreachDimension, clock: Clock, facts: TicketFacts): string | number | null {
  switch (dimension) {
    case 'city':
      return facts.city;
    case 'clock':
      return clock.name;
    case 'hour':
      return Math.floor(((clock.startedAt ?? 0) + SHANGHAI_OFFSET_MS) / HOUR_MS) % 24;
    case 'service':
      return facts.service;
    case 'tier':
      return facts.customer?.tier ?? null;
    case 'day':
      return Math.floor(((clock.startedAt ?? 0) + SHANGHAI_OFFSET_MS) / DAY_MS);
  }
}

type Tally = Map<string, BreachCell>;

/** Takes one stored clock back out of the cell the stored count put it in. */
function remove(tally: Tally, values: (string | number | null)[], breached: boolean, overrun: number) {
  const cell = tally.get(JSON.stringify(values));
  if (!cell) throw new Error(`breaches: a stored clock of cell ${JSON.stringify(values)} is missing from the stored count`);
  cell.total -= 1;
  if (!breached) return;
  cell.breached -= 1;
  const at = cell.overrunsMs?.indexOf(overrun) ?? -1;
  if (at >= 0) cell.overrunsMs?.splice(at, 1);
}

function add(tally: Tally, values: (string | number | null)[], query: BreachQuery, total: number, breached: number, overruns: readonly number[]) {
  const id = JSON.stringify(values);
  let cell = tally.get(id);
  if (!cell) {
    const dims: Partial<Record<BreachDimension, string | number | null>> = {};
    query.by.forEach((dimension, i) => (dims[dimension] = values[i] ?? null));
    cell = { ...dims, breached: 0, total: 0, ...(query.overruns ? { overrunsMs: [] } : {}) };
    tally.set(id, cell);
  }
  cell.total += total;
  cell.breached += breached;
  for (const overrun of overruns) cell.overrunsMs?.push(overrun);
}

function validate(query: BreachQuery): void {
  if (!(query.from < query.to)) throw new Error('breaches: `from` must be before `to`');
  if (query.by.length === 0) throw new Error(`breaches: --by needs one or more of ${BREACH_DIMENSIONS.join(', ')}`);
  for (const dimension of query.by) {
    if (!BREACH_DIMENSIONS.includes(dimension)) throw new Error(`breaches: unknown dimension ${String(dimension)}`);
  }
}

// The stored clocks that started in [from, to). For a ticket with no event after `to`, its stored clocks are its clocks at `to`.
const STORED_IN_PERIOD = 'FROM clocks c WHERE c.started_at >= @from AND c.started_at < @to';
const BREACHED_AT_TO = 'c.breach_at IS NOT NULL AND c.breach_at <= @to';
// A stored clock stopped by `to` overran by its elapsed time (suspensions excluded); one still running, by the calendar time since its breach instant.
const OVERRUN = 'CASE WHEN c.stopped_at IS NOT NULL AND c.stopped_at <= @to THEN c.elapsed_ms - c.limit_ms ELSE @to - c.breach_at END';

/**
 * The stored-clock count grouped by `by` (exported for its query-plan test).
 * The overruns are read from the table only for the breached clocks: the
 * filter is decided from the index, and the row is fetched when first needed.
 */
export function storedCountSql(by: readonly BreachDimension[], overruns = false): string {
  const dims = by.map((dimension) => SQL_OF[dimension]);
  return `SELECT ${dims.map((sql, i) => `${sql} AS d${i}`).join(', ')},
       COUNT(*) AS total, SUM(${BREACHED_AT_TO}) AS breached${overruns ? `, group_concat(${OVERRUN}) FILTER (WHERE ${BREACHED_AT_TO}) AS overruns` : ''}
     ${STORED_IN_PERIOD}
     GROUP BY ${dims.map((_, i) => `d${i}`).join(', ')}`;
}

const overrunsOf = (list: string | number | null | undefined): number[] =>
  list === null || list === undefined ? [] : String(list).split(',').map((overrun) => Math.max(0, Number(overrun)));

/** One ticket's stored clocks of the period, with what the stored count made of each (exported for its query-plan test). */
export function storedOfTicketSql(by: readonly BreachDimension[]): string {
  const dims = by.map((dimension) => SQL_OF[dimension]);
  return `SELECT ${dims.map((sql, i) => `${sql} AS d${i}`).join(', ')}, ${BREACHED_AT_TO} AS breached, ${OVERRUN} AS overrun
     ${STORED_IN_PERIOD} AND c.source = @source AND c.ticket_id = @ticketId`;
}

type Row = Record<string, string | number | null>;

/** Every stored clock of the period counted, less those of the tickets in `refold`. */
function countFromStore(cache: Cache, query: BreachQuery, tally: Tally, refold: readonly TicketKey[]): void {
  const overruns = query.overruns ?? false;
  const period = { from: query.from, to: query.to };
  const values = (row: Row) => query.by.map((_, i) => row[`d${i}`] ?? null);
  for (const row of cache.db.prepare(storedCountSql(query.by, overruns)).all(period) as Row[]) {
    add(tally, values(row), query, Number(row.total), Number(row.breached), overruns ? overrunsOf(row.overruns) : []);
  }
  if (refold.length === 0) return;
  const ofTicket = cache.db.prepare(storedOfTicketSql(query.by));
  for (const key of refold) {
    for (const row of ofTicket.all({ ...period, source: key.source, ticketId: key.ticketId }) as Row[]) {
      remove(tally, values(row), row.breached === 1, Math.max(0, Number(row.overrun)));
    }
  }
}

/**
 * The tickets that may have stood otherwise at `to` than stored: those with
 * events after it and a clock that can have started before it (exported for
 * its query-plan test).
 */
export const TICKETS_WITH_LATER_EVENTS_SQL = 'SELECT source, ticket_id FROM tickets WHERE last_event_at > @to AND clocks_from < @to';

/** Tickets to fold: those with events after `to`, or every candidate when the policy differs. */
function ticketsToFold(cache: Cache, query: BreachQuery, storeUsable: boolean): TicketKey[] {
  const sql = storeUsable
    ? TICKETS_WITH_LATER_EVENTS_SQL
    : `SELECT source, ticket_id FROM tickets WHERE created_at < @to AND (closed_at IS NULL OR closed_at >= @from)
       UNION SELECT source, ticket_id FROM tickets WHERE incomplete = 1`;
  const rows = cache.db.prepare(sql).all({ from: query.from, to: query.to }) as { source: string; ticket_id: string }[];
  return rows.map((row) => ({ source: row.source, ticketId: row.ticket_id }));
}

const foldedOverrun = (clock: Clock) => Math.max(0, clock.elapsedMs - clock.limitMs);

interface FoldedClock {
  key: TicketKey;
  clock: Clock;
  facts: TicketFacts;
  breached: boolean;
}

/** The clocks that started in [from, to) of tickets folded from their events up to `to`, as they stood then. */
function forEachFoldedClock(cache: Cache, query: BreachQuery, keys: readonly TicketKey[], visit: (folded: FoldedClock) => void): void {
  const reports = query.reports ?? NO_ACKED_REPORTS;
  for (const key of keys) {
    const fold = foldStored(cache, key, query.to);
    if (fold.lastAt === null) continue;
    const evaluation = clocksAt(fold, reports.ackedReportsOf(key.source, key.ticketId), query.policy, query.to);
    for (const clock of evaluation.clocks) {
      if (clock.state === 'notApplicable' || clock.startedAt === null) continue;
      if (clock.startedAt < query.from || clock.startedAt >= query.to) continue;
      visit({ key, clock, facts: evaluation.facts, breached: clock.state === 'breached' || clock.state === 'metLate' });
    }
  }
}

function countByFolding(cache: Cache, query: BreachQuery, keys: readonly TicketKey[], tally: Tally): void {
  forEachFoldedClock(cache, query, keys, ({ clock, facts, breached }) =>
    add(tally, query.by.map((dimension) => valueOf(dimension, clock, facts)), query, 1, breached ? 1 : 0, breached ? [foldedOverrun(clock)] : []),
  );
}

const compareValues = (a: string | number | null | undefined, b: string | number | null | undefined) =>
  a === b ? 0 : a === null || a === undefined ? 1 : b === null || b === undefined ? -1 : a < b ? -1 : 1;

export function queryBreaches(cache: Cache, query: BreachQuery): BreachResult {
  validate(query);
  const storeUsable = repositories(cache).meta.get('projectionPolicyVersion') === query.policy.version;
  const tally: Tally = new Map();
  const refold = ticketsToFold(cache, query, storeUsable);
  if (storeUsable) countFromStore(cache, query, tally, refold);
  countByFolding(cache, query, refold, tally);
  // A cell only the re-folded tickets' stored clocks made is empty now.
  const cells = [...tally.values()].filter((cell) => cell.total > 0).sort((a, b) => {
    for (const dimension of query.by) {
      const order = compareValues(a[dimension], b[dimension]);
      if (order !== 0) return order;
    }
    return 0;
  });
  return { from: query.from, to: query.to, by: [...query.by], cells };
}

/** One breached clock behind a cell: what the drill-down lists and the median overrun is taken over. */
export interface BreachedClock {
  /** The cell's values, in the order of `by`. */
  values: (string | number | null)[];
  source: string;
  ticketId: string;
  name: string;
  index: number;
  /** How far past its limit the clock was at `to` (or when it stopped, if before). */
  overrunMs: number;
}

/** The stored breached clocks one by one (exported for its query-plan test). */
export function storedBreachedSql(by: readonly BreachDimension[]): string {
  const dims = by.map((dimension) => SQL_OF[dimension]);
  return `SELECT ${dims.map((sql, i) => `${sql} AS d${i}`).join(', ')}, c.source, c.ticket_id, c.name, c.idx, ${OVERRUN} AS overrun
     ${STORED_IN_PERIOD} AND ${BREACHED_AT_TO}`;
}

/**
 * Every clock `queryBreaches` counts as breached, one by one, from the same two
 * paths with the same conditions, so a cell's list is exactly its count. A
 * stored clock still running at `to` overran by the calendar time since its
 * breach instant; a folded one by its elapsed time (suspensions excluded).
 */
export function breachedClocks(cache: Cache, query: BreachQuery): BreachedClock[] {
  validate(query);
  const storeUsable = repositories(cache).meta.get('projectionPolicyVersion') === query.policy.version;
  const out: BreachedClock[] = [];
  const refold = ticketsToFold(cache, query, storeUsable);
  if (storeUsable) {
    const refolded = new Set(refold.map(ticketKeyOf));
    const rows = cache.db.prepare(storedBreachedSql(query.by)).all({ from: query.from, to: query.to }) as Row[];
    for (const row of rows) {
      if (refolded.has(ticketKeyOf({ source: String(row.source), ticketId: String(row.ticket_id) }))) continue;
      out.push({
        values: query.by.map((_, i) => row[`d${i}`] ?? null),
        source: String(row.source),
        ticketId: String(row.ticket_id),
        name: String(row.name),
        index: Number(row.idx),
        overrunMs: Math.max(0, Number(row.overrun)),
      });
    }
  }
  forEachFoldedClock(cache, query, refold, ({ key, clock, facts, breached }) => {
    if (!breached) return;
    out.push({
      values: query.by.map((dimension) => valueOf(dimension, clock, facts)),
      source: key.source,
      ticketId: key.ticketId,
      name: clock.name,
      index: clock.index,
      overrunMs: foldedOverrun(clock),
    });
  });
  return out;
}
