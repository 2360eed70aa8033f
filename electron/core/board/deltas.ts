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

/**
 * Rows one push carries at most; more touched at once go out over the next
 * turns. The risk watch's first pass after a start touches every row a screen
 * holds: one push of a few thousand rows was 52 ms of the page's validation
 * and 30 ms of its grid (a task of 87 ms while the lists streamed in, traced).
 * A live trickle touches far fewer per turn.
 */
export const MAX_ROWS_PER_PUSH = 250;

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
    if (keys.length === 0) return;
    for (const key of keys) this.pending.add(key);
    this.flushTimer ??= this.timers.set(() => this.flush(), COALESCE_MS);
  }

  /**
   * Tickets whose rows may have moved with time alone (the risk watch), of
   * those a screen was given, by a list or a push: a row no screen holds goes
   * out as it is whenever one lists it. After a start the watch's first pass
   * sent every row that has a risk, whole, while the screens were still
   * loading them page by page: 30 MB of deltas in the 15 s after a cold start
   * on 10,000 open tickets (bench/coldstart.ts, logged).
   */
  touchHeld(keys: readonly string[]): void {
    this.touch(keys.filter((key) => this.sent.has(key)));
  }

  /**
   * Rows a screen was just given by a list (`board:list`, at the current
   * time): a screen holds them now, so a later change goes as a patch laid
   * over them, and a touch that changes nothing sends nothing. A row sent
   * already is kept: what the screens heard last is what patches are taken
   * against.
   */
  listed(rows: readonly BoardRow[]): void {
    for (const row of rows) if (!this.sent.has(row.key)) this.sent.set(row.key, row);
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
    const keys: string[] = [];
    for (const key of this.pending) {
      if (keys.length === MAX_ROWS_PER_PUSH) break;
      keys.push(key);
    }
    for (const key of keys) {
      this.pending.delete(key);
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
    if (this.pending.size > 0) this.flushTimer = this.timers.set(() => this.flush(), COALESCE_MS);
    if (upserts.length > 0 || patches.length > 0 || removes.length > 0) this.options.publish({ at: this.options.now(), upserts, patches, removes });
  }
}
