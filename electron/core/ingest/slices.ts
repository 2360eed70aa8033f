// Time-boxed slices: how the ingest, the group flush and a rebuild share the
// event loop with timers, IPC and socket reads.

/**
 * Wall time one slice may hold the event loop. Bigger slices write each
 * touched page and ticket once for more events; this keeps them short enough
 * that timers, IPC and socket reads wait at most about this long.
 */
export const SLICE_BUDGET_MS = 12;

/** First guesses of one event's and one ticket projection's cost, before a sizer has measured one. */
export const FIRST_MS_PER_EVENT = 0.05;
export const FIRST_MS_PER_TICKET = 0.1;

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Sizes the next slice from what the last ones cost, so each takes about SLICE_BUDGET_MS. */
export class SliceSizer {
  /** `msPerItem` is a first guess; the average over the last slices replaces it after one slice. */
  constructor(
    private readonly max: number,
    private msPerItem: number,
  ) {}

  next(): number {
    return Math.max(1, Math.min(this.max, Math.floor(SLICE_BUDGET_MS / this.msPerItem)));
  }

  /** Elapsed time is read here only to size slices: nothing that is stored depends on it. */
  measure<T>(items: number, body: () => T): T {
    const started = performance.now();
    const result = body();
    this.msPerItem = (this.msPerItem + (performance.now() - started) / items) / 2;
    return result;
  }
}
