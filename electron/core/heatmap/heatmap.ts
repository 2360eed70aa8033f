// The heatmaps as the page draws them: the counts of `queryBreaches` (the one
// breach counting, shared with `noc breaches`) laid on full axes, with the rate
// and the median overrun per cell from the same breached clocks the drill-down
// lists, counted and collected in one pass.
//
// Query strategy (store/breaches.ts): how many clocks started in each cell
// comes from rollups kept at ingest (migrations 0009 and 0017,
// store/rollups.ts: counts per start day or hour and cell, which a clock's
// state never changes); which of them had breached at `to`, with their
// overruns for the median, from the partial index clocks_breaching (only
// clocks with a breach instant), decided per query from their instants. Both
// are kept per Shanghai day by the read connection at the day's version
// (migration 0017), so a month's heatmap reads again only the days a write
// changed (a day cut at the period's edge is kept clock by clock). The cells
// are added up here, not in SQL (its sort was most of the time). Tickets with
// events after `to` are folded as they stood then.
import { CUSTOMER_TIERS, SERVICES } from '../../../shared/protocol';
import { CLOCK_NAMES, type Policy } from '../../../shared/domain';
import type { HeatCell, HeatmapArgs, HeatmapGrouping, HeatmapResult } from '../../../shared/contract';
import { daysOfPeriod, shanghaiDayKey } from '../../../shared/heatmap/period';
import type { Store } from '../store/db';
import { breachedClocks, queryBreaches, type BreachDimension, type BreachedClock } from '../board/breaches';

export const DIMENSIONS_OF: Record<HeatmapGrouping, readonly [BreachDimension, BreachDimension]> = {
  'city,clock': ['city', 'clock'],
  'city,hour': ['city', 'hour'],
  'service,tier': ['service', 'tier'],
  'day,hour': ['day', 'hour'],
};

export interface HeatmapContext {
  store: Store;
  policy: Policy;
}

/** The axis key of a dimension's value: days as "2026-11-22", hours as "0"–"23", unknown as "". */
export function axisKey(dimension: BreachDimension, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return dimension === 'day' ? shanghaiDayKey(Number(value)) : String(value);
}

/** axisKey of one dimension, each value's key made once. */
function memoAxisKey(dimension: BreachDimension): (value: string | number | null | undefined) => string {
  const keys = new Map<string | number | null | undefined, string>();
  return (value) => {
    let key = keys.get(value);
    if (key === undefined) keys.set(value, (key = axisKey(dimension, value)));
    return key;
  };
}

const HOURS = Array.from({ length: 24 }, (_, hour) => String(hour));

function clockAxis(policy: Policy): string[] {
  // A disabled optional clock (fault-level response) has no column unless it still has clocks.
  return CLOCK_NAMES.filter((name) => name !== 'faultLevelResponse' || policy.clocks.faultLevelResponse.enabled);
}

/** Axis keys in display order; cities (free text) by breaches, then clocks, then name. */
function axis(dimension: BreachDimension, seen: Map<string, { total: number; breached: number }>, args: HeatmapArgs, policy: Policy): string[] {
  const withSeen = (fixed: readonly string[]) => [...fixed, ...[...seen.keys()].filter((key) => !fixed.includes(key)).sort()];
  switch (dimension) {
    case 'clock':
      return withSeen(clockAxis(policy));
    case 'hour':
      return HOURS;
    case 'tier':
      return withSeen(CUSTOMER_TIERS);
    case 'service':
      return [...SERVICES.filter((service) => seen.has(service)), ...(seen.has('') ? [''] : [])];
    case 'day':
      return daysOfPeriod(args.from, args.to).map(shanghaiDayKey);
    case 'city':
      return [...seen.entries()]
        .sort(([a, x], [b, y]) => y.breached - x.breached || y.total - x.total || (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'zh-CN')))
        .map(([key]) => key);
  }
}

