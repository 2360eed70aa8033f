// The small rules every layer asks: is a ticket open, is a clock running, which
// clock a report kind answers. Core and renderer both read them from here.
import type { UpwardReportKind } from '../protocol';
import type { Clock, ClockName, ClockState, Stage } from './types';

export function isOpenStage(stage: Stage): boolean {
  return stage !== 'closed';
}

/** Running toward its limit (past it included); not stopped, not paused short of it, not applicable. */
export function isRunningState(state: ClockState): boolean {
  return state === 'ok' || state === 'warning' || state === 'breached';
}

export function isRunning(clock: Pick<Clock, 'state'>): boolean {
  return isRunningState(clock.state);
}

/** Clocks that run in cycles, each ended by reports of their kind (a check's by one to each party). */
export const CADENCE_CLOCKS = ['upwardProgress', 'stageFeedback', 'check'] as const satisfies readonly ClockName[];
export type CadenceClock = (typeof CADENCE_CLOCKS)[number];

export function isCadence(name: ClockName): name is CadenceClock {
  return (CADENCE_CLOCKS as readonly ClockName[]).includes(name);
}

/** The report kind that ends each cycle of a cadence. */
export const REPORT_OF_CADENCE = { upwardProgress: 'progress', stageFeedback: 'stage-feedback', check: 'check' } as const satisfies Record<
  CadenceClock,
  UpwardReportKind
>;

/** The clock each kind of report answers: an acknowledged report stops (or restarts) it. */
export const CLOCK_OF_REPORT = {
  progress: 'upwardProgress',
  'stage-feedback': 'stageFeedback',
  'fault-report': 'faultReport',
  check: 'check',
} as const satisfies Partial<Record<UpwardReportKind, ClockName>>;
export type ClockedReportKind = keyof typeof CLOCK_OF_REPORT;

/**
 * Every clock a report of `kind` answers, the first to fall due first: a
 * progress report is also the first escalation (首次上报, 5 min), which is due
 * at once rather than at the cadence's warning share.
 */
export function clocksOfReport(kind: ClockedReportKind): readonly ClockName[] {
  return kind === 'progress' ? ['firstEscalation', CLOCK_OF_REPORT.progress] : [CLOCK_OF_REPORT[kind]];
}
export const CLOCKED_REPORT_KINDS = Object.keys(CLOCK_OF_REPORT) as ClockedReportKind[];
