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
  private timer: unknown = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly onDue: (keys: readonly string[]) => void,
    private readonly timers: Timers = NODE_TIMERS,
  ) {}

  start(): void {
    this.refresh(this.engine.openKeys());
    this.unsubscribe = this.engine.onChange((keys) => this.refresh(keys));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private refresh(keys: readonly string[]): void {
    const now = this.engine.now();
    for (const key of keys) {
      const evaluation = this.engine.evaluationOf(key);
      // After the evaluation's own time: an instant that passed since then fires at once.
      const crossing = evaluation ? nextCrossing(evaluation, evaluation.at) : null;
      if (crossing === null) this.next.delete(key);
      else this.next.set(key, crossing);
    }
    this.arm(now);
  }

  private arm(now: number): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    let soonest = Infinity;
    for (const instant of this.next.values()) soonest = Math.min(soonest, instant);
    if (soonest === Infinity) return;
    this.timer = this.timers.set(() => this.fire(), Math.min(MAX_DELAY_MS, Math.max(0, soonest - now)));
  }

  private fire(): void {
    this.timer = null;
    const now = this.engine.now();
    const due = [...this.next].filter(([, instant]) => instant <= now).map(([key]) => key);
    this.engine.reevaluate(due, now);
    if (due.length > 0) this.onDue(due);
    this.refresh(due);
  }
}
