import type { BoardRow } from '../../../shared/contract';
import type { RowTransaction } from './boardStore';
import { nextStateChangeAt, rowState, severity } from '../../../shared/board/urgency';

interface Seen {
  row: BoardRow;
  level: number;
  /** When it is queued to be looked at again (+Infinity: never by time alone). */
  at: number;
}

interface Due {
  at: number;
  key: string;
  row: BoardRow;
}

/**
 * Remembers each row's severity so a row flashes exactly once when it gets
 * worse (a delta, or a deadline passing), never on every tick. Time passing
 * looks only at the rows whose state can have changed since the last look: each
 * row is queued at the next instant its state may change (`nextStateChangeAt`).
 * Walking all 10,000 rows of a board every second was a long task of its own
 * during a scroll (246 ms of a 3 s fling's main thread, profiled under load).
 */
export class WorseningTracker {
  private readonly seen = new Map<string, Seen>();
  /** A binary min-heap on `at`; an entry that is no longer its row's `Seen` is stale and skipped. */
  private readonly due: Due[] = [];

  /** Entries in the time queue, stale ones included (bounded by about twice the rows held). */
  get queued(): number {
    return this.due.length;
  }

  /** Keys of rows that are worse than last time; rows seen for the first time are not. */
  observe(rows: Iterable<BoardRow>, now: number): string[] {
    const worse: string[] = [];
    const present = new Set<string>();
    this.due.length = 0;
    for (const row of rows) {
      present.add(row.key);
      this.record(row, now, worse, true);
    }
    for (const key of this.seen.keys()) if (!present.has(key)) this.seen.delete(key);
    return worse;
  }

  /** The same when only time moved on: the rows whose state may have changed by `now`. */
  observeTime(now: number): string[] {
    const worse: string[] = [];
    while (this.due.length > 0 && this.due[0]!.at <= now) {
      const { key, row, at } = this.pop();
      const seen = this.seen.get(key);
      if (seen?.row === row && seen.at === at) this.record(row, now, worse, true);
    }
    return worse;
  }

  /**
   * The same for one grid transaction: only its rows can have changed since the
   * last look, so a board of thousands is not walked for every delta.
   */
  observeTransaction(tx: RowTransaction, now: number): string[] {
    const worse: string[] = [];
    for (const row of tx.remove) this.seen.delete(row.key);
    for (const row of tx.add) this.record(row, now, worse);
    for (const row of tx.update) this.record(row, now, worse);
    return worse;
  }

  /** `requeue`: its queue entry is gone (taken, or the queue emptied), so it is queued again even at the same instant. */
  private record(row: BoardRow, now: number, worse: string[], requeue = false): void {
    const level = severity(rowState(row, now));
    const at = nextStateChangeAt(row, now);
    const before = this.seen.get(row.key);
    if (before !== undefined && level > before.level) worse.push(row.key);
    if (before !== undefined && before.row === row && before.at === at && !requeue) {
      before.level = level;
      return;
    }
    this.seen.set(row.key, { row, level, at });
    if (at !== Number.POSITIVE_INFINITY) this.push({ at, key: row.key, row });
  }

  private push(entry: Due): void {
    // Every update queues its row anew; the stale entries go once they outnumber the live ones.
    if (this.due.length > 2 * this.seen.size + 1024) this.compact();
    const heap = this.due;
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= entry.at) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  private compact(): void {
    const live = this.due.filter((entry) => {
      const seen = this.seen.get(entry.key);
      return seen?.row === entry.row && seen.at === entry.at;
    });
    this.due.length = 0;
    for (const entry of live) this.push(entry);
  }

  private pop(): Due {
    const heap = this.due;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const child = left + 1 < heap.length && heap[left + 1]!.at < heap[left]!.at ? left + 1 : left;
        if (heap[child]!.at >= last.at) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
