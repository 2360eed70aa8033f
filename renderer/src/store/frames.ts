import type { BoardDelta, BoardRow, BoardRowPatch } from '../../../shared/contract';
import { patchedRow } from '../../../shared/board/patch';

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
 * applies it). A patch lays over the row or patch before it; a patch to a
 * ticket held in none of them stays a patch, for the store's row.
 */
export function mergeDeltas(deltas: readonly BoardDelta[]): BoardDelta {
  if (deltas.length === 1) return deltas[0]!;
  const latest = new Map<string, { row: BoardRow } | { patch: BoardRowPatch } | null>();
  let at = 0;
  for (const delta of deltas) {
    at = Math.max(at, delta.at);
    for (const row of delta.upserts) {
      latest.delete(row.key);
      latest.set(row.key, { row });
    }
    for (const patch of delta.patches) {
      const before = latest.get(patch.key);
      // A patch after a removal has no row to change: the sender sends a returning row whole.
      if (before === null) continue;
      latest.delete(patch.key);
      if (before === undefined) latest.set(patch.key, { patch });
      else if ('row' in before) {
        const row = patchedRow(before.row, patch);
        latest.set(patch.key, row ? { row } : { patch });
      } else latest.set(patch.key, { patch: patchedRow(before.patch, patch) ?? patch });
    }
    for (const key of delta.removes) {
      latest.delete(key);
      latest.set(key, null);
    }
  }
  const upserts: BoardRow[] = [];
  const patches: BoardRowPatch[] = [];
  const removes: string[] = [];
  for (const [key, change] of latest) {
    if (change === null) removes.push(key);
    else if ('row' in change) upserts.push(change.row);
    else patches.push(change.patch);
  }
  return { at, upserts, patches, removes };
}

/**
 * Deltas gathered until `schedule` runs its callback and applied then as one
 * (`merge`). Board deltas wait for the next display frame: one grid
 * transaction and one re-render of the counts per frame, however many pushes
 * arrived in it (at 1,000 events/s a push every few milliseconds), and no
 * fixed wait on top of the frame itself.
 */
export class DeltaBatcher<D> {
  private pending: D[] = [];

  constructor(
    private readonly schedule: RequestFrame,
    private readonly apply: (delta: D) => void,
    private readonly merge: (deltas: readonly D[]) => D,
  ) {}

  push(delta: D): void {
    if (this.pending.push(delta) === 1) this.schedule(() => this.flush());
  }

  /** Applies what waits now: a snapshot received after these deltas must not be overtaken by them. */
  flush(): void {
    if (this.pending.length === 0) return;
    const deltas = this.pending;
    this.pending = [];
    this.apply(this.merge(deltas));
  }
}

/**
 * How often the views that look through every row or every alarm follow
 * changes: the alarms (the desk's filtered view, the loudest, the next sound),
 * the state counts, the filter's choices. Each look goes through everything
 * held; with 45,000 alarms on 10,000 rows, following every display frame's
 * delta and every alarm push (one per 50 ms) took most of the renderer's main
 * thread at 1,000 events/s, and the board's own deltas queued behind it for
 * seconds (profiled). A quarter second is well within the second in which an
 * acknowledgement must stop an alarm everywhere.
 */
export const SUMMARY_MS = 250;

export const summaryTicks = (): RequestFrame => (callback) => void setTimeout(callback, SUMMARY_MS);
