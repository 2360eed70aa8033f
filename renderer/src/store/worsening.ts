import type { BoardRow } from '../../../shared/contract';
import type { RowTransaction } from './boardStore';
import { rowState, severity } from '../../../shared/board/urgency';

/**
 * Remembers each row's severity so a row flashes exactly once when it gets
 * worse (a delta, or a deadline passing), never on every tick.
 */
export class WorseningTracker {
  private readonly seen = new Map<string, number>();

  /** Keys of rows that are worse than last time; rows seen for the first time are not. */
  observe(rows: Iterable<BoardRow>, now: number): string[] {
    const worse: string[] = [];
    const present = new Set<string>();
    for (const row of rows) {
      present.add(row.key);
      this.record(row, now, worse);
    }
    for (const key of this.seen.keys()) if (!present.has(key)) this.seen.delete(key);
    return worse;
  }

  /**
   * The same for one grid transaction: only its rows can have changed since the
   * last look, so a board of thousands is not walked for every delta (time
   * passing is the ticker's full `observe`).
   */
  observeTransaction(tx: RowTransaction, now: number): string[] {
    const worse: string[] = [];
    for (const row of tx.remove) this.seen.delete(row.key);
    for (const row of tx.add) this.record(row, now, worse);
    for (const row of tx.update) this.record(row, now, worse);
    return worse;
  }

  private record(row: BoardRow, now: number, worse: string[]): void {
    const level = severity(rowState(row, now));
    const before = this.seen.get(row.key);
    if (before !== undefined && level > before) worse.push(row.key);
    this.seen.set(row.key, level);
  }
}
