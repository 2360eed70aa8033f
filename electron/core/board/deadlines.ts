// Rows change with time alone: a clock turns to warning or breached with no
// event. The scheduler keeps, per open ticket, the next instant one of its
// clocks changes state (from the evaluation its last change made), and when
// that instant passes has the ticket re-evaluated and reports its key.
import type { Evaluation } from '../../../shared/domain';
import type { Engine } from '../ingest/engine';
import { breachInstant } from '../store/projection';
import { NODE_TIMERS, type Timers } from '../timers';

/** setTimeout's longest delay; a later deadline is re-armed when the timer fires. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/**
 * Open tickets the first pass takes in one turn of the event loop: the 10,000
 * of the screen bench's cache took 30-80 ms in one (profiled at a start), and
 * the start's other passes share its turns (core/risk/model.ts WARM_SLICE_MS).
 */
export const FIRST_PASS_SLICE = 250;

/** The instant after `now` at which one of the evaluated clocks next changes state by time alone, if any. */
export function nextCrossing(evaluation: Evaluation, now: number): number | null {
  let soonest: number | null = null;
  for (const clock of evaluation.clocks) {
    if (clock.stoppedAt !== null || clock.state === 'notApplicable') continue;
    for (const instant of [clock.state === 'ok' ? clock.warnAt : null, breachInstant(clock)]) {
      if (instant !== null && instant > now && (soonest === null || instant < soonest)) soonest = instant;
    }
  }
  return soonest;
}

export class DeadlineScheduler {
  private readonly next = new Map<string, number>();
  /**
   * No ticket's next crossing is before this (a lower bound, exact after each
   * firing). A commit compares its tickets' crossings with it instead of
   * looking through every open ticket: that look, made on every commit (200 a
   * second at 1,000 events/s on 10,000 open tickets), was 3 % of the core's main thread.
   */
  private soonest = Infinity;
  private timer: unknown = null;
  /** When the timer fires (Infinity with none set). */
  private armedFor = Infinity;
  private unsubscribe: (() => void) | null = null;
  /** The first pass's next slice, while it runs. */
  private passTimer: unknown = null;

  constructor(
    private readonly engine: Engine,
    private readonly onDue: (keys: readonly string[]) => void,
    private readonly timers: Timers = NODE_TIMERS,
  ) {}

  /** Takes every open ticket's next crossing, a slice a turn; a ticket that changes meanwhile is taken at once. */
  start(): void {
    this.unsubscribe = this.engine.onChange((keys) => this.refresh(keys));
    this.firstPass(this.engine.openKeys(), 0);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.passTimer !== null) this.timers.clear(this.passTimer);
    this.passTimer = null;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.armedFor = Infinity;
  }

  private firstPass(keys: readonly string[], from: number): void {
    this.passTimer = null;
    const to = Math.min(keys.length, from + FIRST_PASS_SLICE);
    this.refresh(keys.slice(from, to));
    if (to < keys.length) this.passTimer = this.timers.set(() => this.firstPass(keys, to), 0);
  }

  private refresh(keys: readonly string[]): void {
    const now = this.engine.now();
    for (const key of keys) {
      const evaluation = this.engine.evaluationOf(key);
      // After the evaluation's own time: an instant that passed since then fires at once.
      const crossing = evaluation ? nextCrossing(evaluation, evaluation.at) : null;
      if (crossing === null) this.next.delete(key);
      else {
        this.next.set(key, crossing);
        if (crossing < this.soonest) this.soonest = crossing;
      }
    }
    this.arm(now);
  }

  /** Sets the timer for the soonest crossing, unless it already fires by then. */
  private arm(now: number): void {
    if (this.soonest === Infinity || this.soonest >= this.armedFor) return;
    if (this.timer !== null) this.timers.clear(this.timer);
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, this.soonest - now));
    this.armedFor = now + delay;
    this.timer = this.timers.set(() => this.fire(), delay);
  }

  private fire(): void {
    this.timer = null;
    this.armedFor = Infinity;
    const now = this.engine.now();
    const due: string[] = [];
    let soonest = Infinity;
    for (const [key, instant] of this.next) {
      if (instant <= now) due.push(key);
      else if (instant < soonest) soonest = instant;
    }
    this.soonest = soonest;
    this.engine.reevaluate(due, now);
    if (due.length > 0) this.onDue(due);
    this.refresh(due);
  }
}
