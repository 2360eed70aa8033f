// Which upward reports a ticket owes, read from its board row's clocks, so the
// board's one-click buttons, "report all due" and the core agree.
import type { BoardRow, ClockDto } from '../contract';
import type { ReportKind } from '../protocol';

const CLOCK_OF_KIND = {
  progress: 'upwardProgress',
  'stage-feedback': 'stageFeedback',
  'fault-report': 'faultReport',
} as const;

export interface KindDue {
  kind: ReportKind;
  /** The clock that asks for this report, if the policy gives the ticket one. */
  clock: ClockDto | null;
  due: boolean;
}

const running = (clock: ClockDto) => clock.state === 'ok' || clock.state === 'warning' || clock.state === 'breached';

/**
 * A cadence report is due once its cycle reaches the warning share (or is
 * late); the fault report as soon as its clock runs (recovery confirmed). A
 * suspension request is asked for by people, never by a clock.
 */
export function reportDue(row: BoardRow, kind: ReportKind): KindDue {
  if (kind === 'suspend-request') return { kind, clock: null, due: false };
  const clock = row.clocks.find((c) => c.name === CLOCK_OF_KIND[kind]) ?? null;
  if (!clock || !running(clock)) return { kind, clock, due: false };
  return { kind, clock, due: kind === 'fault-report' || clock.state !== 'ok' };
}

/** The kinds of report the ticket owes now. */
export function dueReportKinds(row: BoardRow): ReportKind[] {
  return (['progress', 'stage-feedback', 'fault-report'] as const).filter((kind) => reportDue(row, kind).due);
}
