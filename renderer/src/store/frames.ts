import type { BoardDelta, BoardRow } from '../../../shared/contract';

/** Runs a callback once, at the next display frame. */
export type RequestFrame = (callback: () => void) => void;

let inDisplayFrame = false;

/**
 * Whether the code running now was called from a display frame's callback:
 * what it changes in the DOM is painted when this callback returns, not a
 * frame later.
 */
export function runningInDisplayFrame(): boolean {
  return inDisplayFrame;
}

/**
 * The browser's frames (requestAnimationFrame). A window that draws no frames
 * (hidden, minimised) still runs the callback after `fallbackMs`, so its
 * boards stay current and nothing piles up while nobody looks.
 */
export function displayFrames(fallbackMs = 250): RequestFrame {
  return (callback) => {
    let done = false;
    const run = (fromFrame: boolean) => {
      if (done) return;
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      inDisplayFrame = fromFrame;
      try {
        callback();
      } finally {
        inDisplayFrame = false;
      }
    };
    const frame = requestAnimationFrame(() => run(true));
    const timer = setTimeout(() => run(false), fallbackMs);
  };
}

/**
 * Deltas received one after another as one: each ticket's latest row, or its
 * removal when that came last (within one delta a removal wins, as the store
 * applies it).
 */
export function mergeDeltas(deltas: readonly BoardDelta[]): BoardDelta {
  if (deltas.length === 1) return deltas[0]!;
  const latest = new Map<string, BoardRow | null>();
  let at = 0;
  for (const delta of deltas) {
    at = Math.max(at, delta.at);
    for (const row of delta.upserts) {
      latest.delete(row.key);
      latest.set(row.key, row);
    }
    for (const key of delta.removes) {
      latest.delete(key);
      latest.set(key, null);
    }
  }
  const upserts: BoardRow[] = [];
  const removes: string[] = [];
  for (const [key, row] of latest) {
    if (row) upserts.push(row);
    else removes.push(key);
  }
  return { at, upserts, removes };
}

/**
 * Board deltas gathered until the next display frame and applied there as one:
 * one grid transaction and one re-render of the counts per frame, however many
 * pushes arrived in it (at 1,000 events/s a push every few milliseconds), and
 * no fixed wait on top of the frame itself.
 */
export class DeltaBatcher {
  private pending: BoardDelta[] = [];

  constructor(
    private readonly requestFrame: RequestFrame,
    private readonly apply: (delta: BoardDelta) => void,
  ) {}

  push(delta: BoardDelta): void {
    if (this.pending.push(delta) === 1) this.requestFrame(() => this.flush());
  }

  /** Applies what waits now: a snapshot received after these deltas must not be overtaken by them. */
  flush(): void {
    if (this.pending.length === 0) return;
    const deltas = this.pending;
    this.pending = [];
    this.apply(mergeDeltas(deltas));
  }
}
