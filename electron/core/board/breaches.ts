// Breach counting, the one implementation the heatmaps and `noc breaches` share.
// `total` counts the clocks that started in [from, to); `breached` those of them
// whose state at `to` is breached or metLate. Tickets whose stored projection
// holds all their events up to `to` (the common case) are counted in SQL from
// the stored clocks; the others (events after `to`, or another policy than the
// projection's) are folded from their events up to `to` and evaluated then.
// Each clock row carries its ticket's last_event_at, so both sets are told
// apart inside the index range of clocks_started_at, with no join to tickets.
import { clocksAt, SHANGHAI_OFFSET_MS, type Clock, type Policy, type TicketFacts } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import type { Cache } from '../store/db';
import { NO_ACKED_REPORTS, type AckedReports } from '../store/reports';
import { repositories } from '../store/repositories';
import { foldStored } from '../ingest/tickets';

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

// The clocks that started in [from, to) of tickets with no event after `to`: their stored state is their state at `to`.
const STORED_IN_PERIOD = 'FROM clocks c WHERE c.started_at >= @from AND c.started_at < @to AND c.last_event_at <= @to';
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

function countFromStore(cache: Cache, query: BreachQuery, tally: Tally): void {
  const overruns = query.overruns ?? false;
  const rows = cache.db.prepare(storedCountSql(query.by, overruns)).all({ from: query.from, to: query.to }) as Record<
    string,
    string | number | null
  >[];
  for (const row of rows) {
    const values = query.by.map((_, i) => row[`d${i}`] ?? null);
    add(tally, values, query, Number(row.total), Number(row.breached), overruns ? overrunsOf(row.overruns) : []);
  }
}

/** The tickets with clocks in the period and events after `to` (exported for its query-plan test). */
export const TICKETS_WITH_LATER_EVENTS_SQL =
  'SELECT DISTINCT c.source, c.ticket_id FROM clocks c WHERE c.started_at >= @from AND c.started_at < @to AND c.last_event_at > @to';

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
  if (storeUsable) countFromStore(cache, query, tally);
  countByFolding(cache, query, ticketsToFold(cache, query, storeUsable), tally);
  const cells = [...tally.values()].sort((a, b) => {
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
  if (storeUsable) {
    const rows = cache.db.prepare(storedBreachedSql(query.by)).all({ from: query.from, to: query.to }) as Record<string, string | number | null>[];
    for (const row of rows) {
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
  forEachFoldedClock(cache, query, ticketsToFold(cache, query, storeUsable), ({ key, clock, facts, breached }) => {
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
