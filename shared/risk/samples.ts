// A clock as a sample of the history: from a ticket's evaluation (the console,
// as tickets change) or from a stored clock row seen at an earlier moment (the
// CLI and backtests, which may know only what happened by then).
import type { Clock } from '../domain/types';
import type { ClockName } from '../domain/types';
import type { RiskProfile } from './strata';
import type { RiskSample } from './history';

export function sampleId(ticketKey: string, clock: ClockName, index: number): string {
  return `${ticketKey}/${clock}/${index}`;
}

/** A clock evaluated at `at`, or null if it never started. */
export function sampleOfClock(ticketKey: string, clock: Clock, profile: RiskProfile, at: number): RiskSample | null {
  if (clock.state === 'notApplicable' || clock.startedAt === null || !(clock.limitMs > 0)) return null;
  const base = { id: sampleId(ticketKey, clock.name, clock.index), clock: clock.name, profile, limitMs: clock.limitMs };
  if (clock.stoppedAt !== null) return { ...base, endedShare: clock.elapsedMs / clock.limitMs, runningFrom: null };
  // Paused (suspended): its share stays where it is until it resumes.
  const paused = clock.dueAt === null;
  return { ...base, endedShare: null, runningFrom: at - clock.elapsedMs, ...(paused ? { capShare: clock.elapsedMs / clock.limitMs } : {}) };
}

/** A stored clock row (store/projection.ts) as far as the events with `at` ≤ the moment tell. */
export interface StoredClock {
  ticketKey: string;
  clock: ClockName;
  index: number;
  profile: RiskProfile;
  startedAt: number;
  dueAt: number | null;
  stoppedAt: number | null;
  /** Null while running. */
  elapsedMs: number | null;
  limitMs: number;
}

/**
 * The sample a stored clock is at `at`: ended if it stopped by then, else
 * running since its start, never counted beyond where it really stopped (or,
 * still running, from its due instant: elapsed = limit − (due − at)).
 */
export function sampleOfStored(row: StoredClock, at: number): RiskSample | null {
  if (row.startedAt > at || !(row.limitMs > 0)) return null;
  const base = { id: sampleId(row.ticketKey, row.clock, row.index), clock: row.clock, profile: row.profile, limitMs: row.limitMs };
  if (row.stoppedAt !== null && row.elapsedMs !== null) {
    if (row.stoppedAt <= at) return { ...base, endedShare: row.elapsedMs / row.limitMs, runningFrom: null };
    return { ...base, endedShare: null, runningFrom: row.startedAt, capShare: row.elapsedMs / row.limitMs };
  }
  if (row.dueAt !== null) return { ...base, endedShare: null, runningFrom: Math.max(row.startedAt, row.dueAt - row.limitMs) };
  return { ...base, endedShare: null, runningFrom: row.startedAt };
}
