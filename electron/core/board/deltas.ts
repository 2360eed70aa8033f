import type { BoardDelta, BoardRow, BoardRowPatch } from '../../../shared/contract';
import { isEmptyPatch, rowPatch } from '../../../shared/board/patch';
import type { Engine } from '../ingest/engine';
import { currentRow } from './rows';
import { NODE_TIMERS, type Timers } from '../timers';

/**
 * Changes are gathered until the event loop's next turn, then go out as one
 * delta: the writer commits a live trickle in units already (one commit, one
 * set of changed tickets), and the renderer applies whatever arrived within a
 * display frame as one grid transaction. A fixed 50 ms wait here was most of
 * an event's way to the screen (p50 82 ms at 1,000 events/s).
 */
const COALESCE_MS = 0;

interface Options {
  engine: Engine;
  now(): number;
  publish(delta: BoardDelta): void;
  timers?: Timers;
}

/**
 * Turns changed tickets (new events, acknowledged reports, clocks crossing a
 * warning or deadline) into `board:delta` pushes of their new rows, coalesced,
 * so boards update as row deltas and never reload. Rows come from the
 * evaluation each change already made. A row goes whole the first time, then
 * as a patch of what changed since the row last sent (shared/board/patch.ts):
 * building, validating and encoding whole rows was a fifth of the core's main
 * thread at 1,000 events/s, and decoding and validating them the renderer's
 * largest cost after the grid (profiled). A screen that connects later loads
 * its boards (`board:list`) before it applies deltas, so it holds every row a
 * patch is laid over.
 */
export class BoardDeltas {
  private readonly pending = new Set<string>();
  /** The row each open ticket on a board was last sent as: what the next patch is taken against. */
  private readonly sent = new Map<string, BoardRow>();
  private flushTimer: unknown = null;
  private readonly timers: Timers;

  constructor(private readonly options: Options) {
    this.timers = options.timers ?? NODE_TIMERS;
  }

  touch(keys: readonly string[]): void {
    for (const key of keys) this.pending.add(key);
    this.flushTimer ??= this.timers.set(() => this.flush(), COALESCE_MS);
  }

  stop(): void {
    if (this.flushTimer !== null) this.timers.clear(this.flushTimer);
    this.flushTimer = null;
  }

  private flush(): void {
    this.flushTimer = null;
    const { engine } = this.options;
    const upserts: BoardRow[] = [];
    const patches: BoardRowPatch[] = [];
    const removes: string[] = [];
    for (const key of this.pending) {
      const state = engine.openTicket(key);
      const row = state ? currentRow(engine, state) : null;
      if (!row || row.boards.length === 0) {
        removes.push(key);
        this.sent.delete(key);
        continue;
      }
      const last = this.sent.get(key);
      const patch = last ? rowPatch(last, row) : null;
      this.sent.set(key, row);
      if (!patch) upserts.push(row);
      else if (!isEmptyPatch(patch)) patches.push(patch);
    }
    this.pending.clear();
    if (upserts.length > 0 || patches.length > 0 || removes.length > 0) this.options.publish({ at: this.options.now(), upserts, patches, removes });
  }
}