/**
 * The median, by selection rather than a sort: the statistics take medians
 * over about 70,000 response times a request (the period's, each city's, each
 * day's), and sorting them (a typed array's sort: 4.5-5 ms for 22,581 values
 * on a loaded 2-core machine) was the largest part of their JavaScript.
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const copy = new Float64Array(values);
  const middle = copy.length >> 1;
  select(copy, middle);
  if (copy.length % 2) return copy[middle]!;
  // Everything before the middle is no greater than it: the lower middle is the largest of them.
  let lower = copy[0]!;
  for (let i = 1; i < middle; i += 1) if (copy[i]! > lower) lower = copy[i]!;
  return (lower + copy[middle]!) / 2;
}

/** Moves the k-th smallest value to `values[k]`, none greater before it and none smaller after it (Hoare's selection). */
function select(values: Float64Array, k: number): void {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const a = values[left]!;
    const b = values[(left + right) >> 1]!;
    const c = values[right]!;
    // The median of three, so sorted or reversed runs still halve.
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i += 1;
      while (values[j]! > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    // [left, j] holds no value above the pivot, [i, right] none below it, and between them only the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/** The breached clocks of the period, with the cell (row, col) each falls in. */
export function breachedClocksByCell(ctx: HeatmapContext, args: HeatmapArgs): { row: string; col: string; clock: BreachedClock }[] {
  const [rowDim, colDim] = DIMENSIONS_OF[args.by];
  return breachedClocks(ctx.store, { from: args.from, to: args.to, by: [rowDim, colDim], policy: ctx.policy }).map(
    (clock) => ({ row: axisKey(rowDim, clock.values[0]), col: axisKey(colDim, clock.values[1]), clock }),
  );
}

export function heatmapQuery(ctx: HeatmapContext, args: HeatmapArgs): HeatmapResult {
  const [rowDim, colDim] = DIMENSIONS_OF[args.by];
  const counted = queryBreaches(ctx.store, { from: args.from, to: args.to, by: [rowDim, colDim], policy: ctx.policy, overruns: true });
  const counts = new Map<string, { total: number; breached: number }>();
  const overruns = new Map<string, number[]>();
  const rowsSeen = new Map<string, { total: number; breached: number }>();
  const colsSeen = new Map<string, { total: number; breached: number }>();
  const bump = (map: Map<string, { total: number; breached: number }>, key: string, total: number, breached: number) => {
    const entry = map.get(key) ?? { total: 0, breached: 0 };
    entry.total += total;
    entry.breached += breached;
    map.set(key, entry);
  };
  // A day's key is a date formatted: once per value, not per cell (720 cells of day × hour over 30 days).
  const rowKey = memoAxisKey(rowDim);
  const colKey = memoAxisKey(colDim);
  for (const cell of counted.cells) {
    const row = rowKey(cell[rowDim]);
    const col = colKey(cell[colDim]);
    const key = `${row}\u0000${col}`;
    bump(counts, key, cell.total, cell.breached);
    bump(rowsSeen, row, cell.total, cell.breached);
    bump(colsSeen, col, cell.total, cell.breached);
    // Two cells of the query can share an axis key (a null and an empty string); most do not, and their list is taken as is.
    const seen = overruns.get(key);
    overruns.set(key, seen ? [...seen, ...(cell.overrunsMs ?? [])] : (cell.overrunsMs ?? []));
  }

  const rows = axis(rowDim, rowsSeen, args, ctx.policy);
  const cols = axis(colDim, colsSeen, args, ctx.policy);
  const cells: HeatCell[] = [];
  let total = 0;
  let breached = 0;
  for (const row of rows) {
    for (const col of cols) {
      const count = counts.get(`${row}\u0000${col}`) ?? { total: 0, breached: 0 };
      total += count.total;
      breached += count.breached;
      cells.push({
        row,
        col,
        total: count.total,
        breached: count.breached,
        rate: count.total > 0 ? count.breached / count.total : null,
        medianOverrunMs: count.total > 0 ? (median(overruns.get(`${row}\u0000${col}`) ?? []) ?? 0) : null,
      });
    }
  }
  return { from: args.from, to: args.to, by: args.by, policyVersion: ctx.policy.version, rows, cols, cells, total, breached };
}
