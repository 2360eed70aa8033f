// The evaluation entry points and the small views the boards read from it.
import type { FeedEvent } from '../protocol';
import type { WorkCalendar } from './calendar';
import { clocksAt } from './clocks';
import { eventTime, foldTicket } from './lifecycle';
import type { Policy } from './policy';
import { CLOCKED_REPORT_KINDS, clocksOfReport, isRunning, type ClockedReportKind } from './status';
import type { AcknowledgedReport, Clock, ClockName, Evaluation } from './types';

/**
 * The ticket as known at `at`: its events with `at` <= the given time, folded
 * in (at, seq) order, then its clocks. Pure; arrival order does not matter.
 */
export function evaluate(
  events: readonly FeedEvent[],
  reports: readonly AcknowledgedReport[],
  policy: Policy,
  at: number,
  calendar?: WorkCalendar,
): Evaluation {
  const known = events.filter((event) => eventTime(event) <= at);
  return clocksAt(foldTicket(known, events[0]?.ticketId), reports, policy, at, calendar);
}

/** The last clock of each name, in the order of CLOCK_NAMES: what a board row shows. */
export function currentClocks(evaluation: Evaluation): Clock[] {
  const last = new Map<ClockName, Clock>();
  for (const clock of evaluation.clocks) last.set(clock.name, clock);
  return [...last.values()];
}

export type DueReportKind = ClockedReportKind;

/**
 * The upward report due soonest among the running report clocks; a clock paused
 * by suspension has no due time and sorts after the others. Null if none runs.
 */
export function nextReportDue(evaluation: Evaluation): { kind: DueReportKind; dueAt: number | null } | null {
  const current = currentClocks(evaluation);
  let best: { kind: DueReportKind; dueAt: number | null } | null = null;
  for (const kind of CLOCKED_REPORT_KINDS) {
    for (const name of clocksOfReport(kind)) {
      const clock = current.find((c) => c.name === name);
      if (!clock || !isRunning(clock)) continue;
      if (best === null || (clock.dueAt !== null && (best.dueAt === null || clock.dueAt < best.dueAt))) {
        best = { kind, dueAt: clock.dueAt };
      }
    }
  }
  return best;
}
