// Which upward reports a ticket owes, read from its board row's clocks, so the
// board's one-click buttons, "report all due" and the core agree.
import type { BoardRow, ClockDto } from '../contract';
import type { ReportKind } from '../protocol';
import { CLOCKED_REPORT_KINDS, clocksOfReport, isRunning, type ClockedReportKind } from '../domain/status';

export interface KindDue {
  kind: ReportKind | ClockedReportKind;
  /** The clock that asks for this report, if the policy gives the ticket one. */
  clock: ClockDto | null;
  due: boolean;
}

/**
 * A cadence report (a check too) is due once its cycle reaches the warning
 * share (or is late); a progress report at once while the first escalation
 * runs (it is that escalation); the fault report as soon as its clock runs
 * (recovery confirmed). A suspension request is asked for by people, never by
 * a clock.
 */
export function reportDue(row: BoardRow, kind: ReportKind | ClockedReportKind): KindDue {
  if (kind === 'suspend-request') return { kind, clock: null, due: false };
  // The report's clocks, the first to fall due first (the first escalation, then the progress cadence).
  const clocks = clocksOfReport(kind).map((name) => row.clocks.filter((c) => c.name === name).at(-1) ?? null);
  const escalation = clocks.length > 1 ? clocks[0] : null;
  if (escalation && isRunning(escalation)) return { kind, clock: escalation, due: true };
  const clock = clocks.at(-1) ?? null;
  if (!clock || !isRunning(clock)) return { kind, clock, due: false };
  return { kind, clock, due: kind === 'fault-report' || clock.state !== 'ok' };
}

/** The kinds of report the ticket owes now (a check is two reports, to the city NOC and to the handler). */
export function dueReportKinds(row: BoardRow): ClockedReportKind[] {
  return CLOCKED_REPORT_KINDS.filter((kind) => reportDue(row, kind).due);
}
