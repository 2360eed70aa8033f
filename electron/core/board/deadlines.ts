// Rows change with time alone: a clock turns to warning or breached with no
// event. The scheduler keeps, per open ticket, the next instant one of its
// clocks changes state, and reports the keys when that instant passes.
import { clocksAt } from '../../../shared/domain';
import type { Engine } from '../ingest/engine';
import { breachInstant } from '../store/projection';

export interface Timers {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

const NODE_TIMERS: Timers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** setTimeout's longest delay; a later deadline is re-armed when the timer fires. */
const MAX_DELAY_MS = 2 ** 31 - 1;

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

  /** The instant the ticket's clocks next change state by time alone, if any. */
  private crossingOf(key: string, now: number): number | null {
    const state = this.engine.openTicket(key);
    if (!state) return null;
    const reports = this.engine.reports.ackedReportsOf(state.source, state.ticketId);
    let soonest: number | null = null;
    for (const clock of clocksAt(state.fold, reports, this.engine.policy, now).clocks) {
      if (clock.stoppedAt !== null || clock.state === 'notApplicable') continue;
      for (const instant of [clock.state === 'ok' ? clock.warnAt : null, breachInstant(clock)]) {
        if (instant !== null && instant > now && (soonest === null || instant < soonest)) soonest = instant;
      }
    }
    return soonest;
  }

  private refresh(keys: readonly string[]): void {
    const now = this.engine.now();
    for (const key of keys) {
      const crossing = this.crossingOf(key, now);
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
    if (due.length > 0) this.onDue(due);
    this.refresh(due);
  }
}
