import type { BoardRow, ClockDto } from '../contract';
import type { ClockState } from '../domain/types';
import { isRunning } from '../domain/status';

// A row's clocks come from main as of `row.updatedAt`; between deltas the
// renderer moves running clocks forward itself so a deadline passing shows on
// screen the second it passes, with no query.

/** How bad a state is, for "worst clock" and "did this row get worse". */
const SEVERITY: Record<ClockState, number> = {
  notApplicable: 0,
  met: 1,
  ok: 2,
  metLate: 3,
  warning: 4,
  breached: 5,
};

export function severity(state: ClockState): number {
  return SEVERITY[state];
}

/** A clock's state at `now`: a running clock warns at `warnAt` and breaches once past `dueAt`. */
export function liveClockState(clock: ClockDto, now: number): ClockState {
  if (clock.state !== 'ok' && clock.state !== 'warning') return clock.state;
  if (clock.dueAt !== null && now > clock.dueAt) return 'breached';
  if (clock.warnAt !== null && now >= clock.warnAt) return 'warning';
  return clock.state;
}

/**
 * The first instant after `now` at which a row's state may change by time
 * alone (a running clock reaching its warning or passing its deadline), or
 * +Infinity. It may be an instant at which nothing changes (a clock already
 * warning); it is never later than a change.
 */
export function nextStateChangeAt(row: ClockedRow, now: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const clock of row.clocks) {
    if (clock.state !== 'ok' && clock.state !== 'warning') continue;
    if (clock.warnAt !== null && clock.warnAt > now && clock.warnAt < next) next = clock.warnAt;
    // Breached once `now > dueAt`: the first such millisecond.
    if (clock.dueAt !== null && clock.dueAt + 1 > now && clock.dueAt + 1 < next) next = clock.dueAt + 1;
  }
  return next;
}

// Rows are immutable (a delta brings new objects) and the renderer's `now` moves
// once a second, while counts, order and flashes each walk thousands of rows
// on every delta and tick: each row's state is computed once and looked up
// until time can change it (`nextStateChangeAt`). Recomputed every second
// instead, two counts of 10,000 rows took 20 to 75 ms each on a busy machine.
const stateAt = new WeakMap<ClockedRow, { from: number; until: number; state: ClockState }>();

/** What a row's state and its place in the board's order depend on. */
export type ClockedRow = Pick<BoardRow, 'clocks'>;
export type UrgencyRow = Pick<BoardRow, 'key' | 'clocks' | 'nextDueAt'>;

export function rowState(row: ClockedRow, now: number): ClockState {
  const known = stateAt.get(row);
  if (known !== undefined && now >= known.from && now < known.until) return known.state;
  let worst: ClockState = 'notApplicable';
  for (const clock of row.clocks) {
    const state = liveClockState(clock, now);
    if (SEVERITY[state] > SEVERITY[worst]) worst = state;
  }
  const until = nextStateChangeAt(row, now);
  if (known) {
    known.from = now;
    known.until = until;
    known.state = worst;
  } else stateAt.set(row, { from: now, until, state: worst });
  return worst;
}

export function isBreached(row: ClockedRow, now: number): boolean {
  return rowState(row, now) === 'breached';
}

/** The running clock whose deadline comes first (overdue ones included). */
export function nextClock(row: { readonly clocks: readonly ClockDto[] }): ClockDto | null {
  let next: ClockDto | null = null;
  for (const clock of row.clocks) {
    if (clock.dueAt === null || clock.stoppedAt !== null || !isRunning(clock)) continue;
    if (next === null || clock.dueAt < (next.dueAt ?? Infinity)) next = clock;
  }
  return next;
}

export interface CountdownAt {
  clock: ClockDto;
  /** Milliseconds to the deadline; negative once past it. */
  left: number;
  overdue: boolean;
  warning: boolean;
}

/** The next deadline as a countdown at `now`, or null when no clock is running toward one. */
export function countdownAt(row: BoardRow, now: number): CountdownAt | null {
  const clock = nextClock(row);
  if (!clock || clock.dueAt === null) return null;
  const left = clock.dueAt - now;
  const overdue = left < 0;
  return { clock, left, overdue, warning: !overdue && clock.warnAt !== null && now >= clock.warnAt };
}

/**
 * Board order: breached rows first, then by next deadline; rows with no running
 * deadline (suspended, waiting) last. Within the breached ones the longest
 * overdue leads, which is also the soonest `nextDueAt`.
 */
export function compareUrgency(a: UrgencyRow, b: UrgencyRow, now: number): number {
  const breachedA = isBreached(a, now) ? 0 : 1;
  const breachedB = isBreached(b, now) ? 0 : 1;
  if (breachedA !== breachedB) return breachedA - breachedB;
  const dueA = a.nextDueAt ?? Number.POSITIVE_INFINITY;
  const dueB = b.nextDueAt ?? Number.POSITIVE_INFINITY;
  if (dueA !== dueB) return dueA < dueB ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export interface StateCounts {
  total: number;
  breached: number;
  warning: number;
}

export function countStates(rows: Iterable<BoardRow>, now: number): StateCounts {
  const counts: StateCounts = { total: 0, breached: 0, warning: 0 };
  for (const row of rows) {
    counts.total += 1;
    const state = rowState(row, now);
    if (state === 'breached') counts.breached += 1;
    else if (state === 'warning') counts.warning += 1;
  }
  return counts;
}
