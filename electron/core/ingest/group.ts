// The group commit: one write transaction that spans several time-boxed slices,
// and several wire batches while more are queued.
//
// A group commits once it holds GROUP_EVENTS events or has been open GROUP_MS:
// each commit writes every touched page once, and each ticket's projection is
// written once per group (the engine holds it back until the flush before the
// commit), so bigger groups write far less (ingest measured 9,500 / 12,600 /
// 15,900 events/s with groups of 100 ms / 500 ms / 1 s), while a crash still
// loses only the last second, which the source sends again (each slice's
// `since` is in the group).
//
// This is the one deliberate exception to "never await inside a transaction":
// one transaction per slice kept the event loop responsive but spent most of
// ingest in commits. Interleaving is safe because every writer that must be
// durable before acting (the outbox before it sends, rebuild, close) settles the
// group first (`settle()` or `commit()`), and other writes joining the group
// need no durability of their own.
import type Database from 'better-sqlite3';
import { FIRST_MS_PER_TICKET, SliceSizer, yieldToEventLoop } from './slices';

const GROUP_EVENTS = 50_000;
const GROUP_MS = 1000;

export interface GroupHooks {
  /** Writes up to `budget` of what was held back for the commit (Infinity: all of it). */
  flush(budget: number): void;
  /** How much `flush` still has to write. */
  pending(): number;
  /** SQLite rolled the group back: whatever was kept of its writes is to be forgotten. */
  lost(): void;
}

export class WriteGroup {
  private current: { startedAt: number; events: number } | null = null;
  /** Commits a group left open for batches that were queued, should none of them come. */
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timedFailure: Error | null = null;
  private readonly flushes: SliceSizer;

  constructor(
    private readonly db: Database.Database,
    private readonly hooks: GroupHooks,
    maxSlice: number,
  ) {
    this.flushes = new SliceSizer(maxSlice, FIRST_MS_PER_TICKET);
  }

  get isOpen(): boolean {
    return this.current !== null;
  }

  /** Opens the group transaction unless one is open, and counts `events` into it. */
  join(events = 0): void {
    if (this.current === null) {
      // IMMEDIATE: the write lock is taken (waiting out busy_timeout) now, not on a first write that could fail.
      this.db.exec('BEGIN IMMEDIATE');
      this.current = { startedAt: performance.now(), events: 0 };
    }
    this.current.events += events;
  }

  /** Whether the open group has reached its size or age. Elapsed time only decides when to commit: nothing stored depends on it. */
  get full(): boolean {
    return this.current !== null && (this.current.events >= GROUP_EVENTS || performance.now() - this.current.startedAt >= GROUP_MS);
  }

  /** Makes everything applied so far durable: flushes and commits the open group, if any. */
  commit(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.current === null) return;
    this.current = null;
    // SQLite rolls a transaction back by itself on some errors (a full disk, I/O): the group is lost.
    if (!this.db.inTransaction) return this.hooks.lost();
    try {
      this.hooks.flush(Infinity);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.hooks.lost();
      throw error;
    }
  }

  /** `commit()` without holding the event loop: what was held back is written a time-boxed slice at a time first. */
  async settle(): Promise<void> {
    while (this.current !== null && this.hooks.pending() > 0) {
      await yieldToEventLoop();
      // Another caller may have committed (and so flushed) the group during the yield.
      if (this.current === null) return;
      const size = Math.min(this.flushes.next(), this.hooks.pending());
      this.flushes.measure(size, () => this.hooks.flush(size));
    }
    // A tick of its own: the commit (and the WAL it writes) does not add to the last flush's.
    if (this.current !== null) await yieldToEventLoop();
    this.commit();
  }

  /** Commits the open group once it has been open GROUP_MS, unless something commits it first. */
  commitLater(): void {
    if (this.current === null || this.timer !== null) return;
    const wait = Math.max(0, GROUP_MS - (performance.now() - this.current.startedAt));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.settle().catch((error: unknown) => {
        this.timedFailure = error instanceof Error ? error : new Error(String(error));
      });
    }, wait);
  }

  /** Throws why the last timed commit failed, once, so the next ingest reports it. */
  throwTimedFailure(): void {
    const failure = this.timedFailure;
    this.timedFailure = null;
    if (failure) throw failure;
  }
}
