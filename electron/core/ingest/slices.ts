// Time-boxed slices: how the ingest, the group flush and a rebuild share the
// event loop with timers, IPC and socket reads.
import { NODE_TIMERS, type Timers } from '../timers';

/**
 * Wall time one slice may hold the event loop. Bigger slices write each
 * touched page and ticket once for more events; this keeps them short enough
 * that timers, IPC and socket reads wait at most about this long. At 8 ms a
 * 50,000-event burst's loop delay p99 was 45 ms, at 4 ms 32 ms, at 2 ms 31 ms,
 * with the same ingest rate (14,800–15,300 events/s, `npm run bench`, one run
 * each, 3 December): what is left is scavenges and the turns' other work.
 */
export const SLICE_BUDGET_MS = 4;

/**
 * Wall time after which no further slice starts in the same turn of the event
 * loop, whichever loop it belongs to: a turn holds at most this plus one slice
 * of each loop (a loop asks just before its slice; two that ask in the same
 * instant both get in).
 * An ingest's slice and the projection of the unit it filled used to run back
 * to back in one turn (two 12 ms slices, the message hand-overs and the
 * scavenges that fell in them: a 50,000-event burst's loop delay p99 was 121 ms).
 */
export const TURN_BUDGET_MS = 4;

/** First guesses of one event's and one ticket projection's cost, before a sizer has measured one. */
export const FIRST_MS_PER_EVENT = 0.05;
export const FIRST_MS_PER_TICKET = 0.1;

/** A monotonic clock in ms: slices and turns are sized by it, nothing stored depends on it. */
export type ElapsedClock = () => number;
export const WALL_CLOCK: ElapsedClock = () => performance.now();

/** Sizes the next slice from what the last ones cost, so each takes about SLICE_BUDGET_MS. */
export class SliceSizer {
  /** `msPerItem` is a first guess; the average over the last slices replaces it after one slice. */
  constructor(
    private readonly max: number,
    private msPerItem: number,
    private readonly clock: ElapsedClock = WALL_CLOCK,
  ) {}

  next(): number {
    return Math.max(1, Math.min(this.max, Math.floor(SLICE_BUDGET_MS / this.msPerItem)));
  }

  measure<T>(items: number, body: () => T): T {
    const started = this.clock();
    const result = body();
    this.msPerItem = (this.msPerItem + (this.clock() - started) / items) / 2;
    return result;
  }
}

/**
 * One budget per turn of the event loop for every sliced loop of an engine
 * (ingest, the units' projection, a rebuild, the open tickets' load): each asks
 * `slot()` before a slice. The first slice of a turn starts its budget and
 * arms a timer; once the budget is spent, slices wait for that timer, which
 * fires in the next turn's timers phase, after the socket reads, IPC and
 * timers that waited. A live trickle's slice finds the budget unspent and
 * runs at once, so it waits on nothing.
 */
export class TurnBudget {
  private started: number | null = null;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly clock: ElapsedClock = WALL_CLOCK,
    private readonly timers: Timers = NODE_TIMERS,
    private readonly budgetMs: number = TURN_BUDGET_MS,
  ) {}

  /** Resolves when a slice may run: at once while this turn's budget lasts, else in a later turn. */
  async slot(): Promise<void> {
    for (;;) {
      if (this.started === null) {
        this.started = this.clock();
        this.timers.set(() => this.nextTurn(), 0);
        return;
      }
      if (this.clock() - this.started < this.budgetMs) return;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private nextTurn(): void {
    this.started = null;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
