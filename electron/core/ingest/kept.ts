// An open ticket's evaluation as the engine keeps it between changes. A ticket
// left unreported for hours has a finished cadence cycle (progress, stage
// feedback, check) every half hour: 10,000 such tickets held about 500,000
// clock objects, nearly all of them cycles that will never change again (heap
// snapshot). Kept as objects: the clocks that can still change and those a row
// shows; the finished ones packed in a typed array, made objects again only for
// whoever needs every clock (the risk history).
import { CLOCK_NAMES, CLOCK_STATES, type Clock, type Evaluation, type Limit } from '../../../shared/domain';

/**
 * An evaluation whose `clocks` are only its live ones: every clock not
 * stopped, and the last of each name. A stopped clock followed by another of
 * its name (a reported cadence cycle, a superseded accept) is final: no alarm,
 * deadline or row reads it (each looks at running clocks or the last of a
 * name). `allClocks` gives every clock, in the evaluation's order.
 */
export interface KeptEvaluation extends Evaluation {
  past: PastClocks;
}

/** Finished clocks, PAST_FIELDS numbers each (null as NaN), with their limits and where they stood among all clocks. */
interface PastClocks {
  numbers: Float64Array;
  limits: readonly (Limit | null)[];
}

/** Position among all clocks, name, index, state (as positions in their lists), then the eight times and durations. */
const PAST_FIELDS = 12;
const NONE: PastClocks = { numbers: new Float64Array(0), limits: [] };

const packed = (value: number | null) => value ?? Number.NaN;
const unpacked = (value: number) => (Number.isNaN(value) ? null : value);

/** The evaluation as kept: live clocks as they are, finished ones packed. */
export function keep(evaluation: Evaluation): KeptEvaluation {
  const { clocks } = evaluation;
  const isLast = new Set<Clock>();
  const seen = new Set<string>();
  for (let i = clocks.length - 1; i >= 0; i--) {
    const clock = clocks[i]!;
    if (!seen.has(clock.name)) isLast.add(clock);
    seen.add(clock.name);
  }
  const live: Clock[] = [];
  const past: number[] = [];
  const limits: (Limit | null)[] = [];
  clocks.forEach((clock, position) => {
    if (clock.stoppedAt === null || isLast.has(clock)) {
      live.push(clock);
      return;
    }
    limits.push(clock.limit);
    past.push(
      position, CLOCK_NAMES.indexOf(clock.name), clock.index, CLOCK_STATES.indexOf(clock.state), packed(clock.startedAt), packed(clock.dueAt),
      packed(clock.warnAt), packed(clock.breachedAt), clock.stoppedAt, clock.elapsedMs, clock.limitMs, clock.pausedMs,
    );
  });
  // Every field named, not spread: a spread gave each kept evaluation a hidden class of its own (tickets.ts ticketState).
  return {
    at: evaluation.at,
    facts: evaluation.facts,
    clocks: live,
    nextDueAt: evaluation.nextDueAt,
    rejected: evaluation.rejected,
    policyVersion: evaluation.policyVersion,
    past: past.length === 0 ? NONE : { numbers: Float64Array.from(past), limits },
  };
}

/** Every clock of a kept evaluation, in the order clocksAt gave them. */
export function allClocks(kept: KeptEvaluation): Clock[] {
  const { numbers, limits } = kept.past;
  if (numbers.length === 0) return kept.clocks;
  const all: Clock[] = [];
  let live = 0;
  for (let at = 0, n = 0; at < numbers.length; at += PAST_FIELDS, n++) {
    while (all.length < numbers[at]!) all.push(kept.clocks[live++]!);
    all.push({
      name: CLOCK_NAMES[numbers[at + 1]!]!,
      index: numbers[at + 2]!,
      state: CLOCK_STATES[numbers[at + 3]!]!,
      startedAt: unpacked(numbers[at + 4]!),
      dueAt: unpacked(numbers[at + 5]!),
      warnAt: unpacked(numbers[at + 6]!),
      breachedAt: unpacked(numbers[at + 7]!),
      stoppedAt: numbers[at + 8]!,
      elapsedMs: numbers[at + 9]!,
      limitMs: numbers[at + 10]!,
      pausedMs: numbers[at + 11]!,
      limit: limits[n] ?? null,
    });
  }
  while (live < kept.clocks.length) all.push(kept.clocks[live++]!);
  return all;
}
