import type { BoardRow, ClockDto } from '../contract';
import { compareUrgency, isBreached, liveClockState, nextClock, type UrgencyRow } from './urgency';

// What a wall shows of the boards. Read from across a dark room, it must say
// what breaches next, not only what breached long ago: a ticket whose first
// report is 17 hours late is not news, the one breaching in four minutes is.

/** A breach older than this is long-standing: counted in the pinned strip, not given a row. */
export const LONG_BREACH_MS = 60 * 60_000;

/** A running clock and its ticket. */
export interface DueClock {
  row: BoardRow;
  clock: ClockDto;
}

/**
 * The `count` tickets that breach next, each by its running clock due first:
 * live state ok or warning at `now`, with a deadline, soonest first (ties by
 * ticket). One entry per ticket, so a ticket whose three cadence clocks fall
 * due together does not fill the block; tickets on both boards count once.
 */
export function breachesNext(rows: Iterable<BoardRow>, now: number, count: number): DueClock[] {
  const due = new Map<string, DueClock>();
  for (const row of rows) {
    if (due.has(row.key)) continue;
    let soonest: ClockDto | null = null;
    for (const clock of row.clocks) {
      if (clock.dueAt === null || clock.stoppedAt !== null) continue;
      const state = liveClockState(clock, now);
      if (state !== 'ok' && state !== 'warning') continue;
      if (soonest === null || clock.dueAt < (soonest.dueAt ?? 0) || (clock.dueAt === soonest.dueAt && clock.name < soonest.name)) soonest = clock;
    }
    if (soonest !== null) due.set(row.key, { row, clock: soonest });
  }
  return [...due.values()].sort((a, b) => (a.clock.dueAt ?? 0) - (b.clock.dueAt ?? 0) || compareKeys(a.row.key, b.row.key)).slice(0, Math.max(0, count));
}

/** The clock of a row that breached most recently (running and past its deadline at `now`), with that instant. */
export function latestBreach(row: Pick<BoardRow, 'clocks'>, now: number): { clock: ClockDto; at: number } | null {
  let latest: { clock: ClockDto; at: number } | null = null;
  for (const clock of row.clocks) {
    if (clock.dueAt === null || liveClockState(clock, now) !== 'breached') continue;
    if (latest === null || clock.dueAt > latest.at) latest = { clock, at: clock.dueAt };
  }
  return latest;
}

/** Breached, and even its most recent breach is older than `longAfterMs`. */
export function isLongBreach(row: Pick<BoardRow, 'clocks'>, now: number, longAfterMs: number = LONG_BREACH_MS): boolean {
  const latest = latestBreach(row, now);
  return latest !== null && now - latest.at > longAfterMs;
}

/**
 * The clock a wall row shows, with its countdown and badge: a breached row its
 * newest breach (why it is on the screen now), any other the running clock due
 * first; null when no clock runs toward a deadline.
 */
export function displayedClock(row: BoardRow, now: number): ClockDto | null {
  return latestBreach(row, now)?.clock ?? nextClock(row);
}

/**
 * Wall order: breached rows first, longest overdue by the clock each shows
 * (its newest breach), then the board's order by next deadline.
 */
export function compareWallUrgency(a: UrgencyRow, b: UrgencyRow, now: number): number {
  const breachA = latestBreach(a, now)?.at ?? null;
  const breachB = latestBreach(b, now)?.at ?? null;
  if (breachA !== null && breachB !== null && breachA !== breachB) return breachA - breachB;
  return compareUrgency(a, b, now);
}

export interface WallRows {
  shown: BoardRow[];
  /** Rows left off the screen, long-standing breaches not included. */
  hiddenCount: number;
  hiddenBreached: number;
  /** Long-standing breaches: counted (in the pinned strip), never given a row. */
  longBreaches: number;
}

/**
 * The few rows a wall board can show, most urgent first, without its
 * long-standing breaches: those collapse into a count, so a board where most
 * tickets have been late for hours still shows the ones about to breach.
 */
export function pickWallRows(rows: Iterable<BoardRow>, maxRows: number, now: number, longAfterMs: number = LONG_BREACH_MS): WallRows {
  const current: BoardRow[] = [];
  let longBreaches = 0;
  for (const row of rows) {
    if (isLongBreach(row, now, longAfterMs)) longBreaches += 1;
    else current.push(row);
  }
  current.sort((a, b) => compareWallUrgency(a, b, now));
  const shown = current.slice(0, Math.max(0, maxRows));
  const hidden = current.slice(shown.length);
  return { shown, hiddenCount: hidden.length, hiddenBreached: hidden.filter((row) => isBreached(row, now)).length, longBreaches };
}

export interface PinnedSelection {
  /** Breached tickets that are news: newest breach first. */
  recent: { row: BoardRow; clock: ClockDto; at: number }[];
  /** Tickets breached for longer than the long-breach time: a count only. */
  long: number;
}

/** The pinned strip: recent breaches of both boards by name, newest first; long-standing ones as a count. */
export function pinnedBreaches(rows: Iterable<BoardRow>, now: number, longAfterMs: number = LONG_BREACH_MS): PinnedSelection {
  const recent: PinnedSelection['recent'] = [];
  const seen = new Set<string>();
  let long = 0;
  for (const row of rows) {
    if (seen.has(row.key)) continue;
    seen.add(row.key);
    const latest = latestBreach(row, now);
    if (latest === null) continue;
    if (now - latest.at > longAfterMs) long += 1;
    else recent.push({ row, ...latest });
  }
  recent.sort((a, b) => b.at - a.at || compareKeys(a.row.key, b.row.key));
  return { recent, long };
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
