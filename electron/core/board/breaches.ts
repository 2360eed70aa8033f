// Breach counting, the one implementation the heatmaps and `noc breaches` share.
// `total` counts the clocks that started in [from, to); `breached` those of them
// whose state at `to` is breached or metLate. Tickets whose stored projection
// holds all their events up to `to` (the common case) are counted in SQL from
// the stored clocks; the others (events after `to`, or another policy than the
// projection's) are folded from their events up to `to` and evaluated then.
// The stored count takes the clocks of the period, those breached at `to` and
// their overruns from store/breaches.ts (the rollups by start bucket and cell,
// the index clocks_breaching, whole days kept at their versions), or, with
// `fullScan`, every clock of the period from the index clocks_started_at; the
// tickets with events after `to` (few: `to` is mostly now) are found in the
// tickets table, and their stored clocks are taken back out of the count before
// their folded ones are added.
import { clocksAt, SHANGHAI_OFFSET_MS, type Clock, type Policy, type TicketFacts } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import type { Reads, Store } from '../store/db';
import { BREACH_DIMENSIONS, type BreachDimension, type DimensionRow } from '../store/breaches';
import { stateFromStore, ticketKeyOf } from '../ingest/tickets';

export { BREACH_DIMENSIONS, type BreachDimension };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface BreachQuery {
  from: number;
  to: number;
  by: readonly BreachDimension[];
  policy: Policy;
  /** Also list each cell's breached clocks' overruns (the heatmap's median), from the same pass as the counts. */
  overruns?: boolean;
  /**
   * Count every stored clock of the period from the index, not from the
   * rollups: what a grouping no rollup holds does anyway, and the reference the
   * rollups are tested and measured against.
   */
  fullScan?: boolean;
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
    // Built up, not spread: an object spread per cell was most of the JavaScript of a heatmap (1,400 cells: 5 ms).
    const created: BreachCell = { breached: 0, total: 0 };
    query.by.forEach((dimension, i) => (created[dimension] = values[i] ?? null));
    if (query.overruns) created.overrunsMs = [];
    tally.set(id, (cell = created));
  }
  cell.total += total;
  cell.breached += breached;
  if (cell.overrunsMs?.length === 0) cell.overrunsMs = [...overruns];
  else for (const overrun of overruns) cell.overrunsMs?.push(overrun);
}

function validate(query: BreachQuery): void {
  if (!(query.from < query.to)) throw new Error('breaches: `from` must be before `to`');
  if (query.by.length === 0) throw new Error(`breaches: --by needs one or more of ${BREACH_DIMENSIONS.join(', ')}`);
  for (const dimension of query.by) {
    if (!BREACH_DIMENSIONS.includes(dimension)) throw new Error(`breaches: unknown dimension ${String(dimension)}`);
  }
}

type Row = DimensionRow;

const overrunsOf = (list: string | number | null | undefined): number[] =>
  list === null || list === undefined ? [] : String(list).split(',').map((overrun) => Math.max(0, Number(overrun)));

/** Every stored clock of the period counted, less those of the tickets in `refold`. */
function countFromStore(reads: Reads, query: BreachQuery, tally: Tally, refold: readonly TicketKey[]): void {
  const overruns = query.overruns ?? false;
  const period = { from: query.from, to: query.to };
  const values = (row: Row) => query.by.map((_, i) => row[`d${i}`] ?? null);
  if (!query.fullScan && reads.breaches.rolledUp(query.by)) {
    for (const cell of reads.breaches.periodCells(query.by, period, { overruns })) add(tally, cell.values, query, cell.total, cell.breached, cell.overrunsMs);
  } else {
    for (const row of reads.breaches.storedCounts(query.by, overruns, period)) {
      add(tally, values(row), query, Number(row.total), Number(row.breached), overruns ? overrunsOf(row.overruns) : []);
    }
  }
  for (const key of refold) {
    for (const row of reads.breaches.storedOfTicket(query.by, period, key)) {
      remove(tally, values(row), row.breached === 1, Math.max(0, Number(row.overrun)));
    }
  }
}

/** Tickets to fold: those with events after `to`, or every candidate when the policy differs from the projection's. */
function ticketsToFold(reads: Reads, query: BreachQuery, storeUsable: boolean): TicketKey[] {
  const period = { from: query.from, to: query.to };
  return storeUsable ? reads.breaches.ticketsWithLaterEvents(period) : reads.breaches.ticketsOfPeriod(period);
}

const foldedOverrun = (clock: Clock) => Math.max(0, clock.elapsedMs - clock.limitMs);

interface FoldedClock {
  key: TicketKey;
  clock: Clock;
  facts: TicketFacts;
  breached: boolean;
}

/** The clocks that started in [from, to) of tickets folded from their events up to `to`, as they stood then. */
function forEachFoldedClock(reads: Reads, query: BreachQuery, keys: readonly TicketKey[], visit: (folded: FoldedClock) => void): void {
  for (const key of keys) {
    const { fold, reports } = stateFromStore(reads, key, query.to);
    if (fold.lastAt === null) continue;
    const evaluation = clocksAt(fold, reports, query.policy, query.to);
    for (const clock of evaluation.clocks) {
      if (clock.state === 'notApplicable' || clock.startedAt === null) continue;
      if (clock.startedAt < query.from || clock.startedAt >= query.to) continue;
      visit({ key, clock, facts: evaluation.facts, breached: clock.state === 'breached' || clock.state === 'metLate' });
    }
  }
}

function countByFolding(reads: Reads, query: BreachQuery, keys: readonly TicketKey[], tally: Tally): void {
  forEachFoldedClock(reads, query, keys, ({ clock, facts, breached }) =>
    add(tally, query.by.map((dimension) => valueOf(dimension, clock, facts)), query, 1, breached ? 1 : 0, breached ? [foldedOverrun(clock)] : []),
  );
}

const compareValues = (a: string | number | null | undefined, b: string | number | null | undefined) =>
  a === b ? 0 : a === null || a === undefined ? 1 : b === null || b === undefined ? -1 : a < b ? -1 : 1;

export function queryBreaches(store: Store, query: BreachQuery): BreachResult {
  validate(query);
  const tally: Tally = new Map();
  // One snapshot: the stored count and the tickets taken back out of it must agree.
  store.read((reads) => {
    const storeUsable = reads.meta.get('projectionPolicyVersion') === query.policy.version;
    const refold = ticketsToFold(reads, query, storeUsable);
    if (storeUsable) countFromStore(reads, query, tally, refold);
    countByFolding(reads, query, refold, tally);
  });
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

/**
 * Every clock `queryBreaches` counts as breached, one by one, from the same two
 * paths with the same conditions, so a cell's list is exactly its count. A
 * stored clock still running at `to` overran by the calendar time since its
 * breach instant; a folded one by its elapsed time (suspensions excluded).
 */
export function breachedClocks(store: Store, query: BreachQuery): BreachedClock[] {
  validate(query);
  return store.read((reads) => breachedClocksIn(reads, query));
}

function breachedClocksIn(reads: Reads, query: BreachQuery): BreachedClock[] {
  const storeUsable = reads.meta.get('projectionPolicyVersion') === query.policy.version;
  const out: BreachedClock[] = [];
  const refold = ticketsToFold(reads, query, storeUsable);
  if (storeUsable) {
    const refolded = new Set(refold.map(ticketKeyOf));
    for (const row of reads.breaches.storedBreached(query.by, { from: query.from, to: query.to })) {
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
  forEachFoldedClock(reads, query, refold, ({ key, clock, facts, breached }) => {
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
