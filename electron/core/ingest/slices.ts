// Time-boxed slices, one a turn: how the ingest, the group flush and a rebuild share the
// event loop with timers, IPC and socket reads.
import { NODE_TIMERS, type Timers } from '../timers';

/**
 * Wall time one slice may hold the event loop; a turn runs one slice at most
 * (TurnGate), so this is what timers, IPC and socket reads wait for on top of
 * a collection that falls in it. Bigger slices write each touched page and
 * ticket once for more events. A 50,000-event burst's loop delay p99
 * (`npm run bench -- --only ingest`, medians of three runs, alternating, 4
 * December): a turn holding slices up to a 4 ms budget, 4 ms slices 30.4 and
 * 34.9 ms; one slice a turn, 4 ms 25.8 and 25.7, 2 ms 20.6, 23.0, 19.8 and
 * 21.8, 1 ms 17.2 and 17.4. The final code against the one before, two
 * rounds: 17.9 and 19.3 against 33.9 and 31.7 ms; ingest 24,655 and 26,343
 * against 27,847 and 26,728 events/s (the runs' spread is about as wide). What
 * is left is the scavenges that fall in a turn (9 ms on average, up to 27).
 */
export const SLICE_BUDGET_MS = 1;

/**
 * Slices of a pass over every ticket (a rebuild, the open tickets' load at a
 * start): each ends in a write unit or a read transaction of its own, and
 * nothing waits on a pass's rows one by one. At 1 ms `noc rebuild` took 132
 * and 138 s per 1,000,000 tickets, at 4 ms 113 and 114 s (113 and 115 before
 * the gate).
 */
export const PASS_SLICE_BUDGET_MS = 4;

/** First guesses of one event's and one ticket projection's cost, before a sizer has measured one. */
export const FIRST_MS_PER_EVENT = 0.05;
export const FIRST_MS_PER_TICKET = 0.1;

/** A monotonic clock in ms: slices and turns are sized by it, nothing stored depends on it. */
export type ElapsedClock = () => number;
export const WALL_CLOCK: ElapsedClock = () => performance.now();

/** Sizes the next slice from what the last ones cost, so each takes about `budgetMs`. */
export class SliceSizer {
  /** `msPerItem` is a first guess; the average over the last slices replaces it after one slice. */
  constructor(
    private readonly max: number,
    private msPerItem: number,
    private readonly clock: ElapsedClock = WALL_CLOCK,
    private readonly budgetMs = SLICE_BUDGET_MS,
  ) {}

  next(): number {
    return Math.max(1, Math.min(this.max, Math.floor(this.budgetMs / this.msPerItem)));
  }

  measure<T>(items: number, body: () => T): T {
    const started = this.clock();
    const result = body();
    this.msPerItem = (this.msPerItem + (this.clock() - started) / items) / 2;
    return result;
  }
}

/**
 * One slice per turn of the event loop for every sliced loop of an engine
 * (ingest, the units' projection, a rebuild, the open tickets' load): each asks
 * `slot()` before a slice. The first slice of a turn runs at once and arms a
 * timer; every later one waits for that timer, which fires in the next turn's
 * timers phase, after the socket reads, IPC and timers that waited. A live
 * trickle's slice finds the turn free and runs at once, so it waits on nothing.
 * A budget of wall time per turn let two loops that asked in the same instant
 * both in, and a turn ran up to the budget plus a slice of each loop (see
 * SLICE_BUDGET_MS for what that cost).
 */
export class TurnGate {
  private taken = false;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly timers: Timers = NODE_TIMERS) {}

  /** Resolves when a slice may run: at once if none ran in this turn, else in a later turn. */
  async slot(): Promise<void> {
    while (this.taken) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.taken = true;
    this.timers.set(() => this.nextTurn(), 0);
  }

  private nextTurn(): void {
    this.taken = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
