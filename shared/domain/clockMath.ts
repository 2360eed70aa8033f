// One clock's numbers from the spans it runs over. Kept free of lifecycle rules
// so every clock (single, repeated, cadence) shares one measurement.
import { addWorkingMs, DAY_MS, workingMsBetween, type WorkCalendar } from './calendar';
import type { Clock, ClockName, ClockState, Limit, TicketFacts } from './types';

export interface MeasureContext {
  at: number;
  warningShare: number;
  calendar: WorkCalendar;
  suspensions: TicketFacts['suspensions'];
}

export function limitMs(limit: Limit): number {
  if ('minutes' in limit) return limit.minutes * 60_000;
  if ('hours' in limit) return limit.hours * 3_600_000;
  return limit.workingDays * DAY_MS;
}

// Shared and frozen: most tickets carry several, and nobody may edit a clock.
const NOT_APPLICABLE = new Map<ClockName, Clock>();

export function notApplicableClock(name: ClockName): Clock {
  let clock = NOT_APPLICABLE.get(name);
  if (!clock) {
    clock = Object.freeze<Clock>({
      name,
      index: 0,
      state: 'notApplicable',
      startedAt: null,
      dueAt: null,
      warnAt: null,
      breachedAt: null,
      stoppedAt: null,
      elapsedMs: 0,
      limitMs: 0,
      pausedMs: 0,
      limit: null,
    });
    NOT_APPLICABLE.set(name, clock);
  }
  return clock;
}

function stateOf(stopped: boolean, elapsedMs: number, limitTotal: number, warnTotal: number): ClockState {
  if (stopped) return elapsedMs <= limitTotal ? 'met' : 'metLate';
  if (elapsedMs > limitTotal) return 'breached';
  return elapsedMs >= warnTotal ? 'warning' : 'ok';
}

/**
 * A clock over one span [from, to) (to = Infinity while running). The common
 * case, calendar time on a ticket never suspended, needs no piece list: it is
 * most of what a board refresh measures.
 */
export function measureSpan(name: ClockName, index: number, limit: Limit, from: number, to: number, ctx: MeasureContext): Clock {
  if (ctx.suspensions.length > 0 || 'workingDays' in limit) return measureClock(name, index, limit, [from, to], ctx);
  const limitTotal = limitMs(limit);
  const warnTotal = limitTotal * ctx.warningShare;
  const stopped = to <= ctx.at;
  const elapsedMs = Math.max(0, (stopped ? to : ctx.at) - from);
  return {
    name,
    index,
    state: stateOf(stopped, elapsedMs, limitTotal, warnTotal),
    startedAt: from,
    dueAt: from + limitTotal,
    warnAt: from + warnTotal,
    breachedAt: elapsedMs > limitTotal ? from + limitTotal : null,
    stoppedAt: stopped ? to : null,
    elapsedMs,
    limitMs: limitTotal,
    pausedMs: 0,
    limit,
  };
}

/**
 * Measures a clock that runs over `spans` (flat [from, to, from, to, ...]; the
 * last `to` is Infinity while the clock has not stopped). Only what happened up
 * to `at` counts; suspended time is excluded and reported as `pausedMs`.
 * Elapsed time is calendar time, or working time for working-day limits (both
 * in ms, a working day being 24 h of working time).
 */
export function measureClock(name: ClockName, index: number, limit: Limit, spans: readonly number[], ctx: MeasureContext): Clock {
  const { at, calendar, suspensions } = ctx;
  const working = 'workingDays' in limit;
  const limitTotal = limitMs(limit);
  const warnTotal = limitTotal * ctx.warningShare;
  const startedAt = spans[0] as number;
  const lastTo = spans[spans.length - 1] as number;
  const stopped = lastTo <= at;

  // Active pieces: the spans clipped to `at`, minus suspensions.
  const pieces: number[] = [];
  let pausedMs = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const from = spans[i] as number;
    const to = Math.min(spans[i + 1] as number, at);
    if (to <= from) continue;
    let cursor = from;
    for (const s of suspensions) {
      const sFrom = Math.max(s.from, cursor);
      const sTo = Math.min(s.to ?? Infinity, to);
      if (sTo <= sFrom) continue;
      if (sFrom > cursor) pieces.push(cursor, sFrom);
      pausedMs += sTo - sFrom;
      cursor = sTo;
    }
    if (cursor < to) pieces.push(cursor, to);
  }

  let elapsedMs = 0;
  for (let i = 0; i < pieces.length; i += 2) {
    const from = pieces[i] as number;
    const to = pieces[i + 1] as number;
    elapsedMs += working ? workingMsBetween(calendar, from, to) : to - from;
  }

  let paused = false;
  if (!stopped) for (const s of suspensions) if (s.from <= at && (s.to === null || s.to > at)) paused = true;
  // Where the clock goes on from if nothing else pauses it: its stop, or `at`.
  const resumeFrom = stopped ? lastTo : at;
  const dueAt = crossing(limitTotal, elapsedMs, pieces, paused, resumeFrom, working, calendar);
  const warnAt = crossing(warnTotal, elapsedMs, pieces, paused, resumeFrom, working, calendar);

  const state = stateOf(stopped, elapsedMs, limitTotal, warnTotal);
  return {
    name,
    index,
    state,
    startedAt,
    dueAt,
    warnAt,
    breachedAt: elapsedMs > limitTotal ? dueAt : null,
    stoppedAt: stopped ? lastTo : null,
    elapsedMs,
    limitMs: limitTotal,
    pausedMs,
    limit,
  };
}

/** When elapsed time reaches `target`: within the pieces if it already has, else projected (null while paused). */
function crossing(
  target: number,
  elapsedMs: number,
  pieces: readonly number[],
  paused: boolean,
  resumeFrom: number,
  working: boolean,
  calendar: WorkCalendar,
): number | null {
  if (elapsedMs >= target) return instantOf(pieces, target, working, calendar);
  if (paused) return null;
  return working ? addWorkingMs(calendar, resumeFrom, target - elapsedMs) : resumeFrom + target - elapsedMs;
}

/** The instant within `pieces` at which measured time reaches `target` (target <= their total). */
function instantOf(pieces: readonly number[], target: number, working: boolean, calendar: WorkCalendar): number {
  let acc = 0;
  for (let i = 0; i < pieces.length; i += 2) {
    const from = pieces[i] as number;
    const to = pieces[i + 1] as number;
    const length = working ? workingMsBetween(calendar, from, to) : to - from;
    if (acc + length >= target) return working ? addWorkingMs(calendar, from, target - acc) : from + target - acc;
    acc += length;
  }
  return pieces[pieces.length - 1] ?? 0;
}
